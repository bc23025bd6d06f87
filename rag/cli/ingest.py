"""`rag ingest`: add or update articles, and confirm a large --prune first."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from rag.cli.app import app, err, escape, open_assistant, out
from rag.cli.help import Command


@app.command(cls=Command, short_help="Add or update articles (.txt, .md, .rst, .adoc, .info, .html, .pdf).", epilog="""\
Folders are read recursively (hidden files skipped). Plain text named as a package's
documentation is read as well, with or without a suffix: README, FAQ, NEWS, INSTALL,
README.Debian, lftp-FAQ (not compressed files: unpack .gz first). An article's source is its path
relative to the current directory when it is under it, its absolute path otherwise. The
index is in RAG_DATA_DIR (.rag in the current directory unless set). When the settings name another embedding model or
chunking, a new index is built beside the old one, which answers until it is complete.

\b
Examples:
  rag ingest                       (no PATH: the seeds/ folder)
  rag ingest ~/articles report.pdf
  rag ingest ~/articles --prune    and drop the articles whose files were deleted
""")
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(metavar="PATH", help="Files or folders (default: seeds/).")] = None,
    prune: Annotated[bool, typer.Option("--prune", help="Remove the articles under PATH whose files are gone.")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Drop the index being built and build it from scratch.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before --prune removes more than a few articles.")] = False,
) -> None:
    """Add or update articles (.txt, .md, .rst, .adoc, .info, .html, .pdf); unchanged files are skipped."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from rag.load import discover

    paths = paths or [Path("seeds")]
    with open_assistant(create=True) as assistant:
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

