"""What readers leave with an Assistant: their conversations (the history `chat` continues)
and their feedback on answers, kept in the data directory (conversations.sqlite3,
feedback.jsonl) or, with RAG_DATABASE_URL, in PostgreSQL (rag.pg_chats)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from rag.config import Settings
from rag.conversations import Conversations
from rag.errors import InvalidRequestError
from rag.feedback import FeedbackStore
from rag.followup import History
from rag.schema import Answer
from rag.seams import ConversationStore, FeedbackLog


class Chats:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._conversations: ConversationStore | None = None  # opened on first chat
        self._conversations_opening = threading.Lock()
        self.feedback_log: FeedbackLog = feedback_log(settings)

    @property
    def conversations(self) -> ConversationStore:
        with self._conversations_opening:  # once, even when threads chat at the same time
            if self._conversations is None:
                self._conversations = conversation_store(self.settings)
            return self._conversations

    def turn(self, conversation_id: str | None, ask: Callable[[History], Answer]) -> tuple[Answer, str]:
        """One turn of a conversation: `ask` answers given the history so far (none for a new
        conversation, when `conversation_id` is None; an unknown or expired one raises
        NotFoundError), and the question and answer are kept. Returns the answer and the
        conversation's id."""
        conversations = self.conversations
        if conversation_id is None:
            conversation_id, history = conversations.new_id(), []
        else:
            history = conversations.history(conversation_id, must_exist=True)
        answer = ask(history)
        # As asked: the next follow-up finds its topic in the (bounded) history itself.
        conversations.append(conversation_id, ("user", answer.question), ("assistant", answer.answer))
        return answer, conversation_id

    def feedback(self, answer: Answer, rating: int, comment: str = "") -> dict[str, Any]:
        """Keep a reader's verdict on an answer; the record's `id` and `at`. A rating other
        than +1/-1 raises InvalidRequestError."""
        try:
            record = self.feedback_log.add(answer, rating, comment)
            return {"id": record["id"], "at": record["at"]}
        except ValueError as e:
            raise InvalidRequestError(f"feedback not stored: {e}", "send the answer as it was returned, with a rating of 1 or -1") from None

    def close(self) -> None:
        if self._conversations is not None:
            self._conversations.close()


def conversation_store(settings: Settings) -> ConversationStore:
    if settings.database_url:
        from rag.pg_chats import PgConversations

        return PgConversations(settings.database_url, settings.conversation_days)
    return Conversations(settings.data_dir / "conversations.sqlite3", settings.conversation_days)


def feedback_log(settings: Settings) -> FeedbackLog:
    if settings.database_url:
        from rag.pg_chats import PgFeedback

        return PgFeedback(settings.database_url)
    return FeedbackStore(settings.data_dir)
