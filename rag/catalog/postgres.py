"""The catalog in PostgreSQL (the stores of rag.catalog.protocols), for replicas sharing
one index: opening one, listing and dropping them, and its small stores (metadata, the
file-stat cache, the pending journal). Each index has a schema of its own
(`rag_ix_<key>`, rag.catalog.pg_database); the articles are in pg_articles, the keyword
index in pg_keywords.
"""

from __future__ import annotations

import os

from rag.catalog import files
from rag.catalog.pg_articles import PgArticles
from rag.catalog.pg_database import PgDatabase, schema_name, steps
from rag.catalog.pg_keywords import PgKeywords


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


class PgFileStats:
    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    def unchanged(self, doc_id: str, stat: os.stat_result) -> bool:
        from rag.catalog.files import _changed_ns, _stat_key

        row = self._db.row("SELECT stat, checked_ns FROM ~.file_stats WHERE doc_id = %s", (doc_id,))
        return row is not None and row[0] == _stat_key(stat) and _changed_ns(stat) < row[1] - files.STAT_MARGIN_NS

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
        if not conn.execute("SELECT to_regclass('rag_schema')").fetchone()[0]:
            return []  # a new database
        rows = conn.execute("SELECT component FROM rag_schema WHERE component LIKE 'catalog %'").fetchall()
    return sorted(r[0].split(" ", 1)[1] for r in rows)


def drop(url: str, key: str) -> None:
    """Delete index `key`'s catalog: its schema, and the record of its schema steps."""
    from rag.postgres import pool

    with pool(url).connection() as conn, conn.transaction():
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema_name(key)}" CASCADE')
        if conn.execute("SELECT to_regclass('rag_schema')").fetchone()[0]:  # (none in a new database)
            conn.execute("DELETE FROM rag_schema WHERE component = %s", (f"catalog {key}",))
    from rag.postgres import forget_migrated

    forget_migrated(url, f"catalog {key}")
