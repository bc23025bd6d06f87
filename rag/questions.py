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
from rag.followup import History, standalone_question
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
    if documents is not None and (unknown := index.catalog.unknown(documents)):
        # A few of them, clipped: a request naming 100,000 unknown ids gets a short answer.
        named = ", ".join(d if len(d) <= 80 else d[:80] + "…" for d in unknown[:5])
        named += f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise NotFoundError(f"no article with doc_id {named}", "see `rag sources` for the doc_ids")
    vector = index.embedder.embed([question])[0]
    return index.retriever.retrieve(question, vector, k, documents)


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
    query = standalone_question(question, history, backend.llm, MAX_QUESTION_CHARS) if history else question
    passages = retrieve(index, query, k, documents)
    retrieved = time.perf_counter()
    if with_passages:
        yield Passages(passages)
    # The extractive answerer weighs the words of a follow-up above those of the
    # question it was joined to; an LLM's rewrite needs no such help.
    focus = question if query != question else None
    first_token = None
    try:
        if streaming:
            for event in answerer.stream(query, passages, focus):
                match event:
                    case Delta():
                        first_token = first_token or time.perf_counter()
                        yield event
                    case Final():
                        made = event.answer
        else:
            made = answerer.answer(query, passages, focus)
    except LLMError as e:
        if not settings.llm_fallback:
            raise
        made = index.extractive.answer(query, passages, focus)
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
