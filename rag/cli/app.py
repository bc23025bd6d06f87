"""The `rag` Typer app and what every command shares: the consoles, the -k and --doc
options, and the Assistant with its errors shown as one line. The commands themselves
live in the modules beside this one.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Optional

import typer

from rag.cli.help import EPILOG, Group
from rag.errors import RagError

# Imports stay inside the commands that need them: `rag --help` loads neither rich nor
# pydantic nor the pipeline (see BENCHMARKS.md, "Start-up").
app = typer.Typer(
    cls=Group,
    help="Ask questions of a corpus of articles and get answers that cite the exact passages.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help (see rag.cli.help)
)


def _version(show: bool) -> None:
    if show:
        from rag import __version__

        sys.stdout.write(f"rag {__version__}\n")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    pass


class LazyConsole:
    """A rich Console made on first use, so `rag --help` never imports rich."""

    def __init__(self, **options) -> None:
        self._options = options
        self._console = None

    def get(self):
        if self._console is None:
            from rich.console import Console

            self._console = Console(soft_wrap=True, **self._options)  # no hard line breaks: quotes stay copyable
        return self._console

    def __getattr__(self, name: str):
        return getattr(self.get(), name)


out = LazyConsole()
err = LazyConsole(stderr=True)


def escape(text: str) -> str:
    """Text shown as it is, never read as rich markup."""
    from rich.markup import escape as escape_markup

    return escape_markup(text)


KOption = Annotated[Optional[int], typer.Option("-k", "--top-k", min=1, max=50, metavar="N", help="Passages to retrieve and answer from (default: RAG_TOP_K, 5).")]
DocsOption = Annotated[Optional[list[str]], typer.Option("--doc", metavar="DOC_ID", help="Only search this article (repeatable; `rag sources` lists the doc_ids).")]


@contextmanager
def open_assistant(create: bool = False, json_errors: bool = False, lazy: bool = False) -> Iterator:
    """The Assistant; a RagError becomes a message on stderr (or, with `json_errors`, the
    API's error object on stdout) and exit status 1. With `lazy`, for commands that only
    read the catalog, Chroma and the embedding model are not loaded unless used."""
    from rag.assistant import Assistant

    assistant = None
    try:
        if lazy:
            assistant = Assistant.from_settings(create=create, lazy=True)
        else:
            with err.status("Loading the index and the embedding model…"):
                assistant = Assistant.from_settings(create=create)
        yield assistant
    except RagError as e:
        if json_errors:
            sys.stdout.write(json.dumps(e.body(), ensure_ascii=False) + "\n")  # the API's shape
            raise typer.Exit(1) from None
        err.print(f"[red]Error:[/red] {escape(e.message)}")
        if e.hint:
            err.print(f"[dim]{escape(e.hint)}[/dim]")
        raise typer.Exit(1) from None
    finally:
        if assistant:
            assistant.close()

