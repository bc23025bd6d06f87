"""The chats' history and the readers' feedback in PostgreSQL (the seams
rag.seams.ConversationStore and FeedbackLog), so any replica continues a chat and every
verdict lands in one place."""

from __future__ import annotations

import time
import uuid
from typing import Any

from rag.errors import NotFoundError
from rag.feedback import FeedbackStore
from rag.followup import HISTORY_MESSAGES
from rag.postgres import migrate, pool

KEPT_MESSAGES = 2 * HISTORY_MESSAGES  # as rag.conversations


# --- conversations ----------------------------------------------------------------------

CONVERSATION_SCHEMA = [
    "CREATE TABLE rag_conversations (conversation_id TEXT PRIMARY KEY, updated_at DOUBLE PRECISION NOT NULL)",
    "CREATE INDEX rag_conversations_by_age ON rag_conversations (updated_at)",
    """CREATE TABLE rag_messages (conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT NOT NULL,
        content TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (conversation_id, seq))""",
]


class PgConversations:
    """rag.conversations.Conversations' rules, in PostgreSQL: any replica continues a chat."""

    def __init__(self, url: str, max_age_days: float = 30.0) -> None:
        self.url, self.max_age = url, max_age_days * 86400
        migrate(url, "conversation history", CONVERSATION_SCHEMA)

    def new_id(self) -> str:
        return uuid.uuid4().hex

    def history(self, conversation_id: str, must_exist: bool = False) -> list[tuple[str, str]]:
        with pool(self.url).connection() as conn:
            rows = conn.execute(
                "SELECT role, content FROM rag_messages m WHERE conversation_id = %s AND EXISTS (SELECT 1 FROM "
                "rag_conversations c WHERE c.conversation_id = m.conversation_id AND updated_at >= %s) "
                "ORDER BY seq DESC LIMIT %s",
                (conversation_id, time.time() - self.max_age, KEPT_MESSAGES),
            ).fetchall()
        if must_exist and not rows:
            raise NotFoundError(f"no conversation {conversation_id!r} (or it expired)", "omit conversation_id to start one")
        return [(role, content) for role, content in reversed(rows)]

    def append(self, conversation_id: str, *turns: tuple[str, str]) -> None:
        now = time.time()
        with pool(self.url).connection() as conn, conn.transaction():
            # Two replicas adding to one chat take turns (each numbers its messages after the last).
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('rag chat'), hashtext(%s))", (conversation_id,))
            seq = conn.execute("SELECT coalesce(max(seq), 0) FROM rag_messages WHERE conversation_id = %s",
                               (conversation_id,)).fetchone()[0]
            with conn.cursor() as cur:
                cur.executemany("INSERT INTO rag_messages VALUES (%s, %s, %s, %s, %s)",
                                [(conversation_id, seq + i, role, content, now) for i, (role, content) in enumerate(turns, 1)])
            conn.execute("DELETE FROM rag_messages WHERE conversation_id = %s AND seq <= %s",
                         (conversation_id, seq + len(turns) - KEPT_MESSAGES))
            conn.execute("INSERT INTO rag_conversations VALUES (%s, %s) ON CONFLICT (conversation_id) "
                         "DO UPDATE SET updated_at = excluded.updated_at", (conversation_id, now))
            before = now - self.max_age
            conn.execute("DELETE FROM rag_messages WHERE conversation_id IN "
                         "(SELECT conversation_id FROM rag_conversations WHERE updated_at < %s)", (before,))
            conn.execute("DELETE FROM rag_conversations WHERE updated_at < %s", (before,))

    def count(self) -> int:
        with pool(self.url).connection() as conn:
            return conn.execute("SELECT count(*) FROM rag_conversations").fetchone()[0]

    def close(self) -> None:
        pass  # the pool is the process's, shared


# --- feedback ---------------------------------------------------------------------------

FEEDBACK_SCHEMA = [
    """CREATE TABLE rag_feedback (seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, record JSONB NOT NULL)""",
]


class PgFeedback(FeedbackStore):
    """rag.feedback.FeedbackStore's records, one row each, in the order they came."""

    def __init__(self, url: str) -> None:  # (no file: FeedbackStore's own __init__ names one)
        self.url = url
        migrate(url, "feedback", FEEDBACK_SCHEMA)

    def _append(self, record: dict[str, Any], line: bytes) -> None:
        from psycopg.types.json import Jsonb

        with pool(self.url).connection() as conn:
            conn.execute("INSERT INTO rag_feedback (id, record) VALUES (%s, %s)", (record["id"], Jsonb(record)))

    def all(self) -> list[dict[str, Any]]:
        with pool(self.url).connection() as conn:
            return [row[0] for row in conn.execute("SELECT record FROM rag_feedback ORDER BY seq")]

    def version(self) -> tuple:
        """Changes with every record added. (Not the newest seq alone: two replicas' inserts
        may commit out of order, the lower seq last.)"""
        with pool(self.url).connection() as conn:
            return (self.url, *conn.execute("SELECT count(*), max(seq) FROM rag_feedback").fetchone())
