"""Question -> ranked Passages: dense (Chroma) and keyword (FTS5 BM25), fused by RRF.

Reciprocal rank fusion (Cormack et al. 2009) needs no score calibration between the two
retrievers: each contributes 1 / (RRF_K + rank). Only chunks the catalog knows are
returned, which hides vectors left behind by an interrupted ingest.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import numpy as np

from rag import asks
from rag.catalog import Catalog
from rag.identifiers import CAMEL_NAME, entry_names, joined_names, setting_names
from rag.schema import Passage
from rag.store import VectorStore
from rag.text import terms

RRF_K = 60
# Each retriever proposes this many times k candidates before fusion.
CANDIDATES_PER_K = 4
# Up to this many chunks in the chosen articles, filtered dense search is exact, by id.
EXACT_SEARCH_MAX_CHUNKS = 20_000
# No article fills more than this share of the k passages while others have candidates.
MAX_SHARE_PER_ARTICLE = 0.6
# ...for another article's chunk fused at least this share of the capped chunk's score.
RIVAL_SHARE = 0.5


class Retriever:
    def __init__(self, catalog: Catalog, store: VectorStore) -> None:
        self.catalog = catalog
        self.store = store
        # SQLite (keyword) and Chroma (dense) both release the GIL while they search, so
        # the two run side by side: a question costs the slower of them, not their sum.
        self._keyword_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="keyword-search")

    def retrieve(
        self,
        question: str,
        question_vector: np.ndarray,
        k: int,
        doc_ids: Sequence[str] | None = None,
    ) -> list[Passage]:
        if doc_ids is not None and not doc_ids:
            return []
        limit = k * CANDIDATES_PER_K
        keyword_search = self._keyword_pool.submit(self.catalog.keyword_search, terms(question), limit, doc_ids)
        dense = self._dense(question_vector, limit, doc_ids)
        keyword = keyword_search.result()
        # (Only for a question what a setting is or does: asked how to do something with it,
        # or its default, the passage that answers need not be its entry's.)
        # (So for settings named in a row, "the default read_timeout and request_timeout": each
        # one's entry reaches the answerer.)
        joined = sorted(joined_names(question))
        entries = self._entries(keyword, [*setting_names(question), *CAMEL_NAME.findall(question)]) \
            if asks.asks_what_it_is(question) or len(joined) > 1 else []
        each = [self._entries(keyword, [name])[:1] for name in joined] if len(joined) > 1 else []

        fused: dict[str, float] = {}
        for ranking in ([cid for cid, _ in dense], keyword, entries):
            for rank, chunk_id in enumerate(ranking, start=1):
                fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank)
        similarity = dict(dense)
        keyword_rank = {cid: rank for rank, cid in enumerate(keyword, start=1)}

        ranked = sorted(fused, key=fused.__getitem__, reverse=True)
        # The best match of each side reaches the answerer (with k=1, the keyword side's:
        # a rare name is the surer match): in the fusion, chunks that both sides propose,
        # each weakly, would outrank it when the other side misses it (the dense side, a
        # rare name or number it cannot read; the keyword side, a paraphrase in other
        # words). (`retrieve_each` fuses the searches of a follow-up again and keeps its k best.)
        # (So does the entry of a setting the question asks what it is or does.)
        firsts = list(dict.fromkeys(side[0] for side in (keyword, [cid for cid, _ in dense], entries, *each) if side))[:k]
        others = [cid for cid in ranked if cid not in firsts]
        ranked = sorted(firsts + others[: k - len(firsts)], key=ranked.index) + others[k - len(firsts) :]
        known = self.catalog.chunks(ranked[: limit])
        passages: list[Passage] = []
        per_article: dict[str, int] = {}
        cap = max(1, round(k * MAX_SHARE_PER_ARTICLE))
        texts: set[str] = set()
        for chunk_id in ranked:
            if chunk_id not in known:
                continue
            chunk, title, source = known[chunk_id]
            text = " ".join(chunk.text.split())
            if text in texts:
                continue  # (a box every page repeats, "See also: Mailing list...", or a copied article: one passage says it)
            # (Room is left only for another article's chunk matched nearly as well: bc's manual,
            # one file, lost its BC_LINE_LENGTH entry to vidir's page, which only the words matched.)
            if per_article.get(chunk.doc_id, 0) >= cap and chunk_id not in firsts and self._others_left(
                    [c for c in ranked if fused[c] >= RIVAL_SHARE * fused[chunk_id]], known, chunk.doc_id, passages):
                continue  # leave room for other articles (cross-article questions)
            texts.add(text)
            per_article[chunk.doc_id] = per_article.get(chunk.doc_id, 0) + 1
            passages.append(
                Passage(
                    chunk_id=chunk_id,
                    doc_id=chunk.doc_id,
                    title=title,
                    source=source,
                    text=chunk.text,
                    start=chunk.start,
                    end=chunk.end,
                    score=round(fused[chunk_id], 6),
                    dense=similarity.get(chunk_id),
                    keyword_rank=keyword_rank.get(chunk_id),
                    section=chunk.section,
                    sentences=chunk.sentences,
                )
            )
            if len(passages) == k:
                break
        return self._with_similarity(passages, question_vector)

    def _entries(self, keyword: list[str], names: list[str]) -> list[str]:
        """Of the keyword side's chunks, those that hold the entry of a setting the question
        names, a third ranking in the fusion: the chunks that open with it ("--delete" over
        "This tells rsync to delete extraneous files..."), then those where a line opens it
        ("-c, --check" over "Check commands validity...", or a summary's line), each in the
        keyword side's order. Its words alone ("check", "option") are said by many chunks of
        a long manual, which ranked the entry fifth and the fusion left it out (nft's
        --check, among rsync's --checksum and "checks")."""
        if not names:
            return []
        asked = {name.lower() for name in names}
        known = self.catalog.chunks(keyword)
        weights: dict[str, int] = {}
        for chunk_id in keyword:
            chunk = known[chunk_id][0] if chunk_id in known else None
            lines = [line.strip() for line in (chunk.text if chunk else "").splitlines() if line.strip()]
            opening = [bool(entry_names(line) & asked) for line in lines]
            # (Or the heading over it names the setting: squid's "TAG: request_timeout".)
            headed = chunk is not None and bool({n.lower() for n in setting_names(chunk.section.rsplit(" > ", 1)[-1])} & asked)
            if any(opening) or headed:
                weights[chunk_id] = 2 if headed or opening[0] else 1
        return sorted(weights, key=lambda chunk_id: -weights[chunk_id])  # (stable: BM25's order within each)

    def retrieve_each(self, questions: Sequence[str], vectors: np.ndarray, k: int,
                      doc_ids: Sequence[str] | None = None) -> list[Passage]:
        """The k best passages of several searches for one question (a follow-up as an LLM
        rewrote it, then as joined to its topic), fused by reciprocal rank; the first search
        wins ties. `vectors`: one row per question. Each passage carries what the last
        search measured of it (its similarity to that question, its keyword rank there or
        none), since answers are judged on the last question."""
        fused: dict[str, float] = {}
        found: dict[str, Passage] = {}
        for n, (question, vector) in enumerate(zip(questions, vectors, strict=True)):
            last = n == len(questions) - 1
            for rank, passage in enumerate(self.retrieve(question, vector, k, doc_ids), start=1):
                fused[passage.chunk_id] = fused.get(passage.chunk_id, 0.0) + 1.0 / (RRF_K + rank)
                if last or passage.chunk_id not in found:
                    found[passage.chunk_id] = passage if last else replace(passage, dense=None, keyword_rank=None)
        best = sorted(fused, key=fused.__getitem__, reverse=True)[:k]
        passages = [replace(found[chunk_id], score=round(fused[chunk_id], 6)) for chunk_id in best]
        return self._with_similarity(passages, vectors[-1])

    def _dense(self, vector: np.ndarray, limit: int, doc_ids: Sequence[str] | None) -> list[tuple[str, float]]:
        """Nearest chunks. Limited to a few articles, an exact search over their vectors
        (fetched by id) beats Chroma's filtered search, which slows down linearly with
        the whole collection (~150-190 ms at 100-200k chunks here)."""
        if doc_ids is not None:
            ids = self.catalog.chunk_ids(doc_ids)
            if len(ids) <= EXACT_SEARCH_MAX_CHUNKS:
                vectors = self.store.vectors(ids)
                if not vectors:
                    return []
                ids = list(vectors)
                similarity = np.stack([vectors[i] for i in ids]) @ vector
                best = np.argsort(-similarity)[:limit]
                return [(ids[i], float(similarity[i])) for i in best]
        return self.store.query(vector, limit, doc_ids)

    @staticmethod
    def _others_left(ranked, known, doc_id, taken) -> bool:
        """Is there a candidate from another article not taken yet?"""
        taken_ids = {p.chunk_id for p in taken}
        return any(c in known and known[c][0].doc_id != doc_id and c not in taken_ids for c in ranked)

    def _with_similarity(self, passages: list[Passage], question_vector: np.ndarray) -> list[Passage]:
        """Fill in the question-passage cosine for passages found by keyword only."""
        missing = [p.chunk_id for p in passages if p.dense is None]
        vectors = self.store.vectors(missing)
        return [
            replace(p, dense=float(vectors[p.chunk_id] @ question_vector)) if p.chunk_id in vectors else p
            for p in passages
        ]
