"""The catalog's stores in PostgreSQL (rag.catalog.protocols), for replicas sharing one
index. Each index has a schema of its own (`rag_ix_<key>`), made by numbered steps as the
SQLite catalog's are (rag.postgres.migrate).

The keyword index is PostgreSQL's full-text search over our own stems (rag.text.terms):
each chunk row carries its terms as a tsvector built from the stems themselves (no parser
in between, so questions and chunks are normalised alike), under a GIN index. Ranking is
BM25's shape: each query term's IDF times ts_rank of that term in the chunk (a term
frequency that saturates, normalised by the chunk's length), summed; as in the SQLite
store, only the rarest terms, up to KEYWORD_POSTINGS postings, are searched.
"""

from __future__ import annotations

import json
import math
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rag.catalog.articles import article_from_row, pack_spans, unpack_spans
from rag.catalog.files import STAT_MARGIN_NS
from rag.catalog.keywords import KEYWORD_POSTINGS
from rag.schema import Article, Chunk, Source


def schema_name(key: str) -> str:
    assert key.isalnum(), key  # (keys are hex digests; the name goes into SQL as it is)
    return f"rag_ix_{key}"


def steps(schema: str) -> list[str]:
    s = f'"{schema}"'
    return [
        f"CREATE SCHEMA IF NOT EXISTS {s}",
        f"CREATE TABLE {s}.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        f"""CREATE TABLE {s}.articles (doc_id TEXT PRIMARY KEY, title TEXT NOT NULL, source TEXT NOT NULL,
            path TEXT NOT NULL, content_hash TEXT NOT NULL, text TEXT NOT NULL, metadata TEXT NOT NULL,
            n_chunks INTEGER NOT NULL, ingested_at DOUBLE PRECISION NOT NULL)""",
        f"CREATE INDEX ON {s}.articles (source, title)",
        f"""CREATE TABLE {s}.chunks (id BIGSERIAL PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL,
            idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
            section TEXT NOT NULL, sentences TEXT NOT NULL, terms TSVECTOR)""",
        f"CREATE INDEX ON {s}.chunks (doc_id)",
        f"CREATE INDEX ON {s}.chunks USING GIN (terms)",
        f"CREATE TABLE {s}.totals (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
        f"INSERT INTO {s}.totals VALUES ('chunks', 0)",
        f"""CREATE TABLE {s}.file_stats (doc_id TEXT PRIMARY KEY, stat TEXT NOT NULL, changed_ns BIGINT NOT NULL,
            checked_ns BIGINT NOT NULL)""",
        f"CREATE TABLE {s}.pending (doc_id TEXT PRIMARY KEY)",
    ]


class PgDatabase:
    """The connection the stores share: a statement runs on this thread's transaction when
    one is open (they nest, as rag.sqlite's do), else on a pooled connection in autocommit."""

    def __init__(self, url: str, schema: str) -> None:
        from rag.postgres import pool

        self.pool, self.s = pool(url), f'"{schema}"'
        self._local = threading.local()

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            yield conn
            return
        with self.pool.connection() as conn, conn.transaction():
            self._local.conn = conn
            try:
                yield conn
            finally:
                self._local.conn = None

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            yield conn
        else:
            with self.pool.connection() as conn:
                yield conn

    def rows(self, statement: str, params: Sequence | dict = ()) -> list[tuple]:
        with self._connection() as conn:
            return conn.execute(statement.replace("~.", f"{self.s}."), params).fetchall()

    def row(self, statement: str, params: Sequence | dict = ()) -> tuple | None:
        found = self.rows(statement, params)
        return found[0] if found else None

    def run(self, statement: str, params: Sequence | dict = ()) -> None:
        with self._connection() as conn:
            conn.execute(statement.replace("~.", f"{self.s}."), params)

    def close(self) -> None:
        pass  # the pool is the process's (rag.postgres.pool)


class PgMeta:
    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    def get(self, key: str) -> str | None:
        row = self._db.row("SELECT value FROM ~.meta WHERE key = %s", (key,))
        return row[0] if row else None

    def get_or_set(self, key: str, value: str) -> str:
        with self._db.transaction():
            self._db.run("INSERT INTO ~.meta VALUES (%s, %s) ON CONFLICT DO NOTHING", (key, value))
            return self._db.rows("SELECT value FROM ~.meta WHERE key = %s", (key,))[0][0]

    def set(self, **values: str) -> None:
        with self._db.transaction():
            for key, value in values.items():
                self._db.run("INSERT INTO ~.meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                             (key, value))


class PgArticles:
    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    def put(self, article: Article, chunks: Sequence[Chunk]) -> list[int]:
        self._delete_chunks(article.doc_id)
        self._db.run(
            "INSERT INTO ~.articles VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (doc_id) DO UPDATE SET "
            "title = excluded.title, source = excluded.source, path = excluded.path, content_hash = excluded.content_hash, "
            "text = excluded.text, metadata = excluded.metadata, n_chunks = excluded.n_chunks, ingested_at = excluded.ingested_at",
            (article.doc_id, article.title, article.source, article.path, article.content_hash, article.text,
             json.dumps(article.metadata), len(chunks), time.time()),
        )
        ids = [self._db.rows(
            'INSERT INTO ~.chunks (chunk_id, doc_id, idx, start, "end", text, section, sentences) '
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
            (c.chunk_id, c.doc_id, c.index, c.start, c.end, c.text, c.section, pack_spans(c.sentences, c.start)),
        )[0][0] for c in chunks]
        self._db.run("UPDATE ~.totals SET value = value + %s WHERE name = 'chunks'", (len(ids),))
        return ids

    def describe(self, article: Article) -> None:
        self._db.run("UPDATE ~.articles SET title = %s, source = %s, metadata = %s WHERE doc_id = %s",
                     (article.title, article.source, json.dumps(article.metadata), article.doc_id))

    def delete(self, doc_id: str) -> None:
        self._delete_chunks(doc_id)
        self._db.run("DELETE FROM ~.articles WHERE doc_id = %s", (doc_id,))

    def forget_all(self) -> None:
        self._db.run("DELETE FROM ~.chunks")
        self._db.run("DELETE FROM ~.articles")
        self._db.run("UPDATE ~.totals SET value = 0 WHERE name = 'chunks'")

    def _delete_chunks(self, doc_id: str) -> None:
        gone = self._db.rows("DELETE FROM ~.chunks WHERE doc_id = %s RETURNING 1", (doc_id,))
        if gone:
            self._db.run("UPDATE ~.totals SET value = value - %s WHERE name = 'chunks'", (len(gone),))

    def article(self, doc_id: str) -> Article | None:
        row = self._db.row("SELECT doc_id, title, text, source, path, content_hash, metadata FROM ~.articles "
                           "WHERE doc_id = %s", (doc_id,))
        return article_from_row(row) if row else None

    def description(self, doc_id: str) -> tuple[str, dict] | None:
        row = self._db.row("SELECT title, metadata FROM ~.articles WHERE doc_id = %s", (doc_id,))
        return (row[0], json.loads(row[1])) if row else None

    def content_hash(self, doc_id: str) -> str | None:
        row = self._db.row("SELECT content_hash FROM ~.articles WHERE doc_id = %s", (doc_id,))
        return row[0] if row else None

    def path_of(self, doc_id: str) -> str | None:
        row = self._db.row("SELECT path FROM ~.articles WHERE doc_id = %s", (doc_id,))
        return row[0] if row else None

    def paths(self) -> dict[str, str]:
        return dict(self._db.rows("SELECT doc_id, path FROM ~.articles"))

    def any(self) -> bool:
        return bool(self._db.rows("SELECT EXISTS (SELECT 1 FROM ~.articles)")[0][0])

    def unknown(self, doc_ids: Iterable[str]) -> list[str]:
        wanted = list(doc_ids)
        known = {r[0] for r in self._db.rows("SELECT doc_id FROM ~.articles WHERE doc_id = ANY(%s)", (wanted,))}
        return [d for d in wanted if d not in known]

    def sources(self, contains: str | None = None, limit: int | None = None, offset: int = 0) -> list[Source]:
        where, params = _contains(contains)
        big = 2**63 - 1  # (a page past PostgreSQL's integers is simply empty)
        rows = self._db.rows(
            f"SELECT doc_id, title, source, n_chunks, length(text), metadata FROM ~.articles {where} "
            "ORDER BY source COLLATE \"C\" LIMIT %s OFFSET %s", [*params, None if limit is None else min(limit, big),
                                                                  min(offset, big)])
        return [Source(doc_id, title, source, n_chunks, chars, json.loads(metadata))
                for doc_id, title, source, n_chunks, chars, metadata in rows]

    def count(self, contains: str | None = None) -> int:
        where, params = _contains(contains)
        return self._db.rows(f"SELECT count(*) FROM ~.articles {where}", params)[0][0]

    def chunk_count(self) -> int:
        return self._db.rows("SELECT value FROM ~.totals WHERE name = 'chunks'")[0][0]

    def chunks(self, chunk_ids: Iterable[str]) -> dict[str, tuple[Chunk, str, str]]:
        ids = list(chunk_ids)
        if not ids:
            return {}
        rows = self._db.rows(
            'SELECT c.chunk_id, c.doc_id, c.idx, c.text, c.start, c."end", c.section, c.sentences, a.title, a.source '
            "FROM ~.chunks c JOIN ~.articles a USING (doc_id) WHERE c.chunk_id = ANY(%s)", (ids,))
        return {chunk_id: (Chunk(chunk_id, doc_id, index, text, start, end, section, unpack_spans(sentences, start)),
                           title, source)
                for chunk_id, doc_id, index, text, start, end, section, sentences, title, source in rows}

    def chunk_ids(self, doc_ids: Sequence[str]) -> list[str]:
        if not doc_ids:
            return []
        return [r[0] for r in self._db.rows("SELECT chunk_id FROM ~.chunks WHERE doc_id = ANY(%s)", (list(doc_ids),))]

    def chunk_spans(self, doc_id: str) -> list[tuple[int, int, str]]:
        return [tuple(r) for r in self._db.rows('SELECT start, "end", section FROM ~.chunks WHERE doc_id = %s ORDER BY idx',
                                                (doc_id,))]  # type: ignore[misc]


def _contains(text: str | None) -> tuple[str, list[str]]:
    if not text:
        return "", []
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return "WHERE title ILIKE %s OR source ILIKE %s", [pattern, pattern]


class PgFileStats:
    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    def unchanged(self, doc_id: str, stat: os.stat_result) -> bool:
        from rag.catalog.files import _changed_ns, _stat_key

        row = self._db.row("SELECT stat, checked_ns FROM ~.file_stats WHERE doc_id = %s", (doc_id,))
        return row is not None and row[0] == _stat_key(stat) and _changed_ns(stat) < row[1] - STAT_MARGIN_NS

    def set(self, doc_id: str, stat: os.stat_result, checked_ns: int) -> None:
        from rag.catalog.files import _changed_ns, _stat_key

        self._db.run("INSERT INTO ~.file_stats VALUES (%s, %s, %s, %s) ON CONFLICT (doc_id) DO UPDATE SET "
                     "stat = excluded.stat, changed_ns = excluded.changed_ns, checked_ns = excluded.checked_ns",
                     (doc_id, _stat_key(stat), _changed_ns(stat), checked_ns))

    def forget(self, doc_id: str) -> None:
        self._db.run("DELETE FROM ~.file_stats WHERE doc_id = %s", (doc_id,))

    def forget_all(self) -> None:
        self._db.run("DELETE FROM ~.file_stats")


class PgPending:
    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    def mark(self, doc_id: str) -> None:
        self._db.run("INSERT INTO ~.pending VALUES (%s) ON CONFLICT DO NOTHING", (doc_id,))

    def clear(self, doc_id: str) -> None:
        self._db.run("DELETE FROM ~.pending WHERE doc_id = %s", (doc_id,))

    def all(self) -> list[str]:
        return [r[0] for r in self._db.rows("SELECT doc_id FROM ~.pending")]

    def forget_all(self) -> None:
        self._db.run("DELETE FROM ~.pending")


class PgKeywords:
    def __init__(self, db: PgDatabase, chunk_count: Callable[[], int]) -> None:
        self._db = db
        self._chunk_count = chunk_count

    def add(self, rowid: int, terms: Sequence[str]) -> None:
        self._db.run("UPDATE ~.chunks SET terms = %s::tsvector WHERE id = %s", (_tsvector(terms), rowid))

    def forget(self, doc_id: str) -> None:
        pass  # the terms live in the chunk rows, which go with the article

    def forget_all(self) -> None:
        pass  # (as forget)

    def search(self, query_terms: Sequence[str], limit: int, doc_ids: Sequence[str] | None = None) -> list[str]:
        df = self.document_frequencies(query_terms)
        idf = self._idf(df)
        kept, postings = [], 0
        for term in sorted((t for t in df if df[t]), key=lambda t: (df[t], t)):
            postings += df[term]
            if postings > KEYWORD_POSTINGS:
                break
            kept.append(term)
        if not kept:
            return []
        score = " + ".join("%s * ts_rank(terms, %s::tsquery, 1)" for _ in kept)
        params: list = [v for t in kept for v in (idf[t], _lexeme(t))]
        params.append(" | ".join(_lexeme(t) for t in kept))
        statement = f"SELECT chunk_id, {score} AS score FROM ~.chunks WHERE terms @@ %s::tsquery"
        if doc_ids is not None:
            statement += " AND doc_id = ANY(%s)"
            params.append(list(doc_ids))
        rows = self._db.rows(statement + " ORDER BY score DESC, id LIMIT %s", [*params, limit])
        return [r[0] for r in rows]

    def document_frequencies(self, query_terms: Iterable[str]) -> dict[str, int]:
        unique = sorted(set(query_terms))
        if not unique:
            return {}
        # One round trip; each count is a GIN lookup of one term.
        counts = self._db.rows("SELECT (SELECT count(*) FROM ~.chunks WHERE terms @@ q::tsquery) "
                               "FROM unnest(%s::text[]) WITH ORDINALITY AS u(q, n) ORDER BY n",
                               ([_lexeme(t) for t in unique],))
        return {t: row[0] for t, row in zip(unique, counts)}

    def idf(self, query_terms: Iterable[str]) -> tuple[dict[str, float], set[str]]:
        df = self.document_frequencies(query_terms)
        return self._idf(df), {t for t, n in df.items() if not n}

    def _idf(self, df: dict[str, int]) -> dict[str, float]:
        """BM25's inverse document frequency, as the SQLite store's."""
        total = self._chunk_count()
        return {t: math.log(1 + (total - n + 0.5) / (n + 0.5)) for t, n in df.items()}


def _lexeme(term: str) -> str:
    """A term as a tsvector/tsquery lexeme literal, taken as it is (no parser, no stemming)."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsvector(terms: Sequence[str]) -> str:
    """The terms with their positions (1-based; PostgreSQL keeps up to 16383)."""
    positions: dict[str, list[int]] = {}
    for n, term in enumerate(terms, 1):
        positions.setdefault(term, []).append(min(n, 16383))
    return " ".join(f"{_lexeme(t)}:{','.join(map(str, p[:256]))}" for t, p in positions.items())


def open_catalog(url: str, key: str):
    """The catalog of index `key` in the database at `url` (made, or brought up to date)."""
    from rag.catalog import Catalog
    from rag.postgres import migrate

    schema = schema_name(key)
    migrate(url, f"catalog {key}", steps(schema))
    db = PgDatabase(url, schema)
    articles = PgArticles(db)
    return Catalog.of(db, PgMeta(db), articles, PgFileStats(db), PgPending(db), PgKeywords(db, articles.chunk_count))


def keys(url: str) -> list[str]:
    """Every index in the database."""
    from rag.postgres import pool

    with pool(url).connection() as conn:
        rows = conn.execute("SELECT component FROM rag_schema WHERE component LIKE 'catalog %'").fetchall()
    return sorted(r[0].split(" ", 1)[1] for r in rows)


def drop(url: str, key: str) -> None:
    """Delete index `key`'s catalog: its schema, and the record of its schema steps."""
    from rag.postgres import pool

    with pool(url).connection() as conn, conn.transaction():
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema_name(key)}" CASCADE')
        conn.execute("DELETE FROM rag_schema WHERE component = %s", (f"catalog {key}",))
    from rag.postgres import forget_migrated

    forget_migrated(url, f"catalog {key}")
