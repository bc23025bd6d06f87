"""The catalog: which articles are in the index, their text and chunks, and the keyword index.

One SQLite file under the data directory, read and written through stores that share its
one connection and its transactions (rag.sqlite):

- meta.Meta: what the index is (its key's ingredients, the collection id);
- articles.Articles: articles and their chunks, with the offsets citations are cut by;
- files.FileStats: the file-stat cache that lets a rerun skip unchanged files;
- pending.PendingJournal: articles whose vectors are being changed;
- keywords.KeywordIndex: BM25 over the chunks, and IDF for the answerer.

An article becomes visible in one transaction (article row + chunk rows + keyword rows),
which makes the catalog the commit record of ingestion: whatever Chroma holds that the
catalog does not name is ignored and cleaned up later, so a crash mid-ingest never leaves
a half-written article behind. The schema is the numbered steps in migrations.MIGRATIONS.

`Catalog` is the one object the rest of the code holds; its methods are the stores', under
the names the pipeline has always used. It knows its stores by their Protocols
(rag.catalog.protocols): `Catalog(path)` opens SQLite's, `Catalog.of(...)` takes others.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from rag.catalog.articles import Articles
from rag.catalog.files import FileStats
from rag.catalog.keywords import KeywordIndex
from rag.catalog.meta import Meta
from rag.catalog.migrations import MIGRATIONS
from rag.catalog.pending import PendingJournal
from rag.catalog.protocols import ArticleStore, FileStatStore, KeywordStore, MetaStore, PendingStore, Transactions
from rag.errors import StoreUnavailableError
from rag.schema import Article, Chunk, Source
from rag.sqlite import Database

# The tunables live with the store that uses them (files.STAT_MARGIN_NS,
# keywords.KEYWORD_POSTINGS): patch them there.
__all__ = ["Catalog"]


class Catalog:
    meta: MetaStore
    articles: ArticleStore
    files: FileStatStore
    journal: PendingStore
    keywords: KeywordStore
    _db: Transactions
    path: Path | None  # the SQLite file; None for another database

    def __init__(self, path: Path) -> None:
        """The SQLite catalog at `path` (made, or brought up to date, as it opens)."""
        self.path = path
        try:
            # NORMAL: an ingest commits often, and WAL keeps the file sound without FULL.
            db = Database(path, synchronous="NORMAL")
            db.migrate(MIGRATIONS, "catalog")
        except (OSError, sqlite3.Error) as e:
            raise StoreUnavailableError(
                f"cannot open the catalog at {path}: {e}",
                "RAG_DATA_DIR must be a writable folder; if the file is damaged, delete it and run `rag ingest` again",
            ) from None
        articles = Articles(db)
        self._use(db, Meta(db), articles, FileStats(db), PendingJournal(db), KeywordIndex(db, articles.chunk_count))

    @classmethod
    def of(
        cls, db: Transactions, meta: MetaStore, articles: ArticleStore, files: FileStatStore,
        journal: PendingStore, keywords: KeywordStore, path: Path | None = None,
    ) -> Catalog:
        """A catalog over other implementations of the stores, sharing `db`'s transactions."""
        catalog = cls.__new__(cls)
        catalog.path = path
        catalog._use(db, meta, articles, files, journal, keywords)
        return catalog

    def _use(self, db: Transactions, meta: MetaStore, articles: ArticleStore, files: FileStatStore,
             journal: PendingStore, keywords: KeywordStore) -> None:
        self._db, self.meta, self.articles, self.files, self.journal, self.keywords = (
            db, meta, articles, files, journal, keywords)

    def close(self) -> None:
        self._db.close()

    # --- what changes several stores at once -----------------------------------------

    def put_article(self, article: Article, chunks: Sequence[Chunk], term_lists: Sequence[list[str]]) -> None:
        """Replace the article, its chunks and their keyword rows in one transaction."""
        with self._db.transaction():
            self.keywords.forget(article.doc_id)
            rowids = self.articles.put(article, chunks)
            for rowid, chunk_terms in zip(rowids, term_lists, strict=True):
                self.keywords.add(rowid, chunk_terms)

    def delete_article(self, doc_id: str) -> None:
        with self._db.transaction():
            self.keywords.forget(doc_id)
            self.articles.delete(doc_id)
            self.files.forget(doc_id)

    def clear(self) -> None:
        """Forget every article (the vectors are the caller's to drop)."""
        with self._db.transaction():
            self.keywords.forget_all()
            self.articles.forget_all()
            self.journal.forget_all()
            self.files.forget_all()

    # --- index identity (meta) ---------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        return self.meta.get(key)

    def meta_or_set(self, key: str, value: str) -> str:
        return self.meta.get_or_set(key, value)

    def set_meta(self, **values: str) -> None:
        self.meta.set(**values)

    # --- articles and chunks -----------------------------------------------------------

    def article(self, doc_id: str) -> Article | None:
        return self.articles.article(doc_id)

    def description(self, doc_id: str) -> tuple[str, dict] | None:
        return self.articles.description(doc_id)

    def describe(self, article: Article) -> None:
        with self._db.transaction():
            self.articles.describe(article)

    def content_hash(self, doc_id: str) -> str | None:
        return self.articles.content_hash(doc_id)

    def has_articles(self) -> bool:
        return self.articles.any()

    def unknown(self, doc_ids: Iterable[str]) -> list[str]:
        return self.articles.unknown(doc_ids)

    def path_of(self, doc_id: str) -> str | None:
        return self.articles.path_of(doc_id)

    def paths(self) -> dict[str, str]:
        return self.articles.paths()

    def paths_with_content(self, content_hash: str) -> dict[str, str]:
        """doc_id -> absolute path of the articles whose text has this hash."""
        return self.articles.paths_with_content(content_hash)

    def sources(self, contains: str | None = None, limit: int | None = None, offset: int = 0) -> list[Source]:
        return self.articles.sources(contains, limit, offset)

    def count_articles(self, contains: str | None = None) -> int:
        return self.articles.count(contains)

    def counts(self) -> tuple[int, int]:
        """(articles, chunks)."""
        return self.count_articles(), self.chunk_count()

    def chunk_count(self) -> int:
        return self.articles.chunk_count()

    def chunks(self, chunk_ids: Iterable[str]) -> dict[str, tuple[Chunk, str, str]]:
        return self.articles.chunks(chunk_ids)

    def chunk_ids(self, doc_ids: Sequence[str]) -> list[str]:
        return self.articles.chunk_ids(doc_ids)

    def chunk_spans(self, doc_id: str) -> list[tuple[int, int, str]]:
        return self.articles.chunk_spans(doc_id)

    # --- file stats --------------------------------------------------------------------

    def file_unchanged(self, doc_id: str, stat: os.stat_result) -> bool:
        return self.files.unchanged(doc_id, stat)

    def set_file_stat(self, doc_id: str, stat: os.stat_result, checked_ns: int) -> None:
        self.files.set(doc_id, stat, checked_ns)

    def forget_file_stats(self) -> None:
        self.files.forget_all()

    # --- the pending journal -----------------------------------------------------------

    def mark_pending(self, doc_id: str) -> None:
        self.journal.mark(doc_id)

    def clear_pending(self, doc_id: str) -> None:
        self.journal.clear(doc_id)

    def pending(self) -> list[str]:
        return self.journal.all()

    # --- keyword search ----------------------------------------------------------------

    def keyword_search(self, query_terms: Sequence[str], limit: int, doc_ids: Sequence[str] | None = None) -> list[str]:
        return self.keywords.search(query_terms, limit, doc_ids)

    def document_frequencies(self, query_terms: Iterable[str]) -> dict[str, int]:
        return self.keywords.document_frequencies(query_terms)

    def idf(self, query_terms: Iterable[str]) -> tuple[dict[str, float], set[str]]:
        return self.keywords.idf(query_terms)
