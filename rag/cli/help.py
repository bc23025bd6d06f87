"""How `rag --help` reads: plain text in click's layout, like the README, and quick.

Typer's own help labels every parameter with its Python type (`<bool>`, `<list[Path]>`,
`<int range>`) and, in its rich mode, imports a Markdown renderer on every `--help`
(a few hundred milliseconds). Here a parameter is named by what it takes (QUESTION,
PATH, N), a flag by nothing, and a command may end with where things live and examples
(its epilog, kept line by line).

Nothing here imports rich, pydantic or the pipeline: `rag --help` stays fast.
"""

from __future__ import annotations

from typer.core import TyperCommand, TyperGroup

# The end of `rag --help`. A paragraph that opens with \b keeps its line breaks.
EPILOG = """\
The index lives in the data directory, RAG_DATA_DIR: .rag in the current directory
unless set, so run rag from the same folder each time or set RAG_DATA_DIR. Settings
come from the environment (RAG_*) and from a .env file in the current directory;
`rag settings` shows them all with their values. Answers are extractive (offline) by default; with
RAG_BACKEND=openai and OPENAI_API_KEY (or RAG_OPENAI_BASE_URL for any OpenAI-compatible
server) an LLM writes them, and every sentence is checked against the passage it cites.

\b
Examples:
  rag ingest seeds/                           add or update articles
  rag ask "Where did Putin and Sharif meet?"  an answer and its sources
  rag ask --json -k 8 "..."                   the Answer as JSON
  rag chat                                    one question after another
  rag sources --find astana                   what is in the index
  rag serve                                   the HTTP API on port 8000
  rag ui                                      the chat UI on port 8501

Run `rag COMMAND --help` for a command's options.
"""


def _name_values(params: list) -> None:
    """An option that takes a value and has no metavar is shown with its name (--port
    PORT), as click does, not Typer's type label (--port <int>)."""
    for param in params:
        if param.param_type_name == "option" and param.metavar is None and not param.is_flag and not param.count:
            param.metavar = param.name.upper()


def _argument(param, usage: bool) -> str:
    name = param.metavar or param.name.upper()
    if usage and not param.required:
        name = f"[{name}]"
    return name + ("..." if param.nargs != 1 else "")


class Command(TyperCommand):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _name_values(self.params)

    def collect_usage_pieces(self, ctx) -> list[str]:
        # "QUESTION", "[PATH]...", as click writes them (Typer writes "{question}")
        arguments = [_argument(p, usage=True) for p in self.get_params(ctx) if p.param_type_name == "argument"]
        return [self.options_metavar, *arguments] if self.options_metavar else arguments

    def format_options(self, ctx, formatter) -> None:
        params = [p for p in self.get_params(ctx) if not getattr(p, "hidden", False)]
        arguments = [(_argument(p, usage=False), getattr(p, "help", None) or "") for p in params if p.param_type_name == "argument"]
        options = [row for p in params if p.param_type_name == "option" and (row := p.get_help_record(ctx))]
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class Group(TyperGroup):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _name_values(self.params)

    def get_help_option(self, ctx):
        # Unset, Typer's --help is None rather than False, and reading None as a bool
        # imports pydantic: a tenth of a second on every `rag COMMAND --help`.
        option = super().get_help_option(ctx)
        if option is not None and option.default is None:
            option.default = False
        return option
