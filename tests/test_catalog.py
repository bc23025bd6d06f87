"""The catalog's own promises: sections and sentence spans survive a round trip, a
catalog made by older code migrates to the latest schema and reads as before, and one
made by newer code is refused."""

import sqlite3

import pytest

from rag.catalog import Catalog
from rag.schema import Article, Chunk


def _article(text: str) -> Article:
    return Article("doc", "Title", text, "doc.md", "/doc.md", "h" * 64)


def test_sentence_spans_and_sections_round_trip_and_none_is_not_unknown(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    text = "Prose here. More prose.\n\n```\ncode line one\ncode line two\n```\n"
    prose = Chunk("doc:1:0", "doc", 0, text[:23], 0, 23, "Setup", ((0, 11), (12, 23)))
    code = Chunk("doc:1:1", "doc", 1, text[25:], 25, len(text), "Setup", ())
    catalog.put_article(_article(text), [prose, code], [["prose"], ["code"]])
    got = catalog.chunks(["doc:1:0", "doc:1:1"])
    assert got["doc:1:0"][0].sentences == ((0, 11), (12, 23)) and got["doc:1:0"][0].section == "Setup"
    # A chunk of only code has no sentences: () and not None, which would make the
    # answerer split its code into "sentences".
    assert got["doc:1:1"][0].sentences == ()
    catalog.close()


def test_a_catalog_made_before_sections_gains_the_columns(tmp_path):
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE chunks (id INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL, "
        'idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL);'
        "INSERT INTO chunks (chunk_id, doc_id, idx, start, \"end\", text) VALUES ('doc:1:0', 'doc', 0, 0, 5, 'Hello');"
        # another process got halfway: one column is there already
        "ALTER TABLE chunks ADD COLUMN section TEXT NOT NULL DEFAULT '';"
    )
    old.close()
    catalog = Catalog(path)
    catalog.put_article(_article("Hello"), [Chunk("doc:1:0", "doc", 0, "Hello", 0, 5)], [["hello"]])
    chunk = catalog.chunks(["doc:1:0"])["doc:1:0"][0]
    assert chunk.section == "" and chunk.sentences is None  # not known: the answerer reads the text
    catalog.close()
    Catalog(path).close()  # opening it again changes nothing


# The schema of the first catalogs (before pending, totals, file stats, sections and
# sentences), which the back-fills of that time upgraded in place.
OLDEST_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    doc_id TEXT PRIMARY KEY, title TEXT NOT NULL, source TEXT NOT NULL, path TEXT NOT NULL,
    content_hash TEXT NOT NULL, text TEXT NOT NULL, metadata TEXT NOT NULL,
    n_chunks INTEGER NOT NULL, ingested_at REAL NOT NULL
);
CREATE TABLE chunks (
    id INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE INDEX chunks_by_doc ON chunks (doc_id);
CREATE VIRTUAL TABLE chunk_terms USING fts5 (terms, tokenize = 'unicode61');
CREATE VIRTUAL TABLE chunk_vocab USING fts5vocab (chunk_terms, 'row');
"""

FLEET = "Fleet Report\nThe zeppelin fleet was kept in Karachi. Its crews trained at Gwadar."


def _oldest_catalog(path):
    from rag.text import terms

    old = sqlite3.connect(path)
    old.executescript(OLDEST_SCHEMA)
    old.execute("INSERT INTO meta VALUES ('embed_model', 'old-model')")
    old.execute("INSERT INTO articles VALUES ('fleet', 'Fleet Report', 'fleet.md', '/data/fleet.md', ?, ?, ?, 2, 1.0)",
                ("f" * 64, FLEET, '{"author": "A. Writer"}'))
    spans = [(13, FLEET.index(" Its")), (FLEET.index("Its"), len(FLEET))]
    for idx, (start, end) in enumerate(spans):
        rowid = old.execute('INSERT INTO chunks (chunk_id, doc_id, idx, start, "end", text) VALUES (?, ?, ?, ?, ?, ?)',
                            (f"fleet:1:{idx}", "fleet", idx, start, end, FLEET[start:end])).lastrowid
        old.execute("INSERT INTO chunk_terms (rowid, terms) VALUES (?, ?)", (rowid, " ".join(terms(FLEET[start:end]))))
    old.commit()
    old.close()
    return spans


def test_the_oldest_catalog_migrates_to_the_latest_version_and_reads_as_before(tmp_path):
    from rag.catalog.migrations import MIGRATIONS
    from rag.text import terms

    path = tmp_path / "oldest.sqlite3"
    spans = _oldest_catalog(path)
    catalog = Catalog(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert catalog.get_meta("embed_model") == "old-model"
    article = catalog.article("fleet")
    assert article.text == FLEET and article.title == "Fleet Report" and article.metadata == {"author": "A. Writer"}
    assert catalog.counts() == (1, 2)  # the chunk total, counted once from the old rows
    got = catalog.chunks(["fleet:1:0", "fleet:1:1"])
    for idx, (start, end) in enumerate(spans):
        chunk, title, source = got[f"fleet:1:{idx}"]
        assert (chunk.start, chunk.end, chunk.text) == (start, end, FLEET[start:end]) and chunk.text == article.text[start:end]
        assert chunk.section == "" and chunk.sentences is None and (title, source) == ("Fleet Report", "fleet.md")
    assert catalog.keyword_search(terms("Where did the crews train?"), limit=5) == ["fleet:1:1"]
    assert catalog.keyword_search(terms("zeppelin"), limit=5, doc_ids=["other"]) == []
    idf, unknown = catalog.idf(terms("zeppelin submarine"))
    assert unknown == set(terms("submarine")) and idf[terms("zeppelin")[0]] > 0
    assert [s.doc_id for s in catalog.sources(contains="fleet")] == ["fleet"]
    # The tables the old catalog lacked work, and the chunk total follows new writes.
    catalog.mark_pending("fleet")
    assert catalog.pending() == ["fleet"]
    assert not catalog.file_unchanged("fleet", path.stat())
    catalog.put_article(_article("Hello"), [Chunk("doc:1:0", "doc", 0, "Hello", 0, 5, "Intro", ((0, 5),))], [["hello"]])
    assert catalog.counts() == (2, 3) and catalog.keyword_search(["hello"], limit=5) == ["doc:1:0"]
    catalog.delete_article("fleet")
    assert catalog.counts() == (1, 1) and catalog.keyword_search(terms("zeppelin"), limit=5) == []
    catalog.close()
    Catalog(path).close()  # opening it again changes nothing


def test_the_first_file_stat_cache_is_dropped_and_every_file_read_again(tmp_path):
    path = tmp_path / "stats.sqlite3"
    _oldest_catalog(path)
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE file_stats (doc_id TEXT PRIMARY KEY, size INTEGER NOT NULL, "
                    "mtime_ns INTEGER NOT NULL, checked_ns INTEGER NOT NULL)")
        old.execute("INSERT INTO file_stats VALUES ('fleet', 10, 1, 2)")
    catalog = Catalog(path)
    stat = path.stat()
    assert not catalog.file_unchanged("fleet", stat)
    catalog.set_file_stat("fleet", stat, stat.st_mtime_ns + 10**10)
    assert catalog.file_unchanged("fleet", stat)
    catalog.close()


def test_a_catalog_from_a_newer_version_is_refused_with_the_fix(tmp_path):
    from rag.catalog.migrations import MIGRATIONS
    from rag.errors import RagError

    path = tmp_path / "newer.sqlite3"
    Catalog(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(RagError) as refused:
        Catalog(path)
    assert "newer version of rag" in refused.value.message and str(path) in refused.value.message
    assert "upgrade rag" in refused.value.hint and refused.value.status == 503
