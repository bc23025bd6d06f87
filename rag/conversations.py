"""Conversation history for the chat API, kept server-side in SQLite under the data dir."""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from pathlib import Path

from rag.errors import NotFoundError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT NOT NULL,
    content TEXT NOT NULL, created_at REAL NOT NULL, PRIMARY KEY (conversation_id, seq)
);
"""


class Conversations:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()

    def new_id(self) -> str:
        return uuid.uuid4().hex

    def history(self, conversation_id: str, must_exist: bool = False) -> list[tuple[str, str]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT role, content FROM messages WHERE conversation_id = ? ORDER BY seq", (conversation_id,)
            ).fetchall()
        if must_exist and not rows:
            raise NotFoundError(f"no conversation {conversation_id!r}", "omit conversation_id to start one")
        return [(role, content) for role, content in rows]

    def append(self, conversation_id: str, *turns: tuple[str, str]) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            seq = self._db.execute(
                "SELECT coalesce(max(seq), 0) FROM messages WHERE conversation_id = ?", (conversation_id,)
            ).fetchone()[0]
            self._db.executemany(
                "INSERT INTO messages VALUES (?, ?, ?, ?, ?)",
                [(conversation_id, seq + i, role, content, time.time()) for i, (role, content) in enumerate(turns, 1)],
            )
            self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()
