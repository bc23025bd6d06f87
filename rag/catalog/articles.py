"""Articles and their chunks: the text every citation is cut from, and its offsets.

An article row holds the text as loaded (`quote == text[start:end]` depends on it), its
title, source and metadata; a chunk row holds its offsets into that text, its section path
and its sentence spans. Writes join the caller's transaction (rag.catalog.Catalog puts an
article, its chunks and their keyword rows in one), so an article is there whole or not
at all. The number of chunks is kept in `totals` by triggers (see migrations).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence

from rag.schema import Article, Chunk, Source
from rag.sqlite import Database

SQLITE_MAX_INT = 2**63 - 1


class Articles:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- writes (inside the caller's transaction) ---------------------------------------

    def put(self, article: Article, chunks: Sequence[Chunk]) -> list[int]:
        """Replace the article and its chunks; the chunks' row ids, in order."""
        self._delete_chunks(article.doc_id)
        self._db.run(
            "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.doc_id, article.title, article.source, article.path,
                article.content_hash, article.text, json.dumps(article.metadata),
                len(chunks), time.time(),
            ),
        )
        row_ids = []
        for chunk in chunks:
            inserted = self._db.run(
                'INSERT INTO chunks (chunk_id, doc_id, idx, start, "end", text, section, sentences) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (chunk.chunk_id, chunk.doc_id, chunk.index, chunk.start, chunk.end, chunk.text,
                 chunk.section, pack_spans(chunk.sentences, chunk.start)),
            ).lastrowid
            assert inserted is not None  # an INSERT always has one
            row_ids.append(inserted)
        return row_ids

    def describe(self, article: Article) -> None:
        """Store the article's title, source and metadata; its text and chunks stay."""
        self._db.run(
            "UPDATE articles SET title = ?, source = ?, metadata = ? WHERE doc_id = ?",
            (article.title, article.source, json.dumps(article.metadata), article.doc_id),
        )

    def delete(self, doc_id: str) -> None:
        self._delete_chunks(doc_id)
        self._db.run("DELETE FROM articles WHERE doc_id = ?", (doc_id,))

    def forget_all(self) -> None:
        self._db.run("DELETE FROM chunks")
        self._db.run("DELETE FROM articles")

    def _delete_chunks(self, doc_id: str) -> None:
        self._db.run("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))

    # --- articles -----------------------------------------------------------------------

    def article(self, doc_id: str) -> Article | None:
        row = self._db.row(
            "SELECT doc_id, title, text, source, path, content_hash, metadata FROM articles WHERE doc_id = ?",
            (doc_id,),
        )
        return article_from_row(row) if row else None

    def description(self, doc_id: str) -> tuple[str, dict] | None:
        """(title, metadata) of an article."""
        row = self._db.row("SELECT title, metadata FROM articles WHERE doc_id = ?", (doc_id,))
        return (row[0], json.loads(row[1])) if row else None

    def content_hash(self, doc_id: str) -> str | None:
        row = self._db.row("SELECT content_hash FROM articles WHERE doc_id = ?", (doc_id,))
        return row[0] if row else None

    def path_of(self, doc_id: str) -> str | None:
        row = self._db.row("SELECT path FROM articles WHERE doc_id = ?", (doc_id,))
        return row[0] if row else None

    def paths(self) -> dict[str, str]:
        """doc_id -> absolute path of every article."""
        return dict(self._db.rows("SELECT doc_id, path FROM articles"))

    def paths_with_content(self, content_hash: str) -> dict[str, str]:
        """doc_id -> absolute path of the articles whose text has this hash."""
        return dict(self._db.rows("SELECT doc_id, path FROM articles WHERE content_hash = ?", (content_hash,)))

    def any(self) -> bool:
        return self._db.value("SELECT EXISTS (SELECT 1 FROM articles)") == 1

    def unknown(self, doc_ids: Iterable[str]) -> list[str]:
        """The doc_ids among these that are not in the catalog."""
        with self._db.lock:
            return [d for d in doc_ids if not self._db.row("SELECT 1 FROM articles WHERE doc_id = ?", (d,))]

    def sources(self, contains: str | None = None, limit: int | None = None, offset: int = 0) -> list[Source]:
        """Articles in order of their source path; `contains` keeps those whose title or
        source holds that text (any case)."""
        where, params = _contains(contains)
        # SQLite integers stop at 2**63 - 1; a page past that is simply empty.
        limit, offset = (-1 if limit is None else min(limit, SQLITE_MAX_INT)), min(offset, SQLITE_MAX_INT)
        rows = self._db.rows(
            f"SELECT doc_id, title, source, n_chunks, length(text), metadata FROM articles {where} "
            "ORDER BY source LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [Source(doc_id, title, source, n_chunks, chars, json.loads(metadata))
                for doc_id, title, source, n_chunks, chars, metadata in rows]

    def count(self, contains: str | None = None) -> int:
        where, params = _contains(contains)
        return self._db.value(f"SELECT count(*) FROM articles {where}", params)

    # --- chunks -------------------------------------------------------------------------

    def chunk_count(self) -> int:
        return self._db.value("SELECT value FROM totals WHERE name = 'chunks'")

    def chunks(self, chunk_ids: Iterable[str]) -> dict[str, tuple[Chunk, str, str]]:
        """chunk_id -> (chunk, title, source) for the ids the catalog knows."""
        ids = list(chunk_ids)
        if not ids:
            return {}
        rows = self._db.rows(
            f'SELECT c.chunk_id, c.doc_id, c.idx, c.text, c.start, c."end", c.section, c.sentences, '
            f"a.title, a.source FROM chunks c JOIN articles a USING (doc_id) "
            f"WHERE c.chunk_id IN ({','.join('?' * len(ids))})",
            ids,
        )
        return {chunk_id: (Chunk(chunk_id, doc_id, index, text, start, end, section, unpack_spans(sentences, start)),
                           title, source)
                for chunk_id, doc_id, index, text, start, end, section, sentences, title, source in rows}

    def chunk_ids(self, doc_ids: Sequence[str]) -> list[str]:
        """Every chunk id of these articles."""
        if not doc_ids:
            return []
        return [r[0] for r in self._db.rows(
            f"SELECT chunk_id FROM chunks WHERE doc_id IN ({','.join('?' * len(doc_ids))})", list(doc_ids))]

    def chunk_spans(self, doc_id: str) -> list[tuple[int, int, str]]:
        """(start, end, section path) of each chunk of an article, in order."""
        return self._db.rows('SELECT start, "end", section FROM chunks WHERE doc_id = ? ORDER BY idx', (doc_id,))


def _contains(text: str | None) -> tuple[str, list[str]]:
    if not text:
        return "", []
    if "\x00" in text:  # (no title or path holds one, and SQLite's LIKE would stop at it and match all)
        return "WHERE 0", []
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return "WHERE title LIKE ? ESCAPE '\\' OR source LIKE ? ESCAPE '\\'", [pattern, pattern]


def article_from_row(row: Sequence) -> Article:
    """An Article from (doc_id, title, text, source, path, content_hash, metadata), as
    both catalogs (SQLite here, PostgreSQL in rag.catalog.pg_articles) select it."""
    from rag.load import body_start  # (found again: the tables do not keep it)

    doc_id, title, text, source, path, content_hash, metadata = row
    return Article(doc_id, title, text, source, path, content_hash, json.loads(metadata), body_start(text, source))


def pack_spans(spans: Sequence[tuple[int, int]] | None, base: int) -> str:
    """Sentence spans as "a-b a-b", relative to the chunk (small, and fast to read back);
    a chunk with none (all code) is " ", told apart from "" (not known: stored before
    spans were, or by a caller that did not find them)."""
    if spans is None:
        return ""
    return " ".join(f"{a - base}-{b - base}" for a, b in spans) or " "


def unpack_spans(packed: str, base: int) -> tuple[tuple[int, int], ...] | None:
    """None for a chunk stored before sentences were (the answerer then splits its text)."""
    if not packed:
        return None
    return tuple((base + int(a), base + int(b)) for a, b in (pair.split("-") for pair in packed.split()))
