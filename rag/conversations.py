"""Conversation history for the chat API, kept server-side in SQLite under the data dir.

Bounded two ways: a conversation keeps only its last KEPT_MESSAGES messages (a follow-up
is read against fewer, see rag.followup), and one untouched for `max_age_days`
(RAG_CONVERSATION_DAYS) expires: it is gone for good, its id answers 404.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from rag.errors import NotFoundError
from rag.followup import HISTORY_MESSAGES
from rag.sqlite import Database, Migration, sql

# What a follow-up reads, with room to spare; older messages are deleted as new ones come.
KEPT_MESSAGES = 2 * HISTORY_MESSAGES

# The schema as numbered steps (rag.sqlite); files made before it had a version are at 0
# whatever their shape, so steps 1 and 2 are harmless where their change is there already.
MIGRATIONS: list[Migration] = [
    # 1. The messages.
    sql("""CREATE TABLE IF NOT EXISTS messages (
        conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT NOT NULL,
        content TEXT NOT NULL, created_at REAL NOT NULL, PRIMARY KEY (conversation_id, seq))"""),
    # 2. When each conversation was last used, indexed so that expiring old ones reads only
    #    those; filled in for conversations stored before.
    sql(
        "CREATE TABLE IF NOT EXISTS conversations (conversation_id TEXT PRIMARY KEY, updated_at REAL NOT NULL)",
        "CREATE INDEX IF NOT EXISTS conversations_by_age ON conversations (updated_at)",
        "INSERT OR IGNORE INTO conversations SELECT conversation_id, max(created_at) "
        "FROM messages GROUP BY conversation_id",
    ),
]


class Conversations:
    def __init__(self, path: Path, max_age_days: float = 30.0) -> None:
        self.max_age = max_age_days * 86400
        self._db = Database(path)
        self._db.migrate(MIGRATIONS, "conversation history")

    def new_id(self) -> str:
        return uuid.uuid4().hex

    def history(self, conversation_id: str, must_exist: bool = False) -> list[tuple[str, str]]:
        """The conversation's kept messages, oldest first ([] for an unknown or expired one)."""
        with self._db.lock:
            live = self._db.conn.execute(
                "SELECT 1 FROM conversations WHERE conversation_id = ? AND updated_at >= ?",
                (conversation_id, time.time() - self.max_age),
            ).fetchone()
            rows = self._db.conn.execute(
                "SELECT role, content FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?",
                (conversation_id, KEPT_MESSAGES),
            ).fetchall() if live else []
        if must_exist and not rows:
            raise NotFoundError(f"no conversation {conversation_id!r} (or it expired)", "omit conversation_id to start one")
        return [(role, content) for role, content in reversed(rows)]

    def append(self, conversation_id: str, *turns: tuple[str, str]) -> None:
        now = time.time()
        with self._db.transaction() as db:
            seq = db.execute(
                "SELECT coalesce(max(seq), 0) FROM messages WHERE conversation_id = ?", (conversation_id,)
            ).fetchone()[0]
            db.executemany(
                "INSERT INTO messages VALUES (?, ?, ?, ?, ?)",
                [(conversation_id, seq + i, role, content, now) for i, (role, content) in enumerate(turns, 1)],
            )
            db.execute("DELETE FROM messages WHERE conversation_id = ? AND seq <= ?",
                       (conversation_id, seq + len(turns) - KEPT_MESSAGES))
            db.execute("INSERT OR REPLACE INTO conversations VALUES (?, ?)", (conversation_id, now))
            self._expire(now - self.max_age)

    def _expire(self, before: float) -> None:
        """Delete the conversations last used before `before` (each write does it, so no
        timer is needed and a busy server never holds many)."""
        old = "SELECT conversation_id FROM conversations WHERE updated_at < ?"
        self._db.run(f"DELETE FROM messages WHERE conversation_id IN ({old})", (before,))
        self._db.run("DELETE FROM conversations WHERE updated_at < ?", (before,))

    def count(self) -> int:
        return self._db.value("SELECT count(*) FROM conversations")

    def close(self) -> None:
        self._db.close()
