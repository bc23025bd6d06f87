"""One index as an object: its key, catalog, vector store and embedding model, opened
together, and how one index gives way to another (a build beside, a switch).

rag.indexes says where indexes live, which one serves and who may write; this module is
one of them. The Assistant holds exactly one `Index` and moves to another in one
assignment, so a question in flight finishes on the index it started on, and nothing
another thread may still read is closed under it.

What it does not do: answer questions (rag.assistant) or read files (rag.ingest).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rag import indexes
from rag.catalog import Catalog
from rag.config import Settings
from rag.text import TERMS_VERSION

if TYPE_CHECKING:  # loaded when used: they bring numpy, which listing articles does not need
    from rag.answer import ExtractiveAnswerer
    from rag.embed import Embedder
    from rag.ingest import IngestReport, Ingestor, Progress
    from rag.retrieve import Retriever
    from rag.store import VectorStore


class Index:
    """An open index. The vector store, the embedding model, the retriever and the
    extractive answerer load on first use (listing articles needs none of them)."""

    def __init__(self, settings: Settings, key: str, catalog: Catalog, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.key = key
        self.catalog = catalog
        self._store: VectorStore | None = None
        self._embedder = embedder
        self._retriever: Retriever | None = None
        self._extractive: ExtractiveAnswerer | None = None
        self._loading = threading.RLock()

    @classmethod
    def open(cls, settings: Settings, key: str, embedder: Embedder | None = None, *, lazy: bool = True) -> Index:
        index = cls(settings, key, indexes.open_catalog(settings, key), embedder)
        if not lazy:
            index.load()
        return index

    def load(self) -> None:
        """Open the vector store and load the embedding model and the sentence splitter now,
        not on the first question."""
        _ = self.retriever, self.embedder, self.extractive

    def close(self) -> None:
        self.catalog.close()

    @property
    def store(self) -> VectorStore:
        if self._store is None:
            with self._loading:
                if self._store is None:
                    from rag.store import VectorStore

                    self._store = VectorStore(self.settings, indexes.collection_name(self.settings, self.key, self.catalog))
        return self._store

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            with self._loading:
                if self._embedder is None:
                    # Questions are embedded by the model the index was built with, whatever
                    # the settings now name: a new model serves once its index is built.
                    from rag.embed import make_embedder

                    built_with = self.catalog.get_meta("embed_model")
                    self._embedder = make_embedder(_with_model(self.settings, built_with) if built_with else self.settings)
        return self._embedder

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            from rag.retrieve import Retriever

            with self._loading:
                if self._retriever is None:
                    self._retriever = Retriever(self.catalog, self.store)
        return self._retriever

    @property
    def extractive(self) -> ExtractiveAnswerer:
        if self._extractive is None:
            from rag.answer import ExtractiveAnswerer

            with self._loading:
                if self._extractive is None:
                    self._extractive = ExtractiveAnswerer(self.catalog, self.settings)
        return self._extractive

    # --- writing ------------------------------------------------------------------

    def ingestor(self) -> Ingestor:
        from rag.ingest import Ingestor

        return Ingestor(self.catalog, self.store, self.embedder, self.settings)

    def builds_beside(self, wanted_key: str) -> bool:
        """Whether the settings ask for another kind of index (`wanted_key`) than this one,
        which has articles (so it must keep serving while the new one is built)."""
        return wanted_key != self.key and self.catalog.has_articles()

    def files_to_ingest(self, files: Sequence[Path], wanted_key: str) -> list[Path]:
        """The files, plus this index's articles when a new index is to be built beside it."""
        files = list(files)
        if not self.builds_beside(wanted_key):
            return files
        known = {Path(f).resolve() for f in files}
        return files + [Path(p) for p in self.catalog.paths().values() if Path(p).exists() and Path(p) not in known]

    def ingest(
        self, files: list[Path], prune: list[Path], rebuild: bool, on_file: Progress | None,
        wanted_key: str, wanted_embedder: Embedder | None,
    ) -> tuple[Index, IngestReport]:
        """Ingest into the index the settings ask for (`wanted_key`): this one, or a new one.
        Returns the index that serves afterwards (the caller swaps to it) and the report.

        When this index has articles and another kind is wanted, the new one is built
        beside it from the same articles (plus these files); this one keeps serving until
        the new one is complete, then the switch names the new one in one step. An
        interrupted build resumes on the next run."""
        if not self.builds_beside(wanted_key):
            if rebuild:
                self.clear()
            target = self if wanted_key == self.key else Index.open(self.settings, wanted_key, wanted_embedder)
            # Nothing else serves (a first ingest, or an empty index): serve this one from
            # the start, so that articles committed before an interruption answer at once.
            target.activate()
            return target, target._ingest_here(files, prune, on_file)

        self.catalog.set_meta(served="1")  # (indexes built before this mark existed)
        beside = Index.open(self.settings, wanted_key, wanted_embedder)
        if rebuild:
            beside.clear()
        report = beside._ingest_here(self.files_to_ingest(files, wanted_key), prune, on_file)
        report.switched_from = self.key
        beside.activate()
        return beside, report

    def _ingest_here(self, files: list[Path], prune: list[Path], on_file: Progress | None) -> IngestReport:
        self.catalog.set_meta(
            embed_model=self.embedder.name,
            chunk_size=str(self.settings.chunk_size),
            chunk_overlap=str(self.settings.chunk_overlap),
            terms_version=TERMS_VERSION,
        )
        return self.ingestor().run(files, prune=prune, on_file=on_file)

    def activate(self) -> None:
        """Make this the serving index."""
        self.catalog.set_meta(served="1")  # from now on a retired index, never an unfinished one
        indexes.switch(self.settings).activate(self.key)

    def clear(self) -> None:
        self.catalog.clear()
        self.store.reset()


@contextmanager
def writing(settings: Settings, keys: Callable[[], list[str]], on_busy: Callable[[], None] | None) -> Iterator[None]:
    """Hold the indexes `keys()` names for writing, in key order (so two writers never wait
    for each other crosswise). `keys` is asked again once they are held: a thread that
    switched index while we waited makes us take the new set."""
    locks = indexes.locks(settings)
    while True:
        wanted = keys()
        with ExitStack() as held:
            for key in wanted:
                held.enter_context(locks.writing(key, on_busy))
            if wanted == keys():
                yield
                return


def _with_model(settings: Settings, embed_name: str) -> Settings:
    """The settings with the embedding model an index records ("provider:model")."""
    provider, _, model = embed_name.partition(":")
    return settings.model_copy(update={"embed_provider": provider, "embed_model": model})
