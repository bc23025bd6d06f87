"""Files -> index, incrementally.

For each file: skip it unread when its size and mtime are as recorded when it was last
read (see rag.catalog.files.FileStats.unchanged); else load, skip when its content hash
is already indexed, else chunk, embed (batched across articles; a chunk whose text the
index already holds keeps its vector), mark the article pending, upsert its vectors,
commit it in the catalog, drop the vectors of its previous version, clear the mark. The
catalog commit is the moment the new version becomes visible: a crash before it leaves
the old version serving and the next run redoes the article; a crash after it leaves
stale vectors that retrieval ignores. Either way the article is still marked pending,
and the next run starts by deleting every vector of a pending article that the catalog
does not name.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rag.catalog import Catalog
from rag.chunk import chunk_article, heading
from rag.config import Settings
from rag.embed import Embedder
from rag.errors import LoadError
from rag.load import LOADER_VERSION, load_article, make_doc_id
from rag.schema import Article, Chunk
from rag.store import VectorStore
from rag.text import terms


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks: int = 0
    embedded: int = 0  # distinct chunk texts the model embedded
    kept: int = 0  # chunks that kept a vector the index held (moved, copied or unedited)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    seconds: float = 0.0
    switched_from: str = ""  # the index that served before this run built a new one

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} removed, {len(self.failed)} failed; "
            f"{self.chunks} chunks written{self._reused()} in {self.seconds:.1f}s"
        )

    def _reused(self) -> str:
        # (A text repeated within the run is embedded once, and is not a vector the index had.)
        return f" ({self.embedded} embedded, {self.kept} with the vectors the index had)" if self.kept else ""


# Chunks embedded and written to Chroma together before their articles are committed:
# big enough for Chroma's per-call cost to vanish (0.6 ms a record in batches of 64,
# 0.35 in batches of 256), small enough that an interruption loses little work (~8 s
# of the bundled model on 2 cores).
COMMIT_CHUNKS = 256

# Called once per file with (path, outcome): "added", "updated", "unchanged" or "failed".
Progress = Callable[[Path, str], None]


class Ingestor:
    def __init__(self, catalog: Catalog, store: VectorStore, embedder: Embedder, settings: Settings) -> None:
        self.catalog = catalog
        self.store = store
        self.embedder = embedder
        self.settings = settings
        self._read: dict[str, tuple] = {}  # doc_id -> (its file's stat, when read), recorded once committed
        self._moved: dict[str, list[str]] = {}  # doc_id -> the articles it replaces: its text, at paths now gone
        self._same_text: dict[str, list[str]] = {}  # doc_id -> indexed articles with its text (moved or copied)

    def run(self, files: Iterable[Path], prune: Sequence[Path] = (), on_file: Progress | None = None) -> IngestReport:
        """Ingest `files` (see `rag.load.discover` to expand folders), then remove the
        articles under the paths in `prune` whose files are gone."""
        started = time.perf_counter()
        self.recover()
        report = IngestReport()
        notify = on_file or (lambda path, outcome: None)
        batch: list[tuple[Path, Article, list[Chunk], str]] = []
        batch_chunks = 0

        if self.catalog.get_meta("loader_version") != LOADER_VERSION:
            self.catalog.forget_file_stats()  # text may come out differently now: read all
            self.catalog.set_meta(loader_version=LOADER_VERSION)
        seen: set[Path] = set()
        for path in files:
            resolved = path.resolve()
            if resolved in seen:  # the same file twice (say, two uploads of one name)
                continue
            seen.add(resolved)
            checked_ns = time.time_ns()  # before reading: a write after this is seen next run
            try:
                stat = path.stat()
                if self.catalog.file_unchanged(make_doc_id(str(resolved)), stat):
                    report.unchanged += 1
                    notify(path, "unchanged")
                    continue
            except OSError:
                stat = None  # load_article says what is wrong with it
            try:
                article = load_article(path)
            except LoadError as e:
                self._fail(report, path, str(e), notify)
                continue
            self._read[article.doc_id] = (stat, checked_ns)
            previous = self.catalog.content_hash(article.doc_id)
            if previous == article.content_hash and self.catalog.description(article.doc_id) == (article.title, article.metadata):
                self._record_stat(article.doc_id)
                report.unchanged += 1
                notify(path, "unchanged")
                continue
            try:
                chunks = chunk_article(article, self.settings.chunk_size, self.settings.chunk_overlap)
            except ValueError as e:
                self._fail(report, path, f"cannot chunk the text ({e})", notify)
                continue
            if previous == article.content_hash:
                # Same text, read differently (a newer loader): a new title or metadata
                # needs no new vectors; a body that starts elsewhere, or sections named
                # differently (the title read from a heading), is ingested anew.
                if self.catalog.chunk_spans(article.doc_id) == [(c.start, c.end, c.section) for c in chunks]:
                    self.catalog.describe(article)
                    self._record_stat(article.doc_id)
                    report.updated += 1
                    notify(path, "updated")
                    continue
                # Its chunk ids would be reused for other spans: remove it, then add it. If
                # the run stops in between, the article is missing until the next run
                # (which reads it again); rare, as only a loader change moves a body.
                self.remove(article.doc_id)
                previous = "removed"
            if previous is None:
                # A file moved (or its folder renamed): the same text is indexed under the
                # path it left. The copy there goes once this one is in (see _commit).
                same = self.catalog.paths_with_content(article.content_hash)
                gone = [doc_id for doc_id, old in same.items() if not Path(old).exists()]
                if gone:
                    self._moved[article.doc_id] = gone
                if same:
                    self._same_text[article.doc_id] = list(same)
            batch.append((path, article, chunks, "added" if previous is None else "updated"))
            batch_chunks += len(chunks)
            if batch_chunks >= COMMIT_CHUNKS:
                self._commit(batch, report, notify)
                batch, batch_chunks = [], 0
        self._commit(batch, report, notify)

        if prune:
            report.removed = self.prune(prune)
        report.seconds = time.perf_counter() - started
        return report

    def _fail(self, report: IngestReport, path: Path, reason: str, notify: Progress) -> None:
        """Report a file that could not be read. When an earlier version of it is indexed,
        that version stays (a file that fails to load may be mid-save, and the next run
        reads it again), but the report says so: it is not the file on disk."""
        if self.catalog.content_hash(make_doc_id(str(path.resolve()))) is not None:
            reason += "; its previous version is still in the index and answers questions until the file is fixed or removed"
        report.failed.append((str(path), reason))
        notify(path, "failed")

    def _commit(self, batch, report: IngestReport, notify: Progress) -> None:
        if not batch:
            return
        chunks = [chunk for _, _, article_chunks, _ in batch for chunk in article_chunks]
        # A chunk is found by where it sits as well as by what it says: its title and
        # headings ("gitfaq > Credentials > How do I ...?") are embedded and indexed with it.
        titles = {article.doc_id: article.title for _, article, _, _ in batch}
        located = [f"{heading(titles[c.doc_id], c.section)}\n{c.text}" for c in chunks]
        vectors = self._vectors(batch, located, report)
        hashes = {article.doc_id: article.content_hash for _, article, _, _ in batch}
        for doc_id in hashes:  # before the vectors: a crash from here on is healed by recover()
            self.catalog.mark_pending(doc_id)
        # One Chroma call for the whole batch: Chroma costs ~2-3 ms a record when called
        # per article (a few records), ~0.4 ms in batches of 64.
        self.store.add([c.chunk_id for c in chunks], vectors, [c.doc_id for c in chunks], [hashes[c.doc_id] for c in chunks])
        terms_of = {c.chunk_id: terms(text) for c, text in zip(chunks, located, strict=True)}
        for path, article, article_chunks, outcome in batch:
            self.catalog.put_article(article, article_chunks, [terms_of[c.chunk_id] for c in article_chunks])
            if outcome == "updated":
                self.store.delete_article(article.doc_id, keep_hash=article.content_hash)
            self.catalog.clear_pending(article.doc_id)
            self._record_stat(article.doc_id)
            replaced = self._moved.pop(article.doc_id, [])
            for old in replaced:
                self.remove(old)
            if replaced:
                outcome = "updated"  # (the same article, moved: its new doc_id had no vectors to drop)
            report.chunks += len(article_chunks)
            setattr(report, outcome, getattr(report, outcome) + 1)
            notify(path, outcome)

    def _vectors(self, batch, located: list[str], report: IngestReport) -> np.ndarray:
        """One vector per located chunk text. A text the index already holds, in the
        article's previous version or in an article with the same text (moved or copied),
        keeps the vector it has: an edit to one section of a long article embeds that
        section's chunks only (each section is chunked on its own), and a moved folder
        embeds nothing. The index's vectors come from the model it embeds with."""
        earlier: set[str] = set()
        for _, article, _, outcome in batch:
            if outcome == "updated":
                earlier.add(article.doc_id)
            earlier.update(self._same_text.pop(article.doc_id, []))
        known: dict[str, np.ndarray] = {}
        if earlier:
            stored = self.catalog.chunks(self.catalog.chunk_ids(sorted(earlier)))
            vectors = self.store.vectors(list(stored))
            known = {f"{heading(title, chunk.section)}\n{chunk.text}": vectors[chunk_id]
                     for chunk_id, (chunk, title, _) in stored.items() if chunk_id in vectors}
        new = [text for text in dict.fromkeys(located) if text not in known]
        report.kept += sum(text in known for text in located)
        if new:
            known.update(zip(new, self.embedder.embed(new), strict=True))
        report.embedded += len(new)
        return np.stack([known[text] for text in located])

    def _record_stat(self, doc_id: str) -> None:
        stat, checked_ns = self._read.pop(doc_id, (None, 0))
        if stat is not None:
            self.catalog.set_file_stat(doc_id, stat, checked_ns)

    def prune(self, roots: Sequence[Path]) -> int:
        """Remove the articles under `roots` whose files no longer exist."""
        gone = self.gone(roots)
        for doc_id in gone:
            self.remove(doc_id)
        return len(gone)

    def gone(self, roots: Sequence[Path]) -> dict[str, str]:
        """doc_id -> path of the articles under `roots` (folders or files) whose files no
        longer exist. Only under roots that exist: a folder that is missing as a whole is
        more likely unmounted or misnamed than emptied, and its articles stay."""
        present = [Path(r).resolve() for r in roots if Path(r).exists()]
        return {doc_id: path for doc_id, path in sorted(self.catalog.paths().items(), key=lambda item: item[1])
                if any(Path(path).is_relative_to(root) for root in present) and not Path(path).exists()}

    def remove(self, doc_id: str) -> None:
        # Catalog first: once it forgets the article, its vectors are invisible.
        self.catalog.mark_pending(doc_id)
        self.catalog.delete_article(doc_id)
        self.store.delete_article(doc_id)
        self.catalog.clear_pending(doc_id)

    def recover(self) -> None:
        """Delete the vectors an interrupted run left behind (see the module docstring)."""
        for doc_id in self.catalog.pending():
            self.store.delete_article(doc_id, keep_hash=self.catalog.content_hash(doc_id))
            self.catalog.clear_pending(doc_id)
