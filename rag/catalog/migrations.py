"""The catalog's schema, as the numbered steps that built it (rag.sqlite runs them).

Step n brings a catalog to `PRAGMA user_version` n. To change the schema, append a step;
never edit one that has shipped, since catalogs on disk already ran it.

Steps 1-6 are the schema as it grew before it had a version. Every catalog made then is
at user_version 0 whatever its shape, so these six run on all of them and must each be
harmless where their change is already there (IF NOT EXISTS, columns added only when
missing). Steps from 7 on may assume exactly the schema that step 6 leaves.
"""

from __future__ import annotations

import sqlite3

from rag.sqlite import Migration, sql


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _file_stats(conn: sqlite3.Connection) -> None:
    """Each article's file as it was when read: a rerun skips files whose size, inode,
    mtime and ctime have not changed without reading them (parsing a PDF or HTML file is
    the slow part). The first version kept (size, mtime_ns); it is only a cache, so such
    a table is dropped and every file is read once more."""
    if "mtime_ns" in _columns(conn, "file_stats"):
        conn.execute("DROP TABLE file_stats")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS file_stats (doc_id TEXT PRIMARY KEY, stat TEXT NOT NULL, "
        "changed_ns INTEGER NOT NULL, checked_ns INTEGER NOT NULL)"
    )


def _chunk_sections_and_sentences(conn: sqlite3.Connection) -> None:
    """Each chunk's section path and its sentence spans; '' = not known (stored before
    them), which the answerer handles by splitting the chunk's text itself."""
    for name in ("section", "sentences"):
        if name not in _columns(conn, "chunks"):
            conn.execute(f"ALTER TABLE chunks ADD COLUMN {name} TEXT NOT NULL DEFAULT ''")


MIGRATIONS: list[Migration] = [
    # 1. Index identity (meta), articles, chunks, and the keyword index: SQLite's FTS5
    #    over our own stems (rag.text.terms), with its vocabulary for document frequencies.
    sql(
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE IF NOT EXISTS articles (
            doc_id TEXT PRIMARY KEY, title TEXT NOT NULL, source TEXT NOT NULL, path TEXT NOT NULL,
            content_hash TEXT NOT NULL, text TEXT NOT NULL, metadata TEXT NOT NULL,
            n_chunks INTEGER NOT NULL, ingested_at REAL NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS chunks (
            id INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL,
            idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS chunks_by_doc ON chunks (doc_id)",
        "CREATE VIRTUAL TABLE IF NOT EXISTS chunk_terms USING fts5 (terms, tokenize = 'unicode61')",
        "CREATE VIRTUAL TABLE IF NOT EXISTS chunk_vocab USING fts5vocab (chunk_terms, 'row')",
    ),
    # 2. Articles whose vectors are being changed; cleared once Chroma matches the catalog.
    sql("CREATE TABLE IF NOT EXISTS pending (doc_id TEXT PRIMARY KEY)"),
    # 3. The number of chunks, kept by triggers: every question needs it (for IDF), and
    #    count(*) would scan the whole table (about 100 ms at a million chunks). Counted
    #    once here for a catalog that had chunks before.
    sql(
        "CREATE TABLE IF NOT EXISTS totals (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
        "CREATE TRIGGER IF NOT EXISTS chunk_added AFTER INSERT ON chunks "
        "BEGIN UPDATE totals SET value = value + 1 WHERE name = 'chunks'; END",
        "CREATE TRIGGER IF NOT EXISTS chunk_removed AFTER DELETE ON chunks "
        "BEGIN UPDATE totals SET value = value - 1 WHERE name = 'chunks'; END",
        "INSERT OR IGNORE INTO totals SELECT 'chunks', count(*) FROM chunks",
    ),
    # 4. Listing a page of articles in order reads only that page, and searching titles
    #    and paths reads only this index, not the articles' text, whatever the corpus
    #    size. It replaces an index on source alone, which it covers.
    sql(
        "CREATE INDEX IF NOT EXISTS articles_by_source_title ON articles (source, title)",
        "DROP INDEX IF EXISTS articles_by_source",
    ),
    # 5. The file-stat cache.
    _file_stats,
    # 6. Chunk sections and sentence spans.
    _chunk_sections_and_sentences,
    # 7. Articles by their text's hash: a file moved elsewhere is found by what it says.
    sql("CREATE INDEX IF NOT EXISTS articles_by_content ON articles (content_hash)"),
]
