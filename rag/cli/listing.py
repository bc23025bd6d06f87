"""`rag sources` and `rag indexes`: what is in the data directory. Both read the catalog
only, so neither loads the embedding model or Chroma."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Optional

import typer

from rag.cli.app import app, err, escape, open_assistant, out
from rag.cli.help import Command


@app.command(cls=Command, short_help="List the ingested articles and their doc_ids.")
def sources(
    find: Annotated[Optional[str], typer.Option("--find", metavar="TEXT", help="Only articles whose title or path holds this text.")] = None,
    limit: Annotated[int, typer.Option(min=0, metavar="N", help="Show at most this many (0: all).")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the ingested articles (their doc_ids are what --doc takes)."""
    from dataclasses import asdict

    with open_assistant(lazy=True) as assistant:  # the catalog is enough: no model, no Chroma
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
    with open_assistant(lazy=True) as assistant:
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
