"""The catalog's own promises: sections and sentence spans survive a round trip, and a
catalog made by older code gains the columns newer code reads."""

import sqlite3

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
