"""What the shells (chat UI, CLI, evaluation) may call on an assistant, typed once.

`rag.assistant.Assistant` runs the pipeline in process; `rag.client.RemoteAssistant`
asks a running `rag serve`. Both satisfy `AssistantLike`, so a shell works with either,
and a type checker (or tests/test_package.py) catches a call one of them lacks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from rag.ingest import IngestReport
from rag.schema import Answer, Article, Passage, Source

Progress = Callable[[Path, str], None]


@runtime_checkable
class AssistantLike(Protocol):
    def ask(self, question: str, k: int | None = None, documents: Sequence[str] | None = None,
            history=()) -> Answer: ...

    def stream(self, question: str, k: int | None = None, documents: Sequence[str] | None = None,
               history=(), with_passages: bool = False) -> Iterator[str | Answer | list[Passage]]: ...

    def sources(self, contains: str | None = None, limit: int | None = None, offset: int = 0) -> list[Source]: ...

    def count_articles(self, contains: str | None = None) -> int: ...

    def article(self, doc_id: str) -> Article | None: ...

    def upload(self, files: Mapping[str, bytes], on_file: Progress | None = None,
               on_busy: Callable[[], None] | None = None) -> tuple[list[Path], IngestReport]: ...

    def replace(self, doc_id: str, data: bytes, on_busy: Callable[[], None] | None = None) -> IngestReport: ...

    def remove(self, doc_id: str) -> None: ...

    def configure(self, backend: str | None = None, llm_model: str | None = None) -> None: ...

    def close(self) -> None: ...
