"""The storage seams: what the Assistant, the API and the UI need from the places state is
kept, as typed Protocols, so a second implementation (a shared database instead of files
under the data directory) slots in and a type checker catches a missing method.

Implementations today:
- ActiveSwitch, WriteLocks: rag.indexes.FileSwitch, rag.indexes.FileLocks;
  rag.postgres.PgSwitch, rag.postgres.PgLocks;
- ConversationStore: rag.conversations.Conversations, rag.pg_chats.PgConversations;
- FeedbackLog: rag.feedback.FeedbackStore, rag.pg_chats.PgFeedback;
- UploadJournal: rag.uploads.Journal, rag.pg_uploads.PgUploads (the files' bytes too).
The catalog's own stores have theirs in rag.catalog.protocols.

What it does not do: choose an implementation (rag.indexes.switch, .locks and
.upload_journal do, from the settings, and rag.chats for conversations and feedback) or
hold any code.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from rag.schema import Answer
    from rag.uploads import Change


class ActiveSwitch(Protocol):
    """Names the index that serves; switching is one atomic step (readers see the old
    name or the new one)."""

    def active_key(self) -> str | None: ...

    def activate(self, key: str) -> None: ...


class WriteLocks(Protocol):
    """One writer per index, across threads and processes. `writing(key)` waits its turn
    among this process's threads; when another process holds it, it calls `on_busy` and
    waits, or without one raises IndexBusyError."""

    def writing(self, key: str, on_busy: Callable[[], None] | None = None) -> AbstractContextManager[None]: ...


class ConversationStore(Protocol):
    """The chats' kept messages (rag.conversations has the rules)."""

    max_age: float

    def new_id(self) -> str: ...

    def history(self, conversation_id: str, must_exist: bool = False) -> list[tuple[str, str]]: ...

    def append(self, conversation_id: str, *turns: tuple[str, str]) -> None: ...

    def count(self) -> int: ...

    def close(self) -> None: ...


class FeedbackLog(Protocol):
    """Readers' ratings of answers (rag.feedback has the record's shape)."""

    def add(self, answer: Answer, rating: int, comment: str = "") -> dict[str, Any]: ...

    def all(self) -> list[dict[str, Any]]: ...

    def eval_cases(self, negative_only: bool = True) -> list[dict[str, Any]]: ...

    def version(self) -> tuple: ...


class UploadJournal(Protocol):
    """Uploaded files change together with the index or not at all (rag.uploads). `uploads`
    is the folder the files are read from by the ingest: the data directory's uploads/, or
    in shared mode a local copy of the database's, at the same path on every machine (made
    up to date by `reconcile`, which every write runs first)."""

    uploads: Path

    def begin(self, target: Path) -> Change: ...

    def write(self, change: Change, data: bytes) -> None: ...

    def delete(self, change: Change) -> None: ...

    def settle(self, change: Change, keep: bool) -> None: ...

    def reconcile(self, holds: Callable[[Path], bool]) -> int: ...
