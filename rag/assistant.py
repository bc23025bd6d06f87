"""The Python API every shell uses: `Assistant.from_settings().ask(question) -> Answer`.

It owns the loaded pieces (catalog, Chroma, embedding model) and wires the stages
together; each stage lives in its own module. Build one Assistant and reuse it: the
model and the store load once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag import indexes, uploads
from rag.catalog import Catalog
from rag.config import Settings
from rag.conversations import Conversations
from rag.feedback import FeedbackStore
from pydantic import ValidationError

from rag.errors import (
    EmptyQuestionError,
    InvalidRequestError,
    LLMError,
    LoadError,
    NoIndexError,
    NotAnUploadError,
    NotFoundError,
    settings_error,
)
from rag.followup import History, standalone_question
from rag.text import TERMS_VERSION
from rag.load import discover, load_article, make_doc_id
from rag.schema import Answer, Article, Delta, Final, Passage, Passages, Source, StreamEvent

if TYPE_CHECKING:  # loaded when used: they bring numpy, which listing articles does not need
    from rag.embed import Embedder
    from rag.ingest import IngestReport, Progress
    from rag.store import VectorStore

MAX_QUESTION_CHARS = 2000


class Assistant:
    def __init__(
        self, settings: Settings, catalog: Catalog, store: VectorStore | None, embedder: Embedder | None, key: str = ""
    ) -> None:
        """`store` or `embedder` None: opened on first use (see `from_settings(lazy=True)`)."""
        self.settings = settings
        self.key = key  # which index (see rag.indexes)
        self.catalog = catalog
        self._vector_store = store
        self._loaded_embedder = embedder
        self._retriever = None
        self._extractive = None
        self._loading = threading.RLock()
        self.chosen_embedder: Embedder | None = None  # given by the caller: it overrides settings.embed_name
        self.llm = None  # made on first use, so commands that need no LLM never fail for one
        self._generative = None
        self._given_llm = None  # see use_llm
        self._conversations: Conversations | None = None  # opened on first chat
        self._conversations_opening = threading.Lock()
        self._feedback = FeedbackStore(settings.data_dir)

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
        key = indexes.active_key(settings.data_dir)
        if key is None:
            if not create:
                raise _no_index(settings)
            key = indexes.index_key(embedder.name if embedder else settings.embed_name, settings)
        assistant = cls._open(settings, key, embedder, lazy=lazy)
        assistant.chosen_embedder = embedder
        return assistant

    @classmethod
    def _open(cls, settings: Settings, key: str, embedder: Embedder | None = None, lazy: bool = False) -> Assistant:
        assistant = cls(settings, Catalog(indexes.catalog_path(settings.data_dir, key)), None, embedder, key)
        if not lazy:
            assistant.load()
        return assistant

    def load(self) -> None:
        """Open Chroma and load the embedding model and the sentence splitter now, not on
        the first question (`from_settings` does, unless lazy)."""
        _ = self.retriever, self.embedder, self.extractive

    @property
    def store(self) -> VectorStore:
        if self._vector_store is None:
            with self._loading:
                if self._vector_store is None:
                    from rag.store import VectorStore

                    self._vector_store = VectorStore(self.settings, indexes.collection_name(self.settings, self.key, self.catalog))
        return self._vector_store

    @property
    def embedder(self) -> Embedder:
        if self._loaded_embedder is None:
            with self._loading:
                if self._loaded_embedder is None:
                    # Questions are embedded by the model the index was built with, whatever
                    # the settings now name: a new model serves once its index is built (see ingest).
                    from rag.embed import make_embedder

                    built_with = self.catalog.get_meta("embed_model")
                    self._loaded_embedder = make_embedder(_with_model(self.settings, built_with) if built_with else self.settings)
        return self._loaded_embedder

    @property
    def retriever(self):
        if self._retriever is None:
            from rag.retrieve import Retriever

            with self._loading:
                if self._retriever is None:
                    self._retriever = Retriever(self.catalog, self.store)
        return self._retriever

    @property
    def extractive(self):
        if self._extractive is None:
            from rag.answer import ExtractiveAnswerer

            with self._loading:
                if self._extractive is None:
                    self._extractive = ExtractiveAnswerer(self.catalog, self.settings)
        return self._extractive

    def close(self) -> None:
        self.catalog.close()
        if self._conversations is not None:
            self._conversations.close()

    def __enter__(self) -> Assistant:  # `with Assistant.from_settings() as assistant:` closes it after
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # --- ingestion ------------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[Path | str],
        prune: bool = False,
        rebuild: bool = False,
        on_file: Progress | None = None,
        files: Sequence[Path] | None = None,
        on_busy: Callable[[], None] | None = None,
    ) -> IngestReport:
        """Ingest files and folders; `files`, when given, is the already-expanded list.

        When the settings name another embedding model or chunking than the serving index
        was built with, a new index is built beside it from the same articles (plus these
        files); the old one keeps serving until the new one is complete, then ACTIVE
        switches to it in one step. An interrupted build resumes on the next run.

        With `prune`, the articles under `paths` (or `files`, when no paths are given) whose
        files are gone are removed; see `to_prune`.

        While another process writes to the same index, this raises IndexBusyError or,
        with `on_busy`, calls it and waits.
        """
        given = [Path(p) for p in paths]
        files = list(files) if files is not None else list(discover(given))
        with self._writing(on_busy):
            self._reconcile()
            return self._ingest(files, (given or files) if prune else [], rebuild, on_file)

    def to_prune(self, paths: Iterable[Path | str]) -> list[str]:
        """The files of the articles that `ingest(paths, prune=True)` would remove: those
        under `paths` that are gone (nothing under a path that is itself missing)."""
        return list(self._ingestor().gone([Path(p) for p in paths]).values())

    def upload(
        self, files: Mapping[str, bytes], on_file: Progress | None = None, on_busy: Callable[[], None] | None = None
    ) -> tuple[list[Path], IngestReport]:
        """Save files sent by name (from the API or the UI) in the data directory's
        `uploads/` and ingest them. A file never replaces another article: a taken name gets
        a number ("report-2.md"), and the same bytes under a taken name are that article
        (see rag.uploads). A file that fails is removed, and file and index change together
        or not at all, even when the process dies; nothing is written while another writer works."""
        folder = self._uploads()
        with self._writing(on_busy):
            self._reconcile()
            targets: dict[Path, bytes] = {}
            for name, data in files.items():
                targets[uploads.stored_name(folder, name, data, taken=set(targets))] = data
            return list(targets), self._store(targets, on_file)

    def replace(self, doc_id: str, data: bytes, on_busy: Callable[[], None] | None = None) -> IngestReport:
        """Replace an uploaded article's file with new bytes and ingest it; if they fail, the
        old version stays, on disk and in the index. Files outside `uploads/` are the user's:
        change them and run `rag ingest`."""
        with self._writing(on_busy):
            self._reconcile()
            path = self.catalog.path_of(doc_id)
            if path is None:
                raise NotFoundError(f"no article with doc_id {doc_id}", "see `rag sources` or GET /v1/documents for the doc_ids")
            if not self._is_upload(path):
                raise NotAnUploadError(
                    f"article {doc_id} was ingested from a file, not uploaded, so it cannot be replaced by an upload",
                    "change the file and run `rag ingest`, or upload the new version as a new article",
                )
            return self._store({Path(path): data}, None)

    def recover(self) -> int:
        """Finish or undo what a process that died mid-write left (vectors of unfinished
        articles, half-done uploads). Writers do it first anyway; a server does it on start.
        Returns how many uploads were settled."""
        with self._writing(None):
            return self._reconcile()

    def _store(self, targets: Mapping[Path, bytes], on_file: Progress | None) -> IngestReport:
        """Write each file (journalled) and ingest them; keep those the index took, put back
        the others."""
        journal = uploads.Journal(self._uploads())
        changes = []
        indexed: set[Path] = set()  # every target that did not fail, batch by batch

        def track(path: Path, outcome: str) -> None:
            if outcome != "failed":
                indexed.add(path)
            if on_file:
                on_file(path, outcome)

        try:
            for target, data in targets.items():
                if not uploads.same_bytes(target, data):
                    changes.append(change := journal.begin(target))
                    journal.write(change, data)
            return self._ingest(list(targets), prune=[], rebuild=False, on_file=track)
        finally:  # a failed file, or one a stopped run never indexed, goes back
            for change in changes:
                # (Asking the index only when unsure: a run stopped between the commit and
                # the progress call still holds the new version.)
                journal.settle(change, keep=change.target in indexed or self._holds(change.target))

    def _reconcile(self) -> int:
        """(With the write lock held.) See `recover`."""
        self._ingestor().recover()
        return uploads.Journal(self._uploads()).reconcile(self._holds)

    def _holds(self, path: Path) -> bool:
        """Whether the index holds the file as it is on disk (or nothing of it, when it is gone)."""
        indexed = self.catalog.content_hash(make_doc_id(str(path.resolve())))
        if not path.exists():
            return indexed is None
        try:
            return load_article(path).content_hash == indexed
        except LoadError:
            return False

    def _uploads(self) -> Path:
        folder = self.settings.data_dir / "uploads"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _is_upload(self, path: str) -> bool:
        return Path(path).parent == self._uploads().resolve()

    @contextmanager
    def _writing(self, on_busy: Callable[[], None] | None) -> Iterator[None]:
        """Hold the serving index and the one an ingest writes to (a build beside, when the
        settings changed), in key order: deletes and uploads to the serving index must wait
        for a build beside, or the switch would lose them."""
        while True:
            keys = self._write_keys()
            with ExitStack() as held:
                for key in keys:
                    held.enter_context(indexes.writing(self.settings.data_dir, key, on_busy))
                if keys == self._write_keys():  # else a thread switched index while we waited
                    yield
                    return

    def _write_keys(self) -> list[str]:
        return sorted({self.key, self._wanted_key()})

    def _ingest(self, files: list[Path], prune: list[Path], rebuild: bool, on_file: Progress | None) -> IngestReport:
        wanted_model, wanted = self._wanted_model(), self._wanted_key()
        if not self._builds_beside():
            if rebuild:
                self._clear()
            if wanted != self.key:  # an empty index of another kind: just start the new one
                self._become(Assistant._open(self.settings, wanted, self._embedder_for(wanted_model)))
            # Nothing else serves (a first ingest, or an empty index): serve this one from
            # the start, so that articles committed before an interruption answer at once.
            self._activate()
            return self._ingest_here(files, prune, on_file)

        self.catalog.set_meta(served="1")  # (indexes built before this mark existed)
        beside = Assistant._open(self.settings, wanted, self._embedder_for(wanted_model))
        if rebuild:
            beside._clear()
        report = beside._ingest_here(self.files_to_ingest(files), prune, on_file)
        report.switched_from = self.key
        beside._activate()
        self._become(beside)
        return report

    def files_to_ingest(self, files: Sequence[Path]) -> list[Path]:
        """What `ingest(files=files)` will read: the files, plus the serving index's
        articles when a new index is to be built beside it (for a progress total)."""
        files = list(files)
        if not self._builds_beside():
            return files
        known = {Path(f).resolve() for f in files}
        return files + [Path(p) for p in self.catalog.paths().values() if Path(p).exists() and Path(p) not in known]

    def _wanted_model(self) -> str:
        return self.chosen_embedder.name if self.chosen_embedder else self.settings.embed_name

    def _wanted_key(self) -> str:
        return indexes.index_key(self._wanted_model(), self.settings)

    def _builds_beside(self) -> bool:
        """Whether the settings ask for another kind of index than the serving one, which
        has articles (so it must keep serving while the new one is built)."""
        return self._wanted_key() != self.key and self.catalog.has_articles()

    def _activate(self) -> None:
        self.catalog.set_meta(served="1")  # from now on a retired index, never an unfinished one
        indexes.activate(self.settings.data_dir, self.key)

    def all_indexes(self) -> list[indexes.IndexInfo]:
        """Every index in the data directory, the serving one first."""
        return indexes.listing(self.settings, opened=self.key)

    def prune_indexes(self) -> list[str]:
        """Delete retired indexes (see `indexes.prune`), never the one this process has
        open. Returns the keys deleted."""
        return indexes.prune(self.settings, opened=self.key)

    def _ingest_here(self, files: list[Path], prune: list[Path], on_file: Progress | None) -> IngestReport:
        self.catalog.set_meta(
            embed_model=self.embedder.name,
            chunk_size=str(self.settings.chunk_size),
            chunk_overlap=str(self.settings.chunk_overlap),
            terms_version=TERMS_VERSION,
        )
        return self._ingestor().run(files, prune=prune, on_file=on_file)

    def _ingestor(self):
        from rag.ingest import Ingestor

        return Ingestor(self.catalog, self.store, self.embedder, self.settings)

    def _embedder_for(self, model_name: str) -> Embedder | None:
        return next((e for e in (self.chosen_embedder, self.embedder) if e and e.name == model_name), None)

    def _become(self, other: Assistant) -> None:
        """Serve from `other`'s index from now on."""
        self.catalog.close()
        # The conversations and feedback belong to the data directory, not to an index.
        mine = ("chosen_embedder", "_given_llm", "_conversations", "_conversations_opening", "_feedback")
        self.__dict__.update(other.__dict__ | {name: self.__dict__[name] for name in mine})

    def _clear(self) -> None:
        self.catalog.clear()
        self.store.reset()

    def remove(self, doc_id: str) -> None:
        """Remove an article from the index; an uploaded one (in the data directory's
        `uploads/`) loses its file too, journalled like an upload. Files elsewhere are the
        user's and stay. An unknown doc_id raises NotFoundError."""
        with self._writing(None):
            self._reconcile()
            path = self.catalog.path_of(doc_id)
            if path is None:
                raise NotFoundError(f"no article with doc_id {doc_id}", "see `rag sources` or GET /v1/documents for the doc_ids")
            ingestor = self._ingestor()
            if not self._is_upload(path):
                ingestor.remove(doc_id)
                return
            journal = uploads.Journal(self._uploads())
            change = journal.begin(Path(path))
            try:
                journal.delete(change)
                ingestor.remove(doc_id)
            finally:
                journal.settle(change, keep=self._holds(Path(path)))

    # --- questions ------------------------------------------------------------------

    def retrieve(self, question: str, k: int | None = None, documents: Sequence[str] | None = None) -> list[Passage]:
        """The ranked passages for a question; `documents` limits the search to those doc_ids."""
        question = self._check_question(question)
        if documents is not None and (unknown := self.catalog.unknown(documents)):
            # A few of them, clipped: a request naming 100,000 unknown ids gets a short answer.
            named = ", ".join(d if len(d) <= 80 else d[:80] + "…" for d in unknown[:5])
            named += f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
            raise NotFoundError(f"no article with doc_id {named}", "see `rag sources` for the doc_ids")
        vector = self.embedder.embed([question])[0]
        return self.retriever.retrieve(question, vector, k or self.settings.top_k, documents)

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
        conversations = self.conversations
        if conversation_id is None:
            conversation_id, history = conversations.new_id(), []
        else:
            history = conversations.history(conversation_id, must_exist=True)
        answer = self.ask(question, k=k, documents=documents, history=history)
        # As asked: the next follow-up finds its topic in the (bounded) history itself.
        conversations.append(conversation_id, ("user", answer.question), ("assistant", answer.answer))
        return answer, conversation_id

    @property
    def conversations(self) -> Conversations:
        """The chats of `chat`, in the data directory's conversations.sqlite3 (opened on first use)."""
        with self._conversations_opening:  # once, even when threads chat at the same time
            if self._conversations is None:
                self._conversations = Conversations(
                    self.settings.data_dir / "conversations.sqlite3", self.settings.conversation_days
                )
            return self._conversations

    def feedback(self, answer: Answer, rating: int, comment: str = "") -> dict[str, Any]:
        """Record a reader's verdict on an answer: +1 (helpful) or -1 (wrong or unhelpful),
        with an optional comment, in the data directory's feedback.jsonl (see rag.feedback).
        Returns the stored record's `id` and `at` (UTC). A rating other than +1/-1 raises
        InvalidRequestError."""
        try:
            record = self._feedback.add(answer, rating, comment)
            return {"id": record["id"], "at": record["at"]}
        except ValueError as e:
            raise InvalidRequestError(f"feedback not stored: {e}", "send the answer as it was returned, with a rating of 1 or -1") from None

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
            self.llm, self._generative, self._given_llm = None, None, None

    def use_llm(self, llm) -> None:
        """Write answers with `llm` instead of the backend the settings name: anything with
        `rag.llm.LLM`'s reply, stream and complete, e.g. `rag.llamaindex.LlamaIndexLLM(any
        llama-index LLM)`. Every sentence is still verified. `configure(backend=...)` with
        another backend than the settings' goes back to the settings."""
        self._given_llm, self.llm, self._generative = llm, None, None

    def answerer(self):
        """The backend the settings name: extractive, or the LLM (raises LLMError if it
        cannot be set up, e.g. no key); or the LLM given to `use_llm`."""
        if self.settings.backend == "extractive" and self._given_llm is None:
            return self.extractive
        if self._generative is None:
            from rag.generate import GenerativeAnswerer
            from rag.llm import LLM

            self.llm = self._given_llm or LLM(self.settings)
            self._generative = GenerativeAnswerer(self.llm, self.settings, self.extractive)
        return self._generative

    def _answer(self, question, k, documents, history, streaming: bool, with_passages: bool = False):
        started = time.perf_counter()
        question = self._check_question(question)
        warnings: list[str] = []
        try:
            answerer = self.answerer()
        except LLMError as e:
            if not self.settings.llm_fallback:
                raise
            answerer = self.extractive
            warnings.append(_fallback_note(e))
        if self._builds_beside():
            warnings.append("the settings name another embedding model or chunking than this index was built "
                            "with; it keeps answering until `rag ingest` has built the new one")
        query = standalone_question(question, history, self.llm, MAX_QUESTION_CHARS) if history else question
        passages = self.retrieve(query, k, documents)
        retrieved = time.perf_counter()
        if with_passages:
            yield Passages(passages)
        # The extractive answerer weighs the words of a follow-up above those of the
        # question it was joined to; an LLM's rewrite needs no such help.
        focus = question if query != question else None
        extra = {"focus": focus} if answerer is self.extractive else {}
        first_token = None
        try:
            if streaming:
                for event in answerer.stream(query, passages, **extra):
                    match event:
                        case Delta():
                            first_token = first_token or time.perf_counter()
                            yield event
                        case Final():
                            answer = event.answer
            else:
                answer = answerer.answer(query, passages, **extra)
        except LLMError as e:
            if not self.settings.llm_fallback:
                raise
            answer = self.extractive.answer(query, passages, focus)
            answer.warnings.append(_fallback_note(e))
        done = time.perf_counter()
        answer.warnings[:0] = warnings
        answer.question, answer.search_query = question, query
        answer.timings_ms = {
            "retrieve": round((retrieved - started) * 1000, 1),
            "generate": round((done - retrieved) * 1000, 1),
            "total": round((done - started) * 1000, 1),
        }
        if first_token:
            answer.timings_ms["first_token"] = round((first_token - started) * 1000, 1)
        yield Final(answer)

    def _check_question(self, question: str) -> str:
        question = (question or "").strip()
        if not question:
            raise EmptyQuestionError("the question is empty", "type a question about the articles")
        if len(question) > MAX_QUESTION_CHARS:
            raise EmptyQuestionError(
                f"the question is too long ({len(question)} characters)",
                f"keep it under {MAX_QUESTION_CHARS}",
            )
        if not self.catalog.has_articles():
            raise _no_index(self.settings)
        return question

    # --- the corpus -----------------------------------------------------------------

    def sources(self, contains: str | None = None, limit: int | None = None, offset: int = 0) -> list[Source]:
        """The articles (a page of them with `limit`/`offset`; `contains` searches titles
        and paths)."""
        return self.catalog.sources(contains, limit, offset)

    def count_articles(self, contains: str | None = None) -> int:
        return self.catalog.count_articles(contains)

    def article(self, doc_id: str) -> Article | None:
        return self.catalog.article(doc_id)


def _no_index(settings: Settings) -> NoIndexError:
    return NoIndexError(
        f"nothing has been ingested yet in {settings.data_dir.resolve()}",
        "RAG_DATA_DIR (default .rag) is relative to the current directory: run `rag` from the "
        "project folder, set RAG_DATA_DIR to the index, or run `rag ingest PATH` here",
    )


def _fallback_note(error: LLMError) -> str:
    return f"{error.message}; this answer was made extractively instead. {error.hint}"


def _with_model(settings: Settings, embed_name: str) -> Settings:
    """The settings with the embedding model an index records ("provider:model")."""
    provider, _, model = embed_name.partition(":")
    return settings.model_copy(update={"embed_provider": provider, "embed_model": model})
