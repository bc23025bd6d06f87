"""The keyword index: BM25 over chunks, and the IDF the extractive answerer weighs words by.

SQLite's FTS5 over `rag.text.terms()` (our own stems, so questions and chunks are
normalised the same way), ranked by FTS5's built-in BM25; its fts5vocab table gives each
term's document frequency by an indexed lookup. A chunk's terms row shares the chunk's
row id, so it changes in the same transaction as the chunk (rag.catalog.articles). It is
updated per article and never rebuilt.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

from rag.sqlite import Database

# Keyword search ranks the chunks holding the question's rarest terms, up to this many
# postings in all: FTS5 scores every match (~1.5 µs each here), so at most ~3 ms whatever
# the corpus size. Rarer words (names, numbers) are what keyword search adds to dense
# retrieval; a word in more chunks than this is left to the dense side.
KEYWORD_POSTINGS = 2_000


def rarest(df: dict[str, int], budget: int) -> list[str]:
    """The terms found in any chunk, rarest first, as many as fit in `budget` postings."""
    kept, postings = [], 0
    for term in sorted((t for t in df if df[t]), key=lambda t: (df[t], t)):
        postings += df[term]
        if postings > budget:
            break
        kept.append(term)
    return kept


class KeywordIndex:
    def __init__(self, db: Database, chunk_count: Callable[[], int]) -> None:
        self._db = db
        self._chunk_count = chunk_count

    # --- writes (inside the caller's transaction) ---------------------------------------

    def add(self, rowid: int, terms: Sequence[str]) -> None:
        self._db.run("INSERT INTO chunk_terms (rowid, terms) VALUES (?, ?)", (rowid, " ".join(terms)))

    def forget(self, doc_id: str) -> None:
        """Drop the terms of an article's chunks (before the chunks themselves go)."""
        self._db.run("DELETE FROM chunk_terms WHERE rowid IN (SELECT id FROM chunks WHERE doc_id = ?)", (doc_id,))

    def forget_all(self) -> None:
        self._db.run("DELETE FROM chunk_terms")

    # --- reads ----------------------------------------------------------------------

    def search(self, query_terms: Sequence[str], limit: int, doc_ids: Sequence[str] | None = None) -> list[str]:
        """Chunk ids ranked by BM25 over any of the terms: the rarest ones, as many as fit in
        KEYWORD_POSTINGS (FTS5 ranks every chunk that matches, so a common word would make
        the cost grow with the corpus; such words weigh little in BM25 anyway)."""
        kept = rarest(self.document_frequencies(set(query_terms)), KEYWORD_POSTINGS)
        if not kept:
            return []
        match = " OR ".join(f'"{t}"' for t in kept)
        statement = (
            "SELECT c.chunk_id FROM chunk_terms JOIN chunks c ON c.id = chunk_terms.rowid "
            "WHERE chunk_terms MATCH ?"
        )
        params: list = [match]
        if doc_ids is not None:
            statement += f" AND c.doc_id IN ({','.join('?' * len(doc_ids))})"
            params += list(doc_ids)
        statement += " ORDER BY bm25(chunk_terms) LIMIT ?"
        return [r[0] for r in self._db.rows(statement, [*params, limit])]

    def document_frequencies(self, query_terms: Iterable[str]) -> dict[str, int]:
        """How many chunks hold each term (0 for none); an indexed lookup per term."""
        unique = sorted(set(query_terms))
        if not unique:
            return {}
        found = dict(self._db.rows(
            f"SELECT term, doc FROM chunk_vocab WHERE term IN ({','.join('?' * len(unique))})", unique))
        return {t: found.get(t, 0) for t in unique}

    def idf(self, query_terms: Iterable[str]) -> tuple[dict[str, float], set[str]]:
        """BM25-style inverse document frequency of each term over all chunks, and the
        terms that occur in no chunk at all."""
        df = self.document_frequencies(query_terms)
        total = self._chunk_count()
        idf = {t: math.log(1 + (total - n + 0.5) / (n + 0.5)) for t, n in df.items()}
        return idf, {t for t, n in df.items() if not n}
