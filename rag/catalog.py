"""The catalog: which articles are in the index, their text and chunks, and the keyword index.

One SQLite file under the data directory. An article becomes visible in one transaction
(article row + chunk rows + keyword rows), which makes the catalog the commit record of
ingestion: whatever Chroma holds that the catalog does not name is ignored and cleaned up
later, so a crash mid-ingest never leaves a half-written article behind.

The keyword index is SQLite's FTS5 over `rag.text.terms()` (our own stems, so questions
and chunks are normalised the same way), ranked by FTS5's built-in BM25. It is updated
per article and never rebuilt.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path

from rag.errors import StoreUnavailableError
from rag.schema import Article, Chunk, Source

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    doc_id TEXT PRIMARY KEY, title TEXT NOT NULL, source TEXT NOT NULL, path TEXT NOT NULL,
    content_hash TEXT NOT NULL, text TEXT NOT NULL, metadata TEXT NOT NULL,
    n_chunks INTEGER NOT NULL, ingested_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    section TEXT NOT NULL DEFAULT '', sentences TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS chunks_by_doc ON chunks (doc_id);
-- Each article's file as it was when read: a rerun skips files whose size and mtime have
-- not changed without reading them (parsing a PDF or HTML file is the slow part).
CREATE TABLE IF NOT EXISTS file_stats (
    doc_id TEXT PRIMARY KEY, stat TEXT NOT NULL, changed_ns INTEGER NOT NULL, checked_ns INTEGER NOT NULL
);
-- Listing a page of articles in order reads only that page, and searching titles and
-- paths reads only this index, not the articles' text, whatever the corpus size.
CREATE INDEX IF NOT EXISTS articles_by_source_title ON articles (source, title);
-- Articles whose vectors are being changed; cleared once Chroma matches the catalog.
CREATE TABLE IF NOT EXISTS pending (doc_id TEXT PRIMARY KEY);
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_terms USING fts5 (terms, tokenize = 'unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_vocab USING fts5vocab (chunk_terms, 'row');
-- The number of chunks, kept by triggers: every question needs it (for IDF), and
-- count(*) would scan the whole table (about 100 ms at a million chunks).
CREATE TABLE IF NOT EXISTS totals (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS chunk_added AFTER INSERT ON chunks
    BEGIN UPDATE totals SET value = value + 1 WHERE name = 'chunks'; END;
CREATE TRIGGER IF NOT EXISTS chunk_removed AFTER DELETE ON chunks
    BEGIN UPDATE totals SET value = value - 1 WHERE name = 'chunks'; END;
"""


# A file modified less than this before it was read is read again next time (see
# Catalog.file_unchanged).
STAT_MARGIN_NS = 2_000_000_000

# Keyword search ranks the chunks holding the question's rarest terms, up to this many
# postings in all: FTS5 scores every match (~1.5 µs each here), so at most ~3 ms whatever
# the corpus size. Rarer words (names, numbers) are what keyword search adds to dense
# retrieval; a word in more chunks than this is left to the dense side.
KEYWORD_POSTINGS = 2_000

SQLITE_MAX_INT = 2**63 - 1


class Catalog:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # One connection shared by threads; the lock keeps statements from interleaving.
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._add_columns(section="TEXT NOT NULL DEFAULT ''", sentences="TEXT NOT NULL DEFAULT ''")
            if not self._db.execute("SELECT 1 FROM totals WHERE name = 'chunks'").fetchone():
                # A new catalog, or one made before the totals table: count once.
                self._db.execute("INSERT OR IGNORE INTO totals SELECT 'chunks', count(*) FROM chunks")
        except (OSError, sqlite3.Error) as e:
            raise StoreUnavailableError(
                f"cannot open the catalog at {path}: {e}",
                "RAG_DATA_DIR must be a writable folder; if the file is damaged, delete it and run `rag ingest` again",
            ) from None
        self._lock = threading.RLock()

    def close(self) -> None:
        self._db.close()

    def _add_columns(self, **columns: str) -> None:
        """Columns newer code needs, added to a catalog made before them (each on its own:
        another process opening the same catalog may add one first)."""
        for name, kind in columns.items():
            if name not in {row[1] for row in self._db.execute("PRAGMA table_info(chunks)")}:
                try:
                    self._db.execute(f"ALTER TABLE chunks ADD COLUMN {name} {kind}")
                except sqlite3.OperationalError as e:
                    if "duplicate column" not in str(e):
                        raise

    # --- index identity -------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def meta_or_set(self, key: str, value: str) -> str:
        """The stored value of `key`, storing `value` first if there is none (atomic, so
        two processes opening a new catalog agree)."""
        with self._lock, self._transaction():
            self._db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, value))
            return self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]

    def set_meta(self, **values: str) -> None:
        with self._lock, self._transaction():
            self._db.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", values.items()
            )

    # --- articles --------------------------------------------------------------------

    def description(self, doc_id: str) -> tuple[str, dict] | None:
        """(title, metadata) of an article."""
        with self._lock:
            row = self._db.execute("SELECT title, metadata FROM articles WHERE doc_id = ?", (doc_id,)).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    def describe(self, article: Article) -> None:
        """Store the article's title, source and metadata; its text and chunks stay."""
        with self._lock, self._transaction():
            self._db.execute(
                "UPDATE articles SET title = ?, source = ?, metadata = ? WHERE doc_id = ?",
                (article.title, article.source, json.dumps(article.metadata), article.doc_id),
            )

    def chunk_spans(self, doc_id: str) -> list[tuple[int, int, str]]:
        """(start, end, section path) of each chunk of an article, in order."""
        with self._lock:
            return list(self._db.execute('SELECT start, "end", section FROM chunks WHERE doc_id = ? ORDER BY idx',
                                         (doc_id,)))

    def content_hash(self, doc_id: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT content_hash FROM articles WHERE doc_id = ?", (doc_id,)
            ).fetchone()
        return row[0] if row else None

    def has_articles(self) -> bool:
        with self._lock:
            return self._db.execute("SELECT EXISTS (SELECT 1 FROM articles)").fetchone()[0] == 1

    def file_unchanged(self, doc_id: str, stat: os.stat_result) -> bool:
        """Whether the article's file is as it was when last read: same size, inode, mtime
        and ctime (which no tool can set back, unlike mtime). Like git's index, a file
        changed within STAT_MARGIN_NS of that read is not trusted: file times are coarse,
        and a quick second write could keep them."""
        with self._lock:
            row = self._db.execute("SELECT stat, checked_ns FROM file_stats WHERE doc_id = ?", (doc_id,)).fetchone()
        return bool(row) and row[0] == _stat_key(stat) and _changed_ns(stat) < row[1] - STAT_MARGIN_NS

    def set_file_stat(self, doc_id: str, stat: os.stat_result, checked_ns: int) -> None:
        """Record the file as read at `checked_ns` (taken before reading it)."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO file_stats VALUES (?, ?, ?, ?)",
                (doc_id, _stat_key(stat), _changed_ns(stat), checked_ns),
            )

    def forget_file_stats(self) -> None:
        """Read every file again on the next run (the loader changed)."""
        with self._lock:
            self._db.execute("DELETE FROM file_stats")

    def put_article(self, article: Article, chunks: Sequence[Chunk], term_lists: Sequence[list[str]]) -> None:
        """Replace the article and its chunks in one transaction."""
        with self._lock, self._transaction():
            self._delete_chunks(article.doc_id)
            self._db.execute(
                "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.doc_id, article.title, article.source, article.path,
                    article.content_hash, article.text, json.dumps(article.metadata),
                    len(chunks), time.time(),
                ),
            )
            for chunk, chunk_terms in zip(chunks, term_lists, strict=True):
                cursor = self._db.execute(
                    'INSERT INTO chunks (chunk_id, doc_id, idx, start, "end", text, section, sentences) '
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (chunk.chunk_id, chunk.doc_id, chunk.index, chunk.start, chunk.end, chunk.text,
                     chunk.section, _pack_spans(chunk.sentences, chunk.start)),
                )
                self._db.execute(
                    "INSERT INTO chunk_terms (rowid, terms) VALUES (?, ?)",
                    (cursor.lastrowid, " ".join(chunk_terms)),
                )

    def delete_article(self, doc_id: str) -> None:
        with self._lock, self._transaction():
            self._delete_chunks(doc_id)
            self._db.execute("DELETE FROM articles WHERE doc_id = ?", (doc_id,))
            self._db.execute("DELETE FROM file_stats WHERE doc_id = ?", (doc_id,))

    def clear(self) -> None:
        """Forget every article (the vectors are the caller's to drop)."""
        with self._lock, self._transaction():
            for table in ("chunk_terms", "chunks", "articles", "pending", "file_stats"):
                self._db.execute(f"DELETE FROM {table}")

    def _delete_chunks(self, doc_id: str) -> None:
        self._db.execute(
            "DELETE FROM chunk_terms WHERE rowid IN (SELECT id FROM chunks WHERE doc_id = ?)",
            (doc_id,),
        )
        self._db.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))

    def article(self, doc_id: str) -> Article | None:
        with self._lock:
            row = self._db.execute(
                "SELECT doc_id, title, text, source, path, content_hash, metadata FROM articles WHERE doc_id = ?",
                (doc_id,),
            ).fetchone()
        if not row:
            return None
        from rag.load import body_start  # (found again: the table does not keep it)

        return Article(*row[:6], metadata=json.loads(row[6]), body_start=body_start(row[2], row[3]))

    def unknown(self, doc_ids: Iterable[str]) -> list[str]:
        """The doc_ids among these that are not in the catalog."""
        with self._lock:
            return [d for d in doc_ids if not self._db.execute(
                "SELECT 1 FROM articles WHERE doc_id = ?", (d,)).fetchone()]

    def path_of(self, doc_id: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT path FROM articles WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def paths(self) -> dict[str, str]:
        """doc_id -> absolute path of every article."""
        with self._lock:
            return dict(self._db.execute("SELECT doc_id, path FROM articles"))

    def sources(self, contains: str | None = None, limit: int | None = None, offset: int = 0) -> list[Source]:
        """Articles in order of their source path; `contains` keeps those whose title or
        source holds that text (any case)."""
        where, params = _contains(contains)
        # SQLite integers stop at 2**63 - 1; a page past that is simply empty.
        limit, offset = (-1 if limit is None else min(limit, SQLITE_MAX_INT)), min(offset, SQLITE_MAX_INT)
        with self._lock:
            rows = self._db.execute(
                f"SELECT doc_id, title, source, n_chunks, length(text), metadata FROM articles {where} "
                "ORDER BY source LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        return [Source(*row[:5], metadata=json.loads(row[5])) for row in rows]

    def count_articles(self, contains: str | None = None) -> int:
        where, params = _contains(contains)
        with self._lock:
            return self._db.execute(f"SELECT count(*) FROM articles {where}", params).fetchone()[0]

    def counts(self) -> tuple[int, int]:
        """(articles, chunks)."""
        return self.count_articles(), self.chunk_count()

    def chunk_count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT value FROM totals WHERE name = 'chunks'").fetchone()[0]

    # --- articles whose vectors are in flux ----------------------------------------------

    def mark_pending(self, doc_id: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO pending VALUES (?)", (doc_id,))

    def clear_pending(self, doc_id: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM pending WHERE doc_id = ?", (doc_id,))

    def pending(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT doc_id FROM pending")]

    # --- chunks and keyword search ---------------------------------------------------

    def chunks(self, chunk_ids: Iterable[str]) -> dict[str, tuple[Chunk, str, str]]:
        """chunk_id -> (chunk, title, source) for the ids the catalog knows."""
        ids = list(chunk_ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        with self._lock:
            rows = self._db.execute(
                f'SELECT c.chunk_id, c.doc_id, c.idx, c.text, c.start, c."end", c.section, c.sentences, '
                f"a.title, a.source FROM chunks c JOIN articles a USING (doc_id) WHERE c.chunk_id IN ({marks})",
                ids,
            ).fetchall()
        return {r[0]: (Chunk(*r[:7], sentences=_unpack_spans(r[7], r[4])), r[8], r[9]) for r in rows}

    def chunk_ids(self, doc_ids: Sequence[str]) -> list[str]:
        """Every chunk id of these articles."""
        if not doc_ids:
            return []
        with self._lock:
            return [r[0] for r in self._db.execute(
                f"SELECT chunk_id FROM chunks WHERE doc_id IN ({','.join('?' * len(doc_ids))})", list(doc_ids))]

    def keyword_search(
        self, query_terms: Sequence[str], limit: int, doc_ids: Sequence[str] | None = None
    ) -> list[str]:
        """Chunk ids ranked by BM25 over any of the terms: the rarest ones, as many as fit in
        KEYWORD_POSTINGS (FTS5 ranks every chunk that matches, so a common word would make
        the cost grow with the corpus; such words weigh little in BM25 anyway)."""
        kept = self._rarest(set(query_terms), KEYWORD_POSTINGS)
        if not kept:
            return []
        match = " OR ".join(f'"{t}"' for t in kept)
        sql = (
            "SELECT c.chunk_id FROM chunk_terms JOIN chunks c ON c.id = chunk_terms.rowid "
            "WHERE chunk_terms MATCH ?"
        )
        params: list = [match]
        if doc_ids is not None:
            sql += f" AND c.doc_id IN ({','.join('?' * len(doc_ids))})"
            params += list(doc_ids)
        sql += " ORDER BY bm25(chunk_terms) LIMIT ?"
        with self._lock:
            return [r[0] for r in self._db.execute(sql, [*params, limit])]

    def _rarest(self, query_terms: set[str], budget: int) -> list[str]:
        df = self.document_frequencies(query_terms)
        kept, postings = [], 0
        for term in sorted((t for t in df if df[t]), key=lambda t: (df[t], t)):
            postings += df[term]
            if postings > budget:
                break
            kept.append(term)
        return kept

    def document_frequencies(self, query_terms: Iterable[str]) -> dict[str, int]:
        """How many chunks hold each term (0 for none); an indexed lookup per term."""
        unique = sorted(set(query_terms))
        if not unique:
            return {}
        with self._lock:
            found = dict(self._db.execute(
                f"SELECT term, doc FROM chunk_vocab WHERE term IN ({','.join('?' * len(unique))})", unique))
        return {t: found.get(t, 0) for t in unique}

    def idf(self, query_terms: Iterable[str]) -> tuple[dict[str, float], set[str]]:
        """BM25-style inverse document frequency of each term over all chunks, and the
        terms that occur in no chunk at all."""
        df = self.document_frequencies(query_terms)
        total = self.chunk_count()
        idf = {t: math.log(1 + (total - n + 0.5) / (n + 0.5)) for t, n in df.items()}
        return idf, {t for t, n in df.items() if not n}

    # --- helpers ------------------------------------------------------------------------

    @contextmanager
    def _transaction(self):
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (Ctrl-C included)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")


def _stat_key(stat: os.stat_result) -> str:
    return f"{stat.st_size}:{stat.st_ino}:{stat.st_mtime_ns}:{stat.st_ctime_ns}"


def _changed_ns(stat: os.stat_result) -> int:
    return max(stat.st_mtime_ns, stat.st_ctime_ns)


def _contains(text: str | None) -> tuple[str, list[str]]:
    if not text:
        return "", []
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return "WHERE title LIKE ? ESCAPE '\\' OR source LIKE ? ESCAPE '\\'", [pattern, pattern]


def _pack_spans(spans: Sequence[tuple[int, int]] | None, base: int) -> str:
    """Sentence spans as "a-b a-b", relative to the chunk (small, and fast to read back);
    a chunk with none (all code) is " ", told apart from "" (not known: stored before
    spans were, or by a caller that did not find them)."""
    if spans is None:
        return ""
    return " ".join(f"{a - base}-{b - base}" for a, b in spans) or " "


def _unpack_spans(packed: str, base: int) -> tuple[tuple[int, int], ...] | None:
    """None for a chunk stored before sentences were (the answerer then splits its text)."""
    if not packed:
        return None
    return tuple((base + int(a), base + int(b)) for a, b in (pair.split("-") for pair in packed.split()))
