"""A question's way through one index: checked, rewritten when it follows up, retrieved,
answered by the backend, timed. `rag.assistant.Assistant` calls it with the index it holds
when the question comes, so a question finishes on that index whatever swaps meanwhile.

What it does not do: hold anything between questions (the Assistant does) or cut
passages and citations (rag.retrieve, rag.answer, rag.generate).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

from rag.backends import Backend
from rag.config import Settings
from rag.errors import EmptyQuestionError, LLMError, NoIndexError, NotFoundError
from rag.followup import History, searches
from rag.index import Index
from rag.schema import Delta, Final, Passage, Passages, StreamEvent

MAX_QUESTION_CHARS = 2000


def checked(question: str, index: Index) -> str:
    """The question, stripped; an empty or too long one, or an empty index, raises."""
    question = (question or "").strip()
    if not question:
        raise EmptyQuestionError("the question is empty", "type a question about the articles")
    if len(question) > MAX_QUESTION_CHARS:
        raise EmptyQuestionError(
            f"the question is too long ({len(question)} characters)",
            f"keep it under {MAX_QUESTION_CHARS}",
        )
    if not index.catalog.has_articles():
        raise no_index(index.settings)
    return question


def retrieve(index: Index, question: str, k: int, documents: Sequence[str] | None) -> list[Passage]:
    """The ranked passages for a (checked) question; `documents` limits the search to those doc_ids."""
    return retrieve_all(index, [question], k, documents)


def retrieve_all(index: Index, queries: Sequence[str], k: int, documents: Sequence[str] | None) -> list[Passage]:
    """`retrieve` for one question searched one or more ways (Retriever.retrieve_each)."""
    if documents is not None and (unknown := index.catalog.unknown(documents)):
        # A few of them, clipped: a request naming 100,000 unknown ids gets a short answer.
        named = ", ".join(d if len(d) <= 80 else d[:80] + "…" for d in unknown[:5])
        named += f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise NotFoundError(f"no article with doc_id {named}", "see `rag sources` for the doc_ids")
    vectors = index.embedder.embed(list(queries))
    if len(queries) == 1:
        return index.retriever.retrieve(queries[0], vectors[0], k, documents)
    return index.retriever.retrieve_each(queries, vectors, k, documents)


def answer(
    index: Index, backend: Backend, question: str, k: int, documents: Sequence[str] | None, history: History,
    streaming: bool, with_passages: bool, builds_beside: bool,
) -> Iterator[StreamEvent]:
    """Passages (with `with_passages`), Delta events (when `streaming`), then Final."""
    started = time.perf_counter()
    settings = backend.settings
    question = checked(question, index)
    warnings: list[str] = []
    try:
        answerer = backend.answerer(index)
    except LLMError as e:
        if not settings.llm_fallback:
            raise
        answerer = index.extractive
        warnings.append(_fallback_note(e))
    if builds_beside:
        warnings.append("the settings name another embedding model or chunking than this index was built "
                        "with; it keeps answering until `rag ingest` has built the new one")
    # A follow-up: the LLM's rewrite (when one is configured) and the heuristic's join
    # of it to its topic, the join last (see rag.followup.searches).
    queries = searches(question, history, backend.llm, MAX_QUESTION_CHARS) if history else [question]
    query, joined = queries[0], queries[-1]
    passages = retrieve_all(index, queries, k, documents)
    retrieved = time.perf_counter()
    if with_passages:
        yield Passages(passages)
    # Answers are judged on the join, the follow-up's own words weighed above those of
    # its topic; a model reads its rewrite.
    focus = question if joined != question else None
    rewritten = query if query != joined else None
    first_token = None
    try:
        if streaming:
            for event in answerer.stream(joined, passages, focus, rewritten):
                match event:
                    case Delta():
                        first_token = first_token or time.perf_counter()
                        yield event
                    case Final():
                        made = event.answer
        else:
            made = answerer.answer(joined, passages, focus, rewritten)
    except LLMError as e:
        if not settings.llm_fallback:
            raise
        made = index.extractive.answer(joined, passages, focus)
        made.warnings.append(_fallback_note(e))
    done = time.perf_counter()
    made.warnings[:0] = warnings
    made.question, made.search_query = question, query
    made.timings_ms = {
        "retrieve": round((retrieved - started) * 1000, 1),
        "generate": round((done - retrieved) * 1000, 1),
        "total": round((done - started) * 1000, 1),
    }
    if first_token:
        made.timings_ms["first_token"] = round((first_token - started) * 1000, 1)
    yield Final(made)


def no_index(settings: Settings) -> NoIndexError:
    return NoIndexError(
        f"nothing has been ingested yet in {settings.data_dir.resolve()}",
        "RAG_DATA_DIR (default .rag) is relative to the current directory: run `rag` from the "
        "project folder, set RAG_DATA_DIR to the index, or run `rag ingest PATH` here",
    )


def _fallback_note(error: LLMError) -> str:
    return f"{error.message}; this answer was made extractively instead. {error.hint}"
