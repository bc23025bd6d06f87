"""Conversation history for the chat API, kept server-side in SQLite under the data dir.

Bounded two ways: a conversation keeps only its last KEPT_MESSAGES messages (a follow-up
is read against fewer, see rag.followup), and one untouched for `max_age_days`
(RAG_CONVERSATION_DAYS) expires: it is gone for good, its id answers 404.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from pathlib import Path

from rag.errors import NotFoundError
from rag.followup import HISTORY_MESSAGES

# What a follow-up reads, with room to spare; older messages are deleted as new ones come.
KEPT_MESSAGES = 2 * HISTORY_MESSAGES

_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT NOT NULL,
    content TEXT NOT NULL, created_at REAL NOT NULL, PRIMARY KEY (conversation_id, seq)
);
-- When each conversation was last used, indexed so that expiring old ones reads only those.
CREATE TABLE IF NOT EXISTS conversations (conversation_id TEXT PRIMARY KEY, updated_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS conversations_by_age ON conversations (updated_at);
"""


class Conversations:
    def __init__(self, path: Path, max_age_days: float = 30.0) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.max_age = max_age_days * 86400
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        # Conversations stored before the table existed.
        self._db.execute("INSERT OR IGNORE INTO conversations SELECT conversation_id, max(created_at) "
                         "FROM messages GROUP BY conversation_id")
        self._lock = threading.Lock()

    def new_id(self) -> str:
        return uuid.uuid4().hex

    def history(self, conversation_id: str, must_exist: bool = False) -> list[tuple[str, str]]:
        """The conversation's kept messages, oldest first ([] for an unknown or expired one)."""
        with self._lock:
            live = self._db.execute("SELECT 1 FROM conversations WHERE conversation_id = ? AND updated_at >= ?",
                                    (conversation_id, time.time() - self.max_age)).fetchone()
            rows = self._db.execute(
                "SELECT role, content FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?",
                (conversation_id, KEPT_MESSAGES),
            ).fetchall() if live else []
        if must_exist and not rows:
            raise NotFoundError(f"no conversation {conversation_id!r} (or it expired)", "omit conversation_id to start one")
        return [(role, content) for role, content in reversed(rows)]

    def append(self, conversation_id: str, *turns: tuple[str, str]) -> None:
        now = time.time()
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                seq = self._db.execute(
                    "SELECT coalesce(max(seq), 0) FROM messages WHERE conversation_id = ?", (conversation_id,)
                ).fetchone()[0]
                self._db.executemany(
                    "INSERT INTO messages VALUES (?, ?, ?, ?, ?)",
                    [(conversation_id, seq + i, role, content, now) for i, (role, content) in enumerate(turns, 1)],
                )
                self._db.execute("DELETE FROM messages WHERE conversation_id = ? AND seq <= ?",
                                 (conversation_id, seq + len(turns) - KEPT_MESSAGES))
                self._db.execute("INSERT OR REPLACE INTO conversations VALUES (?, ?)", (conversation_id, now))
                self._expire(now - self.max_age)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _expire(self, before: float) -> None:
        """Delete the conversations last used before `before` (each write does it, so no
        timer is needed and a busy server never holds many)."""
        old = "SELECT conversation_id FROM conversations WHERE updated_at < ?"
        self._db.execute(f"DELETE FROM messages WHERE conversation_id IN ({old})", (before,))
        self._db.execute("DELETE FROM conversations WHERE updated_at < ?", (before,))

    def count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT count(*) FROM conversations").fetchone()[0]

    def close(self) -> None:
        self._db.close()
