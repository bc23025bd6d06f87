"""The Python API every shell uses: `Assistant.from_settings().ask(question) -> Answer`.

It holds the serving index (rag.index.Index: catalog, Chroma, embedding model), the
chats (rag.chats: conversations and feedback) and the answer backend, and wires the
question pipeline together; each stage lives in its own module, and every change to the
corpus in rag.writes. Build one Assistant and reuse it: the model and the store load once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from rag import indexes, questions
from rag.backends import Backend
from rag.catalog import Catalog
from rag.chats import Chats
from rag.config import Settings
from rag.errors import settings_error
from rag.followup import History
from rag.index import Index
from rag.schema import Answer, Article, Final, Passage, Source, StreamEvent
from rag.seams import ConversationStore
from rag.writes import Writes

if TYPE_CHECKING:  # loaded when used: they bring numpy, which listing articles does not need
    from rag.answer import ExtractiveAnswerer
    from rag.embed import Embedder
    from rag.ingest import IngestReport, Progress
    from rag.llm import ChatModel
    from rag.retrieve import Retriever
    from rag.store import VectorStore

MAX_QUESTION_CHARS = questions.MAX_QUESTION_CHARS  # (rag.mcp_server reads it here)


class Assistant:
    def __init__(self, settings: Settings, index: Index) -> None:
        self.settings = settings
        self.index = index  # the serving index; replaced whole, in one assignment (rag.index)
        self.chosen_embedder: Embedder | None = None  # given by the caller: it overrides settings.embed_name
        self._backend = Backend(settings)  # who writes answers; replaced whole (configure, use_llm)
        self._chats = Chats(settings)  # shared by shallow copies (the UI's), as the index is
        self._switching = threading.Lock()

    @property
    def _writes(self) -> Writes:
        # Made per call, over whichever object asks: the UI's per-session copies
        # (copy.copy) write through themselves.
        return Writes(self)

    @classmethod
    def from_settings(
        cls, settings: Settings | None = None, embedder: Embedder | None = None, *, create: bool = True,
        lazy: bool = False,
    ) -> Assistant:
        """Open the serving index under `settings.data_dir` (with `create`, a new one if
        there is none) and load the embedding model it was built with. With `lazy`, only
        the catalog opens now; Chroma, the model and the sentence splitter load on first
        use (listing articles needs none of them: seconds saved)."""
        if settings is None:
            try:
                settings = Settings()
            except ValidationError as e:
                raise settings_error(e) from None
        key = indexes.switch(settings).active_key()
        if key is None:
            if not create:
                raise questions.no_index(settings)
            key = indexes.index_key(embedder.name if embedder else settings.embed_name, settings)
        assistant = cls(settings, Index.open(settings, key, embedder, lazy=lazy))
        assistant.chosen_embedder = embedder
        return assistant

    # The serving index's parts, as the shells and tests have always reached them.
    @property
    def key(self) -> str:
        return self.index.key

    @property
    def catalog(self) -> Catalog:
        return self.index.catalog

    @property
    def store(self) -> VectorStore:
        return self.index.store

    @property
    def embedder(self) -> Embedder:
        return self.index.embedder

    @property
    def retriever(self) -> Retriever:
        return self.index.retriever

    @property
    def extractive(self) -> ExtractiveAnswerer:
        return self.index.extractive

    def load(self) -> None:
        """Open Chroma and load the embedding model and the sentence splitter now, not on
        the first question (`from_settings` does, unless lazy)."""
        self.index.load()

    def follow_switch(self) -> Assistant:
        """Serve from the index another process (`rag ingest`) has switched to since this
        one opened, if it has; calls in flight finish on the old one. `rag serve` and `rag
        mcp` call it per request. Returns self."""
        active = indexes.switch(self.settings).active_key()
        if active and active != self.index.key:
            with self._switching:
                if active != self.index.key:
                    self.index = Index.open(self.settings, active, lazy=False)
        return self

    def close(self) -> None:
        self.index.close()
        self._chats.close()

    def __enter__(self) -> Assistant:  # `with Assistant.from_settings() as assistant:` closes it after
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # --- writes: each is one call of rag.writes.Writes, which says what it promises -----

    def ingest(
        self,
        paths: Iterable[Path | str],
        prune: bool = False,
        rebuild: bool = False,
        on_file: Progress | None = None,
        files: Sequence[Path] | None = None,
        on_busy: Callable[[], None] | None = None,
    ) -> IngestReport:
        """Ingest files and folders (`files`: the already-expanded list); with `prune`, drop
        the articles under them whose files are gone. Another model or chunking in the
        settings builds a new index beside the serving one and switches to it when done."""
        return self._writes.ingest(paths, prune, rebuild, on_file, files, on_busy)

    def to_prune(self, paths: Iterable[Path | str]) -> list[str]:
        """The files of the articles that `ingest(paths, prune=True)` would remove."""
        return list(self.index.ingestor().gone([Path(p) for p in paths]).values())

    def files_to_ingest(self, files: Sequence[Path]) -> list[Path]:
        """What `ingest(files=files)` will read (for a progress total)."""
        return self._writes.files_to_ingest(files)

    def upload(
        self, files: Mapping[str, bytes], on_file: Progress | None = None, on_busy: Callable[[], None] | None = None
    ) -> tuple[list[Path], IngestReport]:
        """Store files sent by name (never over another article) and ingest them."""
        return self._writes.upload(files, on_file, on_busy)

    def replace(self, doc_id: str, data: bytes, on_busy: Callable[[], None] | None = None) -> IngestReport:
        """Replace an uploaded article's file with new bytes and ingest it."""
        return self._writes.replace(doc_id, data, on_busy)

    def remove(self, doc_id: str) -> None:
        """Remove an article from the index (and an uploaded one's file)."""
        self._writes.remove(doc_id)

    def recover(self) -> int:
        """Settle what a process that died mid-write left; how many uploads were settled."""
        return self._writes.recover()

    def all_indexes(self) -> list[indexes.IndexInfo]:
        """Every index in the data directory, the serving one first."""
        return indexes.listing(self.settings, opened=self.key)

    def prune_indexes(self) -> list[str]:
        """Delete retired indexes (see `indexes.prune`), never the one this process has
        open. Returns the keys deleted."""
        return indexes.prune(self.settings, opened=self.key)

    # --- questions ------------------------------------------------------------------

    def retrieve(self, question: str, k: int | None = None, documents: Sequence[str] | None = None) -> list[Passage]:
        """The ranked passages for a question; `documents` limits the search to those doc_ids."""
        index = self.index
        return questions.retrieve(index, questions.checked(question, index), k or self.settings.top_k, documents)

    def ask(
        self,
        question: str,
        k: int | None = None,
        documents: Sequence[str] | None = None,
        history: History = (),
    ) -> Answer:
        """Answer a question (a follow-up, given the conversation so far in `history`)."""
        for event in self._answer(question, k, documents, history, streaming=False):
            match event:
                case Final():
                    return event.answer
        raise AssertionError("unreachable: _answer ends with Final or raises")

    def stream(
        self,
        question: str,
        k: int | None = None,
        documents: Sequence[str] | None = None,
        history: History = (),
        with_passages: bool = False,
    ) -> Iterator[StreamEvent]:
        """Delta events (the text as it is written), then Final (the verified Answer) last;
        with `with_passages`, Passages (the retrieved passages) first."""
        return self._answer(question, k, documents, history, streaming=True, with_passages=with_passages)

    def chat(
        self,
        question: str,
        conversation_id: str | None = None,
        k: int | None = None,
        documents: Sequence[str] | None = None,
    ) -> tuple[Answer, str]:
        """One turn of a conversation kept in the data directory (the last messages of each,
        expiring RAG_CONVERSATION_DAYS after its last use): the answer, and the id to pass
        with the next question. No `conversation_id` starts one; an unknown or expired one
        raises NotFoundError."""
        return self._chats.turn(conversation_id,
                                lambda history: self.ask(question, k=k, documents=documents, history=history))

    @property
    def conversations(self) -> ConversationStore:
        """The chats of `chat`, in the data directory's conversations.sqlite3 (opened on first use)."""
        return self._chats.conversations

    def feedback(self, answer: Answer, rating: int, comment: str = "") -> dict[str, Any]:
        """Record a reader's verdict on an answer: +1 (helpful) or -1 (wrong or unhelpful),
        with an optional comment, in the data directory's feedback.jsonl (see rag.feedback).
        Returns the stored record's `id` and `at` (UTC). A rating other than +1/-1 raises
        InvalidRequestError."""
        return self._chats.feedback(answer, rating, comment)

    def configure(self, backend: str | None = None, llm_model: str | None = None) -> None:
        """Switch the answer backend or model (the UI's settings); the LLM is rebuilt on
        next use when either changes."""
        changed = {}
        if backend and backend != self.settings.backend:
            changed["backend"] = backend
        if llm_model and llm_model != self.settings.llm_model:
            changed["llm_model"] = llm_model
        if changed:
            self.settings = self.settings.model_copy(update=changed)
            self._backend = Backend(self.settings)

    def use_llm(self, llm: ChatModel) -> None:
        """Write answers with `llm` instead of the backend the settings name: any
        `rag.llm.ChatModel` (reply, stream and complete), e.g. `rag.llamaindex.LlamaIndexLLM(any
        llama-index LLM)`. Every sentence is still verified. `configure(backend=...)` with
        another backend than the settings' goes back to the settings."""
        self._backend = Backend(self.settings, llm)

    @property
    def llm(self):
        """The LLM that writes answers, once one has been made (None before, or extractive)."""
        return self._backend.llm

    def _answer(self, question, k, documents, history, streaming: bool, with_passages: bool = False):
        index = self.index  # one index for the whole question, whatever swaps meanwhile
        return questions.answer(
            index, self._backend, question, k or self.settings.top_k, documents, history, streaming, with_passages,
            builds_beside=index.builds_beside(self._writes.wanted_key()))

    def answerer(self, index: Index | None = None):
        """The backend the settings name: extractive, or the LLM (raises LLMError if it
        cannot be set up, e.g. no key); or the LLM given to `use_llm`. Over `index`, by
        default the serving one."""
        return self._backend.answerer(index or self.index)

    # --- the corpus -----------------------------------------------------------------

    def sources(self, contains: str | None = None, limit: int | None = None, offset: int = 0) -> list[Source]:
        """The articles (a page of them with `limit`/`offset`; `contains` searches titles
        and paths)."""
        return self.catalog.sources(contains, limit, offset)

    def count_articles(self, contains: str | None = None) -> int:
        return self.catalog.count_articles(contains)

    def article(self, doc_id: str) -> Article | None:
        return self.catalog.article(doc_id)
