"""What the shells (chat UI, CLI, evaluation) and users may call on an assistant, typed once.

`rag.Assistant` runs the pipeline in process; `rag.Client` asks a running `rag serve`.
Both satisfy `AssistantLike`, so code works with either, and a type checker (or
tests/test_client.py) catches a call one of them lacks. Errors are the same classes
(rag.errors) from both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from rag.followup import History
from rag.ingest import IngestReport
from rag.schema import Answer, Article, Source, StreamEvent

Progress = Callable[[Path, str], None]


@runtime_checkable
class AssistantLike(Protocol):
    def ask(self, question: str, k: int | None = None, documents: Sequence[str] | None = None,
            history: History = ()) -> Answer: ...

    def stream(self, question: str, k: int | None = None, documents: Sequence[str] | None = None,
               history: History = (), with_passages: bool = False) -> Iterator[StreamEvent]: ...

    def chat(self, question: str, conversation_id: str | None = None, k: int | None = None,
             documents: Sequence[str] | None = None) -> tuple[Answer, str]: ...

    def feedback(self, answer: Answer, rating: int, comment: str = "") -> dict[str, Any]: ...

    def sources(self, contains: str | None = None, limit: int | None = None, offset: int = 0) -> list[Source]: ...

    def count_articles(self, contains: str | None = None) -> int: ...

    def article(self, doc_id: str) -> Article | None: ...

    def upload(self, files: Mapping[str, bytes], on_file: Progress | None = None,
               on_busy: Callable[[], None] | None = None) -> tuple[list[Path], IngestReport]: ...

    def replace(self, doc_id: str, data: bytes, on_busy: Callable[[], None] | None = None) -> IngestReport: ...

    def remove(self, doc_id: str) -> None: ...

    def configure(self, backend: str | None = None, llm_model: str | None = None) -> None: ...

    def close(self) -> None: ...
