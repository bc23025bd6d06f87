"""Index metadata: a few named strings that say what an index is (its embedding model,
chunking, terms version, collection id; rag.indexes decides which). Nothing else."""

from __future__ import annotations

from rag.sqlite import Database


class Meta:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str) -> str | None:
        row = self._db.row("SELECT value FROM meta WHERE key = ?", (key,))
        return row[0] if row else None

    def get_or_set(self, key: str, value: str) -> str:
        """The stored value of `key`, storing `value` first if there is none (atomic, so
        two processes opening a new catalog agree)."""
        with self._db.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, value))
            return conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]

    def set(self, **values: str) -> None:
        with self._db.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", values.items())
