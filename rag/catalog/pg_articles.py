"""Articles and their chunks in PostgreSQL (the contract of rag.catalog.articles.Articles),
with the running chunk count that keyword IDF divides by."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence

from rag.catalog.articles import article_from_row, pack_spans, unpack_spans
from rag.catalog.pg_database import PgDatabase
from rag.schema import Article, Chunk, Source


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

    def paths_with_content(self, content_hash: str) -> dict[str, str]:
        return dict(self._db.rows("SELECT doc_id, path FROM ~.articles WHERE content_hash = %s", (content_hash,)))

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
