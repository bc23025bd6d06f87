"""Answers over HTTP: /v1/ask (JSON), /v1/ask/stream (server-sent events), /v1/chat (a
conversation kept server-side) and /v1/feedback (a reader's verdict on an answer).

Each route hands the question to the Assistant and returns its Answer as the contract
says (Answer.to_dict()); the request bodies are validated here, before any work is done.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field, field_validator

from rag import observe
from rag.api import state
from rag.api.security import UNAUTHORIZED, require_key
from rag.api.sse import sse
from rag.assistant import MAX_QUESTION_CHARS
from rag.openai_compat import Text
from rag.schema import Answer, Delta, Final, Passages, StreamEvent

router = APIRouter(tags=["answers"], dependencies=[Depends(require_key)], responses=UNAUTHORIZED)


# --- request bodies -----------------------------------------------------------------


class AskRequest(BaseModel):
    question: Text = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    # strict: JSON true is not the number 1
    k: int | None = Field(None, ge=1, le=50, strict=True, description="passages to retrieve")
    documents: list[Text] | None = Field(None, description="only search these doc_ids")


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    content: Text = Field(max_length=20_000)


class StreamRequest(AskRequest):
    history: list[Turn] = Field(default_factory=list, max_length=50,
                                description="earlier turns, oldest first, for a follow-up question")


class ChatRequest(AskRequest):
    conversation_id: Text | None = Field(None, max_length=64, description="omit to start a conversation")


class FeedbackRequest(BaseModel):
    answer: Answer = Field(description="the Answer as /v1/ask, /v1/chat or /v1/ask/stream returned it")
    rating: Literal[1, -1] = Field(description="1: helpful; -1: wrong or unhelpful")
    comment: Text = Field("", max_length=5000, description="what was wrong or right (optional)")

    @field_validator("rating", mode="before")
    @classmethod
    def _not_a_boolean(cls, value: Any) -> Any:
        if isinstance(value, bool):  # JSON true equals 1 to the Literal check
            raise ValueError("Input should be 1 or -1, not a boolean")
        return value


# --- routes ---------------------------------------------------------------------------


@router.post("/v1/ask")
def ask(body: AskRequest, request: Request) -> dict:
    """The Answer contract: answer text with [n] markers, exact citations, per-sentence support."""
    answer = state.the(request).ask(body.question, k=body.k, documents=body.documents)
    state.metrics(request).answer(answer)
    return answer.to_dict()


@router.post("/v1/ask/stream", response_class=StreamingResponse,
             responses={200: {"content": {"text/event-stream": {}}}})
def ask_stream(body: StreamRequest, request: Request) -> StreamingResponse:
    """Server-sent events: `passages` (the retrieved passages), then `delta` events
    ({"text"}) as the answer is written, then `answer` (the verified Answer) last.
    A failure mid-way is an `error` event with the usual error body."""
    history = [(t.role, t.content) for t in body.history]
    events = state.the(request).stream(body.question, k=body.k, documents=body.documents, history=history,
                                       with_passages=True)
    return sse(_answer_events(events, state.metrics(request)))


@router.post("/v1/chat")
def chat(body: ChatRequest, request: Request) -> dict:
    """One turn of a conversation kept server-side; follow-ups are rewritten into
    standalone questions before retrieval. Returns the Answer plus `conversation_id`."""
    answer, cid = state.the(request).chat(body.question, body.conversation_id, k=body.k, documents=body.documents)
    state.metrics(request).answer(answer)
    return {"conversation_id": cid, **answer.to_dict()}


@router.post("/v1/feedback", status_code=201)
def feedback(body: FeedbackRequest, request: Request) -> dict:
    """A reader's thumbs up (1) or down (-1) on an answer, with an optional comment, kept
    with the whole answer in feedback.jsonl in the server's data directory (thumbs-down
    records become evaluation cases). Returns the stored record's `id` and time."""
    return state.the(request).feedback(body.answer, body.rating, body.comment)


def _answer_events(events: Iterator[StreamEvent], metrics: observe.Metrics) -> Iterator[tuple[str, Any]]:
    """The answer stream's events as server-sent events: `passages`, `delta`, `answer`."""
    for event in events:
        match event:
            case Passages(passages):
                yield "passages", [asdict(p) for p in passages]
            case Delta(text):
                yield "delta", {"text": text}
            case Final(answer):
                metrics.answer(answer)
                yield "answer", answer.to_dict()
