"""The pending journal: articles whose vectors are being changed.

Ingestion marks an article before it touches the article's vectors in Chroma and clears
the mark once Chroma matches the catalog; whatever is still marked after a crash is
cleaned up on the next run (rag.ingest). Each call commits on its own: the mark must be on
disk before the vectors change."""

from __future__ import annotations

from rag.sqlite import Database


class PendingJournal:
    def __init__(self, db: Database) -> None:
        self._db = db

    def mark(self, doc_id: str) -> None:
        self._db.run("INSERT OR IGNORE INTO pending VALUES (?)", (doc_id,))

    def clear(self, doc_id: str) -> None:
        self._db.run("DELETE FROM pending WHERE doc_id = ?", (doc_id,))

    def all(self) -> list[str]:
        return [r[0] for r in self._db.rows("SELECT doc_id FROM pending")]

    def forget_all(self) -> None:
        self._db.run("DELETE FROM pending")
