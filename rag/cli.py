"""`rag`: the command line, a thin shell over `rag.Assistant`.

Every foreseeable fault is a `RagError`, printed as one line (plus a hint) with a non-zero
exit status; no traceback reaches the user for those.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rag.cli_help import EPILOG, Command, Group
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
    rich_markup_mode=None,  # plain help (see rag.cli_help)
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


class _Console:
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


out = _Console()
err = _Console(stderr=True)


def escape(text: str) -> str:
    """Text shown as it is, never read as rich markup."""
    from rich.markup import escape as escape_markup

    return escape_markup(text)


KOption = Annotated[Optional[int], typer.Option("-k", "--top-k", min=1, max=50, metavar="N", help="Passages to retrieve (default: RAG_TOP_K, 5).")]
DocsOption = Annotated[Optional[list[str]], typer.Option("--doc", metavar="DOC_ID", help="Only search this article (repeatable; `rag sources` lists the doc_ids).")]


@contextmanager
def _assistant(create: bool = False, json_errors: bool = False, lazy: bool = False) -> Iterator:
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


@app.command(cls=Command, short_help="Add or update articles (.txt, .md, .html, .pdf).", epilog="""\
Folders are read recursively (hidden files skipped). The index is in RAG_DATA_DIR (.rag
in the current directory unless set). When the settings name another embedding model or
chunking, a new index is built beside the old one, which answers until it is complete.

\b
Examples:
  rag ingest                       seeds/
  rag ingest ~/articles report.pdf
  rag ingest ~/articles --prune    and drop the articles whose files were deleted
""")
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(metavar="PATH", help="Files or folders (default: seeds/).")] = None,
    prune: Annotated[bool, typer.Option("--prune", help="Remove the articles under PATH whose files are gone.")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Drop the index being built and build it from scratch.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before --prune removes more than a few articles.")] = False,
) -> None:
    """Add or update articles (.txt, .md, .html, .pdf); unchanged files are skipped."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from rag.load import discover

    paths = paths or [Path("seeds")]
    with _assistant(create=True) as assistant:
        if prune:
            _confirm_prune(assistant, paths, ask=not yes and sys.stdin.isatty())
        files = assistant.files_to_ingest(discover(paths))
        progress = Progress(
            TextColumn("Ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.description}"), console=err.get(), transient=True,
            disable=len(files) < 2,
        )

        def on_file(path: Path, outcome: str) -> None:
            progress.update(task, advance=1, description=escape(path.name))

        def on_busy() -> None:
            progress.console.print("Another process is writing to this index; waiting for it to finish (Ctrl-C to stop).")

        try:
            with progress:
                task = progress.add_task("", total=len(files))
                report = assistant.ingest(paths, prune=prune, rebuild=rebuild, on_file=on_file, files=files, on_busy=on_busy)
        except KeyboardInterrupt:
            err.print("[yellow]Interrupted.[/yellow] Articles finished so far are in the index; run the same command again to finish.")
            raise typer.Exit(130) from None
        for path, reason in report.failed:
            err.print(f"[red]failed[/red] {escape(path)}: {escape(reason)}")
        articles, chunks = assistant.catalog.counts()
        if report.switched_from:
            out.print(f"The settings name another embedding model or chunking, so a new index ({assistant.key}) "
                      f"was built beside the old one ({report.switched_from}), which served until now. "
                      "The old one is kept; `rag indexes --prune` deletes it.")
        out.print(f"{report.summary()}. Index: {articles} articles, {chunks} chunks.")
        if not report.ok:
            raise typer.Exit(1)


# --prune names what it removes when it is more than this many, and asks first (in a terminal).
PRUNE_QUIETLY = 3
PRUNE_SHOWN = 20


def _confirm_prune(assistant, paths: list[Path], ask: bool) -> None:
    for path in paths:
        if not path.exists():
            err.print(f"[yellow]{escape(str(path))} is missing:[/yellow] nothing under it is pruned "
                      "(prune from a folder that holds it to drop its articles).")
    gone = assistant.to_prune(paths)
    if len(gone) <= PRUNE_QUIETLY:
        return
    err.print(f"{len(gone)} articles under {escape(', '.join(map(str, paths)))} have lost their files and will be removed:")
    for path in gone[:PRUNE_SHOWN]:
        err.print(f"  {escape(path)}")
    if len(gone) > PRUNE_SHOWN:
        err.print(f"  … and {len(gone) - PRUNE_SHOWN} more")
    if ask and not typer.confirm("Remove them?", default=False, err=True):
        raise typer.Exit(1)


@app.command(cls=Command, short_help="Answer a question, citing the passages.", epilog="""\
Every sentence cites [n] a passage; the sources show each one's article, character
offsets and quote. When the articles do not answer, it says so and shows the closest
passages. With RAG_BACKEND=openai an LLM writes the answer (streamed, then checked).

\b
Examples:
  rag ask "What happened to Russian oil shipments to Pakistan?"
  rag ask --json -k 8 "Where did Putin and Sharif meet?"
  rag ask --doc DOC_ID "Who is the new ambassador?"    one article only
""")
def ask(
    question: Annotated[str, typer.Argument(metavar="QUESTION", help="Your question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the Answer as one JSON object.")] = False,
    k: KOption = None,
    doc: DocsOption = None,
) -> None:
    """Answer a question from the ingested articles, with numbered citations."""
    with _assistant(json_errors=as_json) as assistant:
        if as_json:
            answer = assistant.ask(question, k=k, documents=doc)
            sys.stdout.write(json.dumps(answer.to_dict(), ensure_ascii=False) + "\n")
        else:
            _print_answer(_streamed(assistant.stream(question, k=k, documents=doc)))


@app.command(cls=Command, short_help="Ask one question after another; follow-ups keep the topic.")
def chat(k: KOption = None, doc: DocsOption = None) -> None:
    """Ask one question after another in the terminal (empty line or Ctrl-D to quit)."""
    from rag.followup import recent

    with _assistant() as assistant:
        out.print("[dim]Ask about the articles; follow-up questions keep the topic. Empty line or Ctrl-D to quit.[/dim]")
        history: list[tuple[str, str]] = []
        while True:
            try:
                question = out.input("[bold]> [/bold]").strip()
            except (EOFError, KeyboardInterrupt):
                out.print()
                break
            if not question:
                break
            try:
                answer = _streamed(assistant.stream(question, k=k, documents=doc, history=history))
            except RagError as e:
                err.print(f"[red]Error:[/red] {escape(str(e))}")
                continue
            _print_answer(answer)
            history = recent([*history, ("user", answer.question), ("assistant", answer.answer)])


@app.command(cls=Command, short_help="List the ingested articles and their doc_ids.")
def sources(
    find: Annotated[Optional[str], typer.Option("--find", metavar="TEXT", help="Only articles whose title or path holds this text.")] = None,
    limit: Annotated[int, typer.Option(min=0, metavar="N", help="Show at most this many (0: all).")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the ingested articles (their doc_ids are what --doc takes)."""
    from dataclasses import asdict

    with _assistant(lazy=True) as assistant:  # the catalog is enough: no model, no Chroma
        items = assistant.sources(find, limit or None)
        total = assistant.count_articles(find)
        more = f"{len(items)} of {total} articles; --find TEXT narrows the list, --limit 0 shows all."
        if as_json:
            sys.stdout.write(json.dumps([asdict(s) for s in items], ensure_ascii=False) + "\n")
            if total > len(items):
                err.print(f"[dim]{more}[/dim]")
            return
        if not items:
            out.print(f"No article matches '{escape(find)}'." if find else "No articles yet. Run `rag ingest`.")
            return
        # Not a table: in a narrow terminal its columns would break the doc_id (which --doc
        # takes) and the title over many lines.
        for s in items:
            out.print(f"[bold]{s.doc_id}[/bold]  [dim]{s.chunks} chunks[/dim]")
            out.print(f"  {escape(s.title)}  [dim]{escape(s.source)}[/dim]")
        if total > len(items):
            out.print(f"[dim]{more}[/dim]")


@app.command(cls=Command, short_help="List the indexes: one per embedding model and chunking.")
def indexes(
    prune: Annotated[bool, typer.Option("--prune", help="Delete retired indexes (not the serving one, not unfinished builds).")] = False,
) -> None:
    """List the indexes in the data directory: one per embedding model and chunking."""
    with _assistant(lazy=True) as assistant:
        if prune:
            pruned = assistant.prune_indexes()
            out.print(f"Deleted {len(pruned)} retired index(es){': ' + ', '.join(pruned) if pruned else ''}.")
        found = assistant.all_indexes()
        if prune and (kept := [i.key for i in found if i.state == "retired"]):
            out.print(f"Kept {', '.join(kept)}: in use by another process (an ingest?); prune again later.")
        for i in found:
            out.print(f"[bold]{i.key}[/bold]  {i.state}  [dim]{i.articles} articles, {i.chunks} chunks[/dim]")
            out.print(f"  {escape(i.embed_model)}, chunks of {i.chunk_size} tokens overlapping {i.chunk_overlap}")
        out.print("[dim]serving: answers questions. retired: served before (rag indexes --prune deletes it). "
                  "unfinished: a build beside the serving one; the next `rag ingest` with its settings resumes it.[/dim]")


# How long `rag serve` keeps an idle connection open. uvicorn's default (5 s) equals the
# idle expiry of httpx's pools (the openai client's and RemoteAssistant's): a client that
# reuses a connection just as the server closes it gets "connection reset", a broken
# request the server never saw and so never logs, more often the busier the server (its
# timer fires late, after the request has arrived). Outlasting the clients' pools (httpx
# 5 s, aiohttp 15 s) and a proxy's usual 60 s leaves the closing to them.
KEEP_ALIVE_SECONDS = 75


class LogLevel(str, Enum):
    DEBUG = "DEBUG"
    INFO = "INFO"
    WARNING = "WARNING"
    ERROR = "ERROR"


@app.command(cls=Command, short_help="Run the HTTP API (OpenAI-compatible too).", epilog="""\
With RAG_API_KEYS set (comma-separated), every /v1 call needs one, as
`Authorization: Bearer KEY` or `X-API-Key: KEY`. OpenAI clients use
base_url http://HOST:PORT/v1 and the model "rag".

\b
Examples:
  rag serve                          http://127.0.0.1:8000, docs at /docs
  rag serve --host 0.0.0.0 --port 9000
""")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for all).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    keep_alive: Annotated[int, typer.Option(help="Seconds an idle connection stays open; keep it above the idle "
                                                 "timeout of the clients and of any proxy in front.")] = KEEP_ALIVE_SECONDS,
    log_level: Annotated[LogLevel | None, typer.Option(case_sensitive=False, metavar="LEVEL", help="DEBUG, INFO (a JSON line per request on "
                                                  "stderr), WARNING or ERROR. Default: RAG_LOG_LEVEL, else INFO.")] = None,
) -> None:
    """Run the HTTP answer API: /v1/ask, /v1/chat, /v1/documents, OpenAI-compatible
    /v1/chat/completions; interactive docs at /docs, Prometheus metrics at /metrics."""
    import uvicorn

    from rag import observe
    from rag.api import create_app

    sock = _listen(host, port)
    with sock, _assistant(create=True) as assistant:
        observe.configure_logging(log_level.value if log_level else assistant.settings.log_level)
        server = uvicorn.Server(uvicorn.Config(create_app(assistant), host=host, port=port, log_level="warning",
                                                timeout_keep_alive=keep_alive))
        out.print(f"Serving on http://{host}:{port} (docs at /docs). Ctrl-C to stop.")
        server.run(sockets=[sock])


@app.command(cls=Command, short_help="Run the MCP server (stdio, or HTTP with --http).")
def mcp(
    http: Annotated[bool, typer.Option("--http", help="Serve streamable HTTP at http://HOST:PORT/mcp instead of stdio.")] = False,
    host: Annotated[str, typer.Option(help="With --http: interface to listen on (0.0.0.0 for all).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="With --http: port to listen on.")] = 8001,
) -> None:
    """Run the MCP server (Model Context Protocol) for MCP clients such as Claude Desktop:
    tools to ask (cited answers), search passages, list and read articles. Over stdio by
    default (the client starts `rag mcp` itself); with --http, streamable HTTP that needs a
    key from RAG_API_KEYS when keys are set, as `rag serve` does."""
    try:
        from rag.mcp_server import build_server, http_app
    except ModuleNotFoundError as e:
        if not (e.name or "").startswith("mcp"):
            raise
        err.print("[red]Error:[/red] the MCP server needs the `mcp` package (the official MCP SDK)")
        err.print("[dim]pip install -e '.[mcp]' in the project folder[/dim]")
        raise typer.Exit(1) from None
    with _assistant() as assistant:  # nothing ingested: says so on stderr and exits 1
        if not http:
            build_server(assistant).run("stdio")  # stdout is the protocol's: print nothing there
            return
        import uvicorn

        if not _is_loopback(host) and not assistant.settings.api_key_list:
            err.print(f"[yellow]Warning:[/yellow] the MCP server listens on {escape(host)} without keys: anyone who can "
                      "reach this machine can use it. Set RAG_API_KEYS to require one.")
        with _listen(host, port) as sock:
            server = uvicorn.Server(uvicorn.Config(http_app(assistant, host), host=host, port=port, log_level="warning"))
            out.print(f"MCP server on http://{host}:{port}/mcp (streamable HTTP). Ctrl-C to stop.")
            server.run(sockets=[sock])


def _listen(host: str, port: int):
    """A socket bound to HOST:PORT for uvicorn to serve on. Bound before the server says
    it serves (and, for `rag serve`, before the index loads): a taken port is one clear
    line and exit status 1, and no other program can take the port meanwhile."""
    import errno
    import socket

    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn: a closed server's port is free
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        if e.errno == errno.EADDRINUSE:
            err.print(f"[red]Error:[/red] port {port} is taken: another program listens on {escape(host)}:{port}")
            err.print("[dim]stop that program, or choose another port with --port[/dim]")
        else:  # a host name that does not resolve, an address not on this machine, a port below 1024...
            err.print(f"[red]Error:[/red] cannot listen on {escape(host)}:{port}: {escape(e.strerror or str(e))}")
        raise typer.Exit(1) from None
    sock.set_inheritable(True)
    return sock


@app.command(cls=Command, short_help="Open the chat UI in the browser (Streamlit).")
def ui(
    port: Annotated[int, typer.Option(help="Port for the web page.")] = 8501,
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for all: anyone who reaches it can use it).")] = "127.0.0.1",
) -> None:
    """Open the chat UI (Streamlit) at http://HOST:PORT. It asks for a key or password first
    when RAG_API_KEYS or RAG_UI_PASSWORD is set."""
    from importlib.resources import files

    app_file = Path(str(files("rag.ui") / "app.py"))  # ui/ in a checkout, installed as rag.ui
    if not _is_loopback(host):
        err.print(f"[yellow]Warning:[/yellow] the chat UI listens on {escape(host)}: anyone who can reach this machine "
                  "can open it, " + ("and it asks for a key or password first." if _ui_guarded()
                                      else "ask questions, upload and ingest. Set RAG_UI_PASSWORD (or RAG_API_KEYS) to require one."))
    command = [sys.executable, "-m", "streamlit", "run", str(app_file), "--server.port", str(port),
               "--server.address", host, "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--client.toolbarMode", "viewer"]  # readers get no "Deploy" button
    shown = "localhost" if _is_loopback(host) else host
    out.print(f"Chat UI on http://{shown}:{port} (Ctrl-C to stop)")
    # Streamlit takes this process's place, so a signal to `rag ui` (Ctrl-C, or a service
    # manager's SIGTERM) reaches Streamlit itself instead of leaving it running orphaned.
    os.execv(sys.executable, command)


def _is_loopback(host: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _ui_guarded() -> bool:
    """Whether the UI will ask for a key or password (a broken setting: the UI says so and stops)."""
    from pydantic import ValidationError

    from rag.config import Settings

    try:
        settings = Settings()
    except ValidationError:
        return True
    return bool(settings.api_key_list or settings.ui_password.get_secret_value())


eval_app = typer.Typer(cls=Group, rich_markup_mode=None,
                       help="Measure whether answers stay correct, cited and grounded (and fail a build when not).",
                       short_help="Measure answers against gold questions (--check for CI).")
app.add_typer(eval_app, name="eval")


@eval_app.callback(invoke_without_command=True)
def evaluate(
    ctx: typer.Context,
    cases: Annotated[Optional[list[Path]], typer.Option("--cases", metavar="FILE", help="Gold cases (JSONL); repeatable. Default: eval/gold.jsonl.")] = None,
    backend: Annotated[Optional[str], typer.Option(metavar="NAME", help="extractive or openai (default: RAG_BACKEND).")] = None,
    judge: Annotated[str, typer.Option(metavar="NAME", help="offline (the grounding check) or llm (RAG_LLM_MODEL at the OpenAI-compatible server).")] = "offline",
    out_dir: Annotated[Path, typer.Option("--out", metavar="DIR", help="Folder for results.json, report.md and plots.")] = Path("eval/out"),
    k: KOption = None,
    baseline: Annotated[Optional[Path], typer.Option(metavar="FILE", help="A previous results.json to compare with.")] = None,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 when a metric misses its threshold.")] = False,
    thresholds: Annotated[Path, typer.Option(metavar="FILE", help="Thresholds for --check (TOML).")] = Path("eval/thresholds.toml"),
    calibrate: Annotated[bool, typer.Option("--calibrate", help="Also measure the judge on labelled pairs built from the gold set.")] = False,
    sets: Annotated[Optional[list[str]], typer.Option("--set", metavar="NAME", help="A gold set of eval/sets.toml, each over its own corpus and index (repeatable, or 'all'); reports side by side.")] = None,
    sets_file: Annotated[Path, typer.Option("--sets-file", metavar="FILE", help="Where the gold sets are named.")] = Path("eval/sets.toml"),
) -> None:
    """Run the pipeline on the gold questions and report retrieval, correctness, citation
    recall/precision (ALCE), faithfulness, refusals and latency, overall and per category."""
    if ctx.invoked_subcommand:
        return
    from rich.progress import Progress

    from rag import evaluation, report
    from rag.judge import make_judge

    if sets:
        _evaluate_sets(sets, sets_file, backend, judge, out_dir, k, check, thresholds)
        return

    paths = cases or [Path("eval/gold.jsonl")]
    for path in [*paths, *([baseline] if baseline else []), *([thresholds] if check else [])]:
        if not path.exists():
            err.print(f"[red]Error:[/red] {escape(str(path))} does not exist")
            raise typer.Exit(1)
    with _assistant() as assistant:
        if backend:
            assistant.configure(backend=backend)
        gold = evaluation.load_cases(paths)
        the_judge = make_judge(judge, assistant.settings)
        with Progress(console=err.get(), transient=True) as progress:
            task = progress.add_task("Evaluating", total=len(gold))
            results = evaluation.run(assistant, gold, the_judge, k or assistant.settings.top_k,
                                     on_case=lambda case, record: progress.advance(task))
        results["backend"] = assistant.settings.backend
        if calibrate:
            results["calibration"] = evaluation.calibrate(gold, the_judge)
        previous = json.loads(baseline.read_text(encoding="utf-8")) if baseline else None
        written = report.write(results, out_dir, previous)
    overall = results["summary"]["overall"]
    out.print(f"Judge: {results['judge']}")
    for key, label in report.SHOWN:
        if key in overall:
            out.print(f"  {label:<22} {overall[key]}")
    if calibrate:
        out.print(f"  judge balanced accuracy {results['calibration']['balanced_accuracy']}")
    out.print(f"Report: {written}")
    if check:
        failures = report.check(results["summary"], thresholds)
        for failure in failures:
            err.print(f"[red]below threshold:[/red] {escape(failure)}")
        if failures:
            raise typer.Exit(1)
        out.print("All thresholds met.")


def _evaluate_sets(names: list[str], sets_file: Path, backend, judge: str, out_dir: Path, k, check: bool,
                   thresholds: Path) -> None:
    """`rag eval --set`: each set's corpus in an index of its own, reports side by side."""
    from rich.progress import Progress

    from rag import evaluation, report
    from rag.config import Settings

    if not sets_file.exists():
        err.print(f"[red]Error:[/red] {escape(str(sets_file))} does not exist")
        raise typer.Exit(1)
    known = evaluation.load_sets(sets_file)
    chosen = list(known) if "all" in names else names
    for name in chosen:
        if name not in known:
            err.print(f"[red]Error:[/red] no gold set '{escape(name)}' in {sets_file}; known: {', '.join(known)}")
            raise typer.Exit(1)
        if not Path(known[name]["corpus"]).exists():
            err.print(f"[red]Error:[/red] the corpus {known[name]['corpus']} of set '{name}' is missing. "
                      "Run: bash eval/corpora.sh")
            raise typer.Exit(1)
    base = Settings()
    summaries, failures = {}, []
    for name in chosen:
        with Progress(console=err.get(), transient=True) as progress:
            task = progress.add_task(f"Indexing and evaluating {name}", total=None)
            try:
                results = evaluation.run_set(name, known[name], evaluation.set_settings(base, name), judge, k, backend,
                                             on_case=lambda total, task=task: progress.update(task, total=total, advance=1))
            except RagError as e:
                err.print(f"[red]Error:[/red] {escape(e.message)}")
                raise typer.Exit(1) from None
        report.write(results, out_dir / name)
        summaries[name] = results["summary"]
        if check:
            failures += [f"{name}: {f}" for f in report.check(results["summary"], thresholds, section=name)]
    written = report.write_sets(summaries, known, out_dir)
    out.print(report.sets_table(summaries))
    out.print(f"Report: {written}")
    for failure in failures:
        err.print(f"[red]below threshold:[/red] {escape(failure)}")
    if failures:
        raise typer.Exit(1)
    if check:
        out.print("All thresholds met.")


@eval_app.command("generate", cls=Command, short_help="Draft gold cases from the ingested corpus, for review.")
def evaluate_generate(
    out_file: Annotated[Path, typer.Option("--out", metavar="FILE", help="Where to write the drafted cases (JSONL).")] = Path("eval/drafts.jsonl"),
    per_article: Annotated[int, typer.Option(min=1, metavar="N", help="Cases per article.")] = 5,
    use_llm: Annotated[bool, typer.Option("--llm", help="Have the configured LLM write the questions.")] = False,
) -> None:
    """Draft gold cases (question, key facts, gold passage) from the ingested corpus, for review."""
    from rag.evaluation import draft_cases

    with _assistant() as assistant:
        llm = None
        if use_llm:
            from rag.llm import LLM

            llm = LLM(assistant.settings)
        drafts = draft_cases(assistant, per_article, llm)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in drafts), encoding="utf-8")
    out.print(f"{len(drafts)} draft cases written to {out_file}; review them (every one is marked \"draft\": true).")


def _streamed(events):
    """Show the text live as it is written, then return the verified Answer (which is
    printed in its place: unverified sentences marked, citations renumbered)."""
    from rich.live import Live
    from rich.text import Text

    from rag.schema import Delta, Final

    text = ""
    with Live("", console=out.get(), transient=True, refresh_per_second=12) as live:
        for event in events:
            match event:
                case Delta(piece):
                    text += piece
                    live.update(Text(text, style="dim"))
                case Final(answer):
                    return answer
    raise RuntimeError("the answer stream ended without an Answer")


def _print_answer(answer) -> None:
    for warning in answer.warnings:
        err.print(f"[yellow]Note:[/yellow] {escape(warning)}")
    if answer.search_query and answer.search_query != answer.question:
        out.print(f"[dim]Searched for: {escape(answer.search_query)}[/dim]")  # a follow-up, made standalone
    if answer.refused or not answer.sentences:
        style = "yellow" if answer.refused else "bold"
        out.print(f"[{style}]{escape(answer.answer)}[/{style}]")
    else:
        parts = []
        for s in answer.sentences:
            marks = "".join(f"[{n}]" for n in s.citations)
            if s.supported:
                parts.append(f"[bold]{escape(s.text)}[/bold] [cyan]{escape(marks)}[/cyan]")
            else:
                parts.append(f"[yellow]{escape(s.text)} (unverified: no retrieved passage says this)[/yellow]")
        out.print(" ".join(parts))
    if answer.citations:
        out.print("\n[dim]Closest passages:[/dim]" if answer.refused else "\n[dim]Sources:[/dim]")
    shown = " ".join(answer.answer.split())
    for c in answer.citations:
        where = f"{c.title} > {c.section}" if c.section else c.title
        out.print(f"[cyan][{c.n}][/cyan] [bold]{escape(where)}[/bold] [dim]({escape(c.source)}, chars {c.start}-{c.end})[/dim]")
        quote = " ".join(c.quote.split())
        if answer.refused or quote not in shown:  # the sources add only what the answer does not show
            out.print(f"    “{escape(quote)}”")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
