"""An index's schema in PostgreSQL: its tables, made by numbered steps as the SQLite
catalog's are (rag.postgres.migrate runs them), and the connection the catalog's stores
share (PgDatabase, as rag.sqlite.Database is for SQLite)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any


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
        # 2: each chunk's number of terms and their total, for BM25 as SQLite's FTS5 ranks.
        f"ALTER TABLE {s}.chunks ADD COLUMN n_terms INTEGER NOT NULL DEFAULT 0",
        f"UPDATE {s}.chunks SET n_terms = (SELECT coalesce(sum(array_length(positions, 1)), 0) FROM unnest(terms))",
        f"INSERT INTO {s}.totals SELECT 'terms', coalesce(sum(n_terms), 0) FROM {s}.chunks",
        # 3: articles by their text's hash (a file moved elsewhere is found by what it says).
        f"CREATE INDEX ON {s}.articles (content_hash)",
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
