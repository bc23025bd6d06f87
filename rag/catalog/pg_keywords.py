"""The keyword index in PostgreSQL: full-text search over our own stems (rag.text.terms).

Each chunk row carries its terms as a tsvector built from the stems themselves (no parser
in between, so questions and chunks are normalised alike), under a GIN index, and its
number of terms. The GIN index finds the chunks holding any of the rarest query terms (up
to KEYWORD_POSTINGS postings, as in the SQLite store); they are ranked by BM25 exactly as
SQLite's FTS5 ranks them (its k1, b and IDF), from each term's count in the chunk, so
both stores retrieve, and answer, alike. (ts_rank was tried first: recall@5 was equal,
but the ranks differed enough to change answers.)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

from rag.catalog import keywords
from rag.catalog.pg_database import PgDatabase


class PgKeywords:
    def __init__(self, db: PgDatabase, chunk_count: Callable[[], int]) -> None:
        self._db = db
        self._chunk_count = chunk_count

    def add(self, rowid: int, terms: Sequence[str]) -> None:
        self._db.run("UPDATE ~.chunks SET terms = %s::tsvector, n_terms = %s WHERE id = %s",
                     (_tsvector(terms), len(terms), rowid))
        self._db.run("UPDATE ~.totals SET value = value + %s WHERE name = 'terms'", (len(terms),))

    def forget(self, doc_id: str) -> None:
        # (The terms live in the chunk rows, which go with the article; only their total stays.)
        self._db.run("UPDATE ~.totals SET value = value - (SELECT coalesce(sum(n_terms), 0) FROM ~.chunks "
                     "WHERE doc_id = %s) WHERE name = 'terms'", (doc_id,))

    def forget_all(self) -> None:
        self._db.run("UPDATE ~.totals SET value = 0 WHERE name = 'terms'")

    def search(self, query_terms: Sequence[str], limit: int, doc_ids: Sequence[str] | None = None) -> list[str]:
        df = self.document_frequencies(query_terms)
        kept = keywords.rarest(df, keywords.KEYWORD_POSTINGS)
        if not kept:
            return []
        # Each matching chunk's length and the kept terms' counts in it (their positions): the
        # kept lexemes are marked (setweight) and the rest dropped (ts_filter) in C, so only
        # those are unnested, not the whole tsvector.
        params: list = [list(kept), " | ".join(_lexeme(t) for t in kept)]
        statement = ("SELECT c.id, c.chunk_id, c.n_terms, u.lexeme, array_length(u.positions, 1) FROM ~.chunks c "
                     "CROSS JOIN LATERAL unnest(ts_filter(setweight(c.terms, 'A', %s::text[]), '{a}')) u "
                     "WHERE c.terms @@ %s::tsquery")
        if doc_ids is not None:
            statement += " AND c.doc_id = ANY(%s)"
            params.append(list(doc_ids))
        found: dict[int, tuple[str, int, dict[str, int]]] = {}
        for rowid, chunk_id, length, lexeme, count in self._db.rows(statement, params):
            found.setdefault(rowid, (chunk_id, length, {}))[2][lexeme] = count
        total = self._db.rows("SELECT value FROM ~.totals WHERE name = 'terms'")[0][0]
        scores = _bm25(found, {t: df[t] for t in kept}, self._chunk_count(), total)
        return [chunk_id for _, _, chunk_id in sorted(scores)[:limit]]

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


K1, B = 1.2, 0.75  # SQLite FTS5's bm25()


def _bm25(found: dict[int, tuple[str, int, dict[str, int]]], frequencies: dict[str, int], chunks: int,
          total_terms: int) -> list[tuple[float, int, str]]:
    """(-score, id, chunk_id) of each chunk (id -> chunk_id, its number of terms, each query
    term's count in it), by FTS5's formula; `frequencies`: each query term's chunk count."""
    average = (total_terms / chunks if chunks else 0.0) or 1.0
    idf = {t: max(math.log((chunks - n + 0.5) / (n + 0.5)), 1e-6) for t, n in frequencies.items()}
    scored = []
    for rowid, (chunk_id, length, counts) in found.items():
        norm = K1 * (1 - B + B * length / average)
        score = sum(idf[t] * tf * (K1 + 1) / (tf + norm) for t, tf in counts.items())
        scored.append((-score, rowid, chunk_id))
    return scored


def _lexeme(term: str) -> str:
    """A term as a tsvector/tsquery lexeme literal, taken as it is (no parser, no stemming)."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsvector(terms: Sequence[str]) -> str:
    """The terms with their positions (1-based; PostgreSQL keeps up to 16383)."""
    positions: dict[str, list[int]] = {}
    for n, term in enumerate(terms, 1):
        positions.setdefault(term, []).append(min(n, 16383))
    return " ".join(f"{_lexeme(t)}:{','.join(map(str, p[:256]))}" for t, p in positions.items())
