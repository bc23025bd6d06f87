"""Every change to the corpus an Assistant makes: ingesting files, uploads, replacements
and deletes, and settling what a killed writer left half-done.

Each runs with the write locks held (rag.index.writing) and first settles any half-done
work. Uploads are journalled (rag.uploads): a file that fails is put back, so file and
index change together or not at all. In shared mode the files and their journal are in
PostgreSQL (rag.pg_uploads.PgUploads), so any replica replaces or deletes any upload. An ingest that builds a new index beside the serving
one ends by swapping the holder's index in one assignment (rag.index.Index.ingest).

What it does not do: answer questions (rag.assistant) or know how files are read
(rag.ingest, rag.load).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from rag import index as index_module
from rag import indexes, uploads
from rag.config import Settings
from rag.errors import LoadError, NotAnUploadError, NotFoundError
from rag.index import Index
from rag.load import discover, load_article, make_doc_id

if TYPE_CHECKING:
    from rag.embed import Embedder
    from rag.seams import UploadJournal
    from rag.ingest import IngestReport, Progress


class Holder(Protocol):
    """What holds the serving index (an Assistant): the writes read it and swap it."""

    settings: Settings
    index: Index
    chosen_embedder: Embedder | None


class Writes:
    def __init__(self, holder: Holder) -> None:
        self.holder = holder

    @property
    def index(self) -> Index:
        return self.holder.index

    # --- what the settings ask for ---------------------------------------------------

    def wanted_model(self) -> str:
        chosen = self.holder.chosen_embedder
        return chosen.name if chosen else self.holder.settings.embed_name

    def wanted_key(self) -> str:
        return indexes.index_key(self.wanted_model(), self.holder.settings)

    def _embedder_for(self, model_name: str) -> Embedder | None:
        return next((e for e in (self.holder.chosen_embedder, self.index.embedder) if e and e.name == model_name), None)

    @contextmanager
    def locked(self, on_busy: Callable[[], None] | None) -> Iterator[None]:
        """Hold the serving index and the one an ingest writes to (a build beside, when the
        settings changed): deletes and uploads to the serving index must wait for a build
        beside, or the switch would lose them."""
        with index_module.writing(self.holder.settings, lambda: sorted({self.index.key, self.wanted_key()}), on_busy):
            yield

    # --- the writes: each holds the locks and first settles what a killed writer left ---

    def ingest(
        self, paths: Iterable[Path | str], prune: bool, rebuild: bool, on_file: Progress | None,
        files: Sequence[Path] | None, on_busy: Callable[[], None] | None,
    ) -> IngestReport:
        """Ingest files and folders; `files`, when given, is the already-expanded list.

        When the settings name another embedding model or chunking than the serving index
        was built with, a new index is built beside it from the same articles (plus these
        files); the old one keeps serving until the new one is complete, then ACTIVE
        switches to it in one step. An interrupted build resumes on the next run.

        With `prune`, the articles under `paths` (or `files`, when no paths are given) whose
        files are gone are removed (see Assistant.to_prune).

        While another process writes to the same index, this raises IndexBusyError or,
        with `on_busy`, calls it and waits.
        """
        given = [Path(p) for p in paths]
        files = list(files) if files is not None else list(discover(given))
        with self.locked(on_busy):
            self._reconcile()
            return self._ingest(files, (given or files) if prune else [], rebuild, on_file)

    def upload(
        self, files: Mapping[str, bytes], on_file: Progress | None, on_busy: Callable[[], None] | None
    ) -> tuple[list[Path], IngestReport]:
        """Save files sent by name (from the API or the UI) in the data directory's
        `uploads/` and ingest them. A file never replaces another article: a taken name gets
        a number ("report-2.md"), and the same bytes under a taken name are that article
        (see rag.uploads). A file that fails is removed, and file and index change together
        or not at all, even when the process dies; nothing is written while another writer works."""
        with self.locked(on_busy):
            self._reconcile()
            folder = self.uploads_folder()
            targets: dict[Path, bytes] = {}
            for name, data in files.items():
                targets[uploads.stored_name(folder, name, data, taken=set(targets))] = data
            return list(targets), self._store(targets, on_file)

    def replace(self, doc_id: str, data: bytes, on_busy: Callable[[], None] | None) -> IngestReport:
        """Replace an uploaded article's file with new bytes and ingest it; if they fail, the
        old version stays, on disk and in the index. Files outside `uploads/` are the user's:
        change them and run `rag ingest`."""
        with self.locked(on_busy):
            self._reconcile()
            path = self._path_of(doc_id)
            if not self._is_upload(path):
                raise NotAnUploadError(
                    f"article {doc_id} was ingested from a file, not uploaded, so it cannot be replaced by an upload",
                    "change the file and run `rag ingest`, or upload the new version as a new article",
                )
            return self._store({Path(path): data}, None)

    def remove(self, doc_id: str) -> None:
        """Remove an article from the index; an uploaded one (in the data directory's
        `uploads/`) loses its file too, journalled like an upload. Files elsewhere are the
        user's and stay. An unknown doc_id raises NotFoundError."""
        with self.locked(None):
            self._reconcile()
            path = self._path_of(doc_id)
            ingestor = self.index.ingestor()
            if not self._is_upload(path):
                ingestor.remove(doc_id)
                return
            journal = self.journal()
            change = journal.begin(Path(path))
            try:
                journal.delete(change)
                ingestor.remove(doc_id)
            finally:
                journal.settle(change, keep=self._holds(Path(path)))

    def recover(self) -> int:
        """Finish or undo what a process that died mid-write left (vectors of unfinished
        articles, half-done uploads). Writers do it first anyway; a server does it on start.
        Returns how many uploads were settled."""
        with self.locked(None):
            return self._reconcile()

    def _reconcile(self) -> int:
        """(With the locks held.) See `recover`."""
        self.index.ingestor().recover()
        return self.journal().reconcile(self._holds)

    def _ingest(self, files: list[Path], prune: list[Path], rebuild: bool, on_file: Progress | None) -> IngestReport:
        """(With the locks held.) Swaps the holder to the index that serves afterwards."""
        wanted_model = self.wanted_model()
        self.holder.index, report = self.index.ingest(
            files, prune, rebuild, on_file, self.wanted_key(), self._embedder_for(wanted_model))
        return report

    # --- uploads ---------------------------------------------------------------------

    def _store(self, targets: Mapping[Path, bytes], on_file: Progress | None) -> IngestReport:
        """Write each file (journalled) and ingest them; keep those the index took, put back
        the others."""
        journal = self.journal()
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

    def _holds(self, path: Path) -> bool:
        """Whether the index holds the file as it is on disk (or nothing of it, when it is gone)."""
        indexed = self.index.catalog.content_hash(make_doc_id(str(path.resolve())))
        if not path.exists():
            return indexed is None
        try:
            return load_article(path).content_hash == indexed
        except LoadError:
            return False

    def _path_of(self, doc_id: str) -> str:
        path = self.index.catalog.path_of(doc_id)
        if path is None:
            raise NotFoundError(f"no article with doc_id {doc_id}", "see `rag sources` or GET /v1/documents for the doc_ids")
        return path

    def journal(self) -> UploadJournal:
        """Where uploads are kept: the data directory's uploads/, or in shared mode the
        database (rag.indexes.upload_journal)."""
        return indexes.upload_journal(self.holder.settings)

    def uploads_folder(self) -> Path:
        folder = self.journal().uploads
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _is_upload(self, path: str) -> bool:
        return Path(path).parent == self.uploads_folder().resolve()

    def files_to_ingest(self, files: Sequence[Path]) -> list[Path]:
        return self.index.files_to_ingest(files, self.wanted_key())
