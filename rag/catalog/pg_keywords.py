"""The keyword index in PostgreSQL: full-text search over our own stems (rag.text.terms).

Each chunk row carries its terms as a tsvector built from the stems themselves (no parser
in between, so questions and chunks are normalised alike), under a GIN index. Ranking is
BM25's shape: each query term's IDF times ts_rank of that term in the chunk (a term
frequency that saturates, normalised by the chunk's length), summed; as in the SQLite
store, only the rarest terms, up to KEYWORD_POSTINGS postings, are searched.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

from rag.catalog.keywords import KEYWORD_POSTINGS
from rag.catalog.pg_database import PgDatabase


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
