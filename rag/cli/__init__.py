"""`rag`: the command line, a thin shell over `rag.Assistant`.

Every foreseeable fault is a `RagError`, printed as one line (plus a hint) with a non-zero
exit status; no traceback reaches the user for those.

One module per area: ingest (writing the index), ask (ask, chat), listing (sources,
indexes), serve (serve, mcp, ui), evaluate (eval); app.py holds what they share and
help.py how the help reads.
"""

from __future__ import annotations

from rag.cli.app import app

# Imported for the commands they register, in the order `rag --help` lists them.
from rag.cli import ingest, ask, listing, serve, evaluate, settings  # noqa: F401  isort: skip

__all__ = ["app", "main"]


def main() -> None:
    app()
