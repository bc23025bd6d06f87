"""The HTTP answer API (`rag serve`): a thin FastAPI shell over one shared `Assistant`.

Endpoints live under /v1 (see the generated OpenAPI spec at /docs and /openapi.json):
ask (JSON or server-sent events), chat with server-side history, the documents, and an
OpenAI-compatible /v1/chat/completions + /v1/models so tools written for OpenAI can use
the corpus as a model. /healthz says the process is up; /readyz that the index answers;
/metrics gives Prometheus metrics (see rag/observe.py, also for the request log and ids).

Every error, ours or the framework's, has one shape: {"error": {"message", "type",
"code"}} with the status the error carries; a foreseeable fault is never a 500.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, Literal

import anyio
from fastapi import Depends, FastAPI, File, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field, field_validator
from starlette.exceptions import HTTPException

from rag import indexes, observe, openai_compat
from rag.assistant import MAX_QUESTION_CHARS, Assistant
from rag.errors import (
    IndexBusyError,
    InvalidRequestError,
    LoadError,
    NotFoundError,
    RagError,
    StoreUnavailableError,
    TooLargeError,
    error_body,
)
from rag.keys import key_ok, unauthorized
from rag.load import make_doc_id
from rag.openai_compat import ChatCompletionRequest, ModelList, RagChatCompletion, Text
from rag.schema import Answer, Delta, Final, Passages, StreamEvent

MODEL_ID = openai_compat.MODEL_ID


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


# --- the app --------------------------------------------------------------------------


def create_app(assistant: Assistant | None = None) -> FastAPI:
    """The app; it loads an Assistant from the settings at startup unless given one."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.assistant = assistant or Assistant.from_settings()
        try:  # settle what a server killed mid-upload left half-done
            app.state.assistant.recover()
        except IndexBusyError:
            pass  # the process writing now settles it before its own writes
        yield
        if assistant is None:
            app.state.assistant.close()

    # FastAPIOffline: /docs loads Swagger UI from files installed with the fastapi-offline
    # package, not from a CDN, so it works without internet. No /redoc: ReDoc's bundle
    # fetches its logo from its maker's CDN, and a docs page should ask no one else.
    app = FastAPIOffline(
        redoc_url=None,
        title="rag answer API",
        version="1",
        description="Cited answers from a corpus of articles. Every citation quotes the article "
        "text exactly: quote == article.text[start:end].",
        lifespan=lifespan,
        static_url="/docs-assets",
        swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from an online validator
    )
    app.openapi = lambda: _openapi(app)
    settings = assistant.settings if assistant else None
    if settings is None:
        from rag.config import Settings

        settings = Settings()
    _add_error_handlers(app, settings.max_body_bytes, settings.max_upload_bytes)
    if settings.cors_origin_list:  # added after the body limit, so outside it: its headers reach a 413 too
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origin_list, allow_methods=["*"],
                           allow_headers=["*"], expose_headers=["X-Request-ID"])
    metrics = app.state.metrics = observe.Metrics(lambda: app.state.assistant.catalog.counts())
    app.add_middleware(observe.RequestLog, metrics=metrics)  # outermost: every request is logged and counted
    auth = _authenticator(settings.api_key_list)
    # Uploads and deletes take turns on threads of their own: queued behind a slow one,
    # they wait as coroutines, never holding the threads that answer questions.
    writes = anyio.CapacityLimiter(1)

    switching = threading.Lock()

    def the(request: Request) -> Assistant:
        """The Assistant, reopened when `rag ingest` has switched the serving index (a new
        model or chunking) since it was opened; requests in flight finish on the old one."""
        state = request.app.state
        active = indexes.active_key(state.assistant.settings.data_dir)
        if active and active != state.assistant.key:
            with switching:
                if active != state.assistant.key:
                    state.assistant = Assistant.from_settings(state.assistant.settings)
        return state.assistant

    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict:  # async: answers on the event loop even when every thread is busy
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"], responses={503: {"description": "index or Chroma unavailable"}})
    def readyz(request: Request) -> dict:
        """Whether the index answers; with a valid key (when keys are set), its counts."""
        assistant = the(request)
        articles, chunks = assistant.catalog.counts()
        vectors = assistant.store.count()  # raises StoreUnavailableError (503) if Chroma is gone
        if not articles:
            raise StoreUnavailableError("the index is empty", "ingest articles first (rag ingest, or POST /v1/documents)")
        if not key_ok(request.headers, settings.api_key_list):
            return {"status": "ready"}
        return {"status": "ready", "articles": articles, "chunks": chunks, "vectors": vectors}

    @app.get("/metrics", tags=["health"], dependencies=[auth], response_class=Response,
             responses={200: {"content": {observe.METRICS_CONTENT_TYPE: {}}}})
    def metrics_page() -> Response:
        """Prometheus metrics: requests and latencies by route, answers by outcome, sentences
        flagged unverified, articles written through the API, the index's size. Needs a key
        when keys are set (Prometheus: `authorization: {credentials: KEY}`)."""
        return Response(metrics.exposition(), media_type=observe.METRICS_CONTENT_TYPE)

    @app.post("/v1/ask", tags=["answers"], dependencies=[auth])
    def ask(body: AskRequest, request: Request) -> dict:
        """The Answer contract: answer text with [n] markers, exact citations, per-sentence support."""
        answer = the(request).ask(body.question, k=body.k, documents=body.documents)
        metrics.answer(answer)
        return answer.to_dict()

    @app.post("/v1/ask/stream", tags=["answers"], dependencies=[auth],
              response_class=StreamingResponse, responses={200: {"content": {"text/event-stream": {}}}})
    def ask_stream(body: StreamRequest, request: Request) -> StreamingResponse:
        """Server-sent events: `passages` (the retrieved passages), then `delta` events
        ({"text"}) as the answer is written, then `answer` (the verified Answer) last.
        A failure mid-way is an `error` event with the usual error body."""
        history = [(t.role, t.content) for t in body.history]
        items = the(request).stream(body.question, k=body.k, documents=body.documents, history=history, with_passages=True)
        return _sse(_answer_events(items, metrics))

    @app.post("/v1/chat", tags=["answers"], dependencies=[auth])
    def chat(body: ChatRequest, request: Request) -> dict:
        """One turn of a conversation kept server-side; follow-ups are rewritten into
        standalone questions before retrieval. Returns the Answer plus `conversation_id`."""
        answer, cid = the(request).chat(body.question, body.conversation_id, k=body.k, documents=body.documents)
        metrics.answer(answer)
        return {"conversation_id": cid, **answer.to_dict()}

    @app.post("/v1/feedback", tags=["answers"], dependencies=[auth], status_code=201)
    def feedback(body: FeedbackRequest, request: Request) -> dict:
        """A reader's thumbs up (1) or down (-1) on an answer, with an optional comment, kept
        with the whole answer in feedback.jsonl in the server's data directory (thumbs-down
        records become evaluation cases). Returns the stored record's `id` and time."""
        return the(request).feedback(body.answer, body.rating, body.comment)

    @app.get("/v1/documents", tags=["documents"], dependencies=[auth])
    def documents(
        request: Request,
        q: Annotated[str, Query(max_length=200, description="Only articles whose title or path holds this text.")] = "",
        limit: Annotated[int, Query(ge=0, le=1000, description="Page size (0: only the total).")] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict:
        """A page of the articles in order of their source path, and how many there are in all."""
        assistant = the(request)
        return {
            "documents": [asdict(s) for s in assistant.sources(q or None, limit, offset)],
            "total": assistant.count_articles(q or None),
        }

    @app.get("/v1/documents/{doc_id}", tags=["documents"], dependencies=[auth])
    def document(doc_id: str, request: Request) -> dict:
        """One article with its full text, so a client can highlight text[start:end]."""
        article = the(request).article(doc_id)
        if article is None:
            raise NotFoundError(f"no article with doc_id {doc_id}", "GET /v1/documents lists them")
        data = asdict(article)
        data.pop("path")  # a server-side path is nobody's business
        return data

    @app.post("/v1/documents", tags=["documents"], dependencies=[auth], status_code=201)
    async def upload(request: Request, file: UploadFile = File(...)) -> dict:
        """Upload one article (.txt, .md, .html, .pdf) and ingest it, as a new article: it
        never replaces another. A name already taken is stored numbered ("report-2.md",
        see `stored_as`); the same bytes again give the same article (`unchanged`), so a
        retry adds nothing. PUT /v1/documents/{doc_id} replaces an uploaded article."""
        if len((await request.form()).getlist("file")) > 1:
            raise InvalidRequestError("more than one 'file' part", "upload one file per request")
        data = await _read_upload(file, settings.max_upload_bytes)
        # Parsing and embedding run on a thread of their own, one write at a time, so
        # questions and health checks keep answering meanwhile.
        return await anyio.to_thread.run_sync(_upload, the, request, file.filename or "upload.txt", data, metrics,
                                              limiter=writes)

    @app.put("/v1/documents/{doc_id}", tags=["documents"], dependencies=[auth])
    async def replace(doc_id: str, request: Request, file: UploadFile = File(...)) -> dict:
        """Replace an uploaded article with a new version of its file (its doc_id stays). If
        the new version cannot be ingested, the old one stays, on disk and in the index.
        Articles ingested from files on the server are 409: change the file and run `rag ingest`."""
        data = await _read_upload(file, settings.max_upload_bytes)
        return await anyio.to_thread.run_sync(_replace, the, request, doc_id, data, metrics, limiter=writes)

    @app.delete("/v1/documents/{doc_id}", tags=["documents"], dependencies=[auth])
    async def delete(doc_id: str, request: Request) -> dict:
        return await anyio.to_thread.run_sync(_delete, the, request, doc_id, metrics, limiter=writes)

    @app.get("/v1/models", tags=["openai"], dependencies=[auth], response_model_exclude_unset=True)
    def models() -> ModelList:
        """OpenAI-compatible: the models this server answers as (the corpus is one, "rag")."""
        return openai_compat.models()

    @app.get("/v1/models/{model}", tags=["openai"], dependencies=[auth], response_model_exclude_unset=True,
             responses={404: {"description": "no such model (code model_not_found)"}})
    def model(model: str) -> openai_compat.Model:
        return openai_compat.model(model)

    @app.post("/v1/chat/completions", tags=["openai"], dependencies=[auth], response_model=RagChatCompletion,
              response_model_exclude_unset=True,
              responses={200: {"content": {"text/event-stream": {"itemSchema": _CHUNK_EVENT}}},
                         404: {"description": "no such model (code model_not_found)"}})
    def chat_completions(body: ChatCompletionRequest, request: Request):
        """OpenAI-compatible. The last user message is the question, earlier user and
        assistant messages the conversation; system messages are not used (the rules an
        answer keeps are the server's). The answer comes back as the assistant message
        (a refusal lists the closest passages in it); extra fields carry the evidence:
        `citations` (the Answer's citations) and `rag` (the whole Answer). With `stream`,
        the verified answer is sent as chat.completion.chunk events, the evidence on the
        one that finishes it; `stream_options.include_usage` adds a last chunk with usage."""
        openai_compat.check_model(body.model)
        question, history = openai_compat.conversation(body.messages)
        answer = the(request).ask(question, history=history)
        metrics.answer(answer)
        completion_id, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        if not body.stream:
            return openai_compat.completion(answer, body, completion_id, created)
        return _sse((("", data) for data in openai_compat.chunks(answer, body, completion_id, created)), openai_style=True)

    return app


async def _read_upload(file: UploadFile, limit: int) -> bytes:
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(f"the file is larger than {limit} bytes", "RAG_MAX_UPLOAD_BYTES sets the limit")
    return data


def _upload(the, request: Request, name: str, data: bytes, metrics: observe.Metrics) -> dict:
    [target], report = the(request).upload({name: data})
    return _uploaded(target, report, metrics)


def _replace(the, request: Request, doc_id: str, data: bytes, metrics: observe.Metrics) -> dict:
    assistant = the(request)
    report = assistant.replace(doc_id, data)
    return _uploaded(Path(assistant.catalog.path_of(doc_id)), report, metrics)


def _uploaded(target: Path, report, metrics: observe.Metrics) -> dict:
    metrics.ingest(added=report.added, updated=report.updated, unchanged=report.unchanged, failed=len(report.failed))
    if not report.ok:
        raise LoadError(report.failed[0][1], "upload a UTF-8 .txt, .md, .html or .pdf file")
    return {"doc_id": make_doc_id(str(target.resolve())), "stored_as": target.name, "added": report.added,
            "updated": report.updated, "unchanged": report.unchanged, "chunks": report.chunks}


def _delete(the, request: Request, doc_id: str, metrics: observe.Metrics) -> dict:
    assistant = the(request)
    if assistant.article(doc_id) is None:
        raise NotFoundError(f"no article with doc_id {doc_id}", "GET /v1/documents lists them")
    assistant.remove(doc_id)
    metrics.ingest(deleted=1)
    return {"deleted": doc_id}


# --- streaming ------------------------------------------------------------------------


def _answer_events(events: Iterator[StreamEvent], metrics: observe.Metrics) -> Iterator[tuple[str, Any]]:
    """The stream's events as server-sent events: `passages`, `delta`, `answer`."""
    for event in events:
        match event:
            case Passages(passages):
                yield "passages", [asdict(p) for p in passages]
            case Delta(text):
                yield "delta", {"text": text}
            case Final(answer):
                metrics.answer(answer)
                yield "answer", answer.to_dict()


def _sse(events: Iterator[tuple[str, Any]], openai_style: bool = False) -> StreamingResponse:
    """Server-sent events of (event name, data); data that is a str is JSON already."""

    def body() -> Iterator[str]:
        try:
            for event, data in events:
                prefix = f"event: {event}\n" if event else ""
                encoded = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
                yield f"{prefix}data: {encoded}\n\n"
        except RagError as e:
            yield f"event: error\ndata: {json.dumps(e.body())}\n\n"
        if openai_style:
            yield "data: [DONE]\n\n"

    return StreamingResponse(body(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


# The stream of /v1/chat/completions, as FastAPI describes a stream of server-sent events.
_CHUNK_EVENT = {
    "type": "object",
    "required": ["data"],
    "properties": {"data": {"type": "string", "contentMediaType": "application/json",
                            "contentSchema": {"$ref": "#/components/schemas/RagChatCompletionChunk"}}},
    "description": "`data: {chat.completion.chunk}` events, then `data: [DONE]`",
}


def _openapi(app: FastAPI) -> dict:
    """FastAPI's spec, plus the schema of the chunks streamed by /v1/chat/completions
    (named in its text/event-stream response; FastAPI collects only response models)."""
    if app.openapi_schema is None:
        from pydantic.json_schema import models_json_schema

        spec = FastAPI.openapi(app)
        _, chunk = models_json_schema([(openai_compat.RagChatCompletionChunk, "serialization")],
                                      ref_template="#/components/schemas/{model}")
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        # A chunk's Choice is not a completion's Choice (openai names both so): a name
        # already taken by another schema gets the chunk's prefix, and so does one whose
        # name is taken by the same schema when it refers to one so renamed.
        taken = {name for name, schema in chunk["$defs"].items() if schemas.get(name, schema) != schema}
        while more := {name for name, schema in chunk["$defs"].items() if name in schemas and name not in taken
                       and any(f'"#/components/schemas/{t}"' in json.dumps(schema) for t in taken)}:
            taken |= more
        renamed = json.loads(re.sub(
            r'"#/components/schemas/([^"]+)"',
            lambda m: f'"#/components/schemas/{"ChatCompletionChunk" if m[1] in taken else ""}{m[1]}"',
            json.dumps(chunk["$defs"])))
        for name, schema in renamed.items():
            schemas.setdefault(f"ChatCompletionChunk{name}" if name in taken else name, schema)
    return app.openapi_schema


# --- errors and authentication ----------------------------------------------------------


def _problem(err: dict) -> str:
    if err["type"] == "json_invalid":  # loc is ("body", position)
        return f"the body is not valid JSON ({err.get('ctx', {}).get('error', 'decode error')} at character {err['loc'][-1]})"
    return f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"


def _error(status: int, message: str, code: str, hint: str = "") -> JSONResponse:
    return JSONResponse(error_body(message, code, hint), status_code=status)


def _add_error_handlers(app: FastAPI, max_body: int, max_upload: int) -> None:
    @app.exception_handler(RagError)
    async def rag_error(request: Request, e: RagError) -> JSONResponse:
        return _error(e.status, e.message, e.code, e.hint)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, e: RequestValidationError) -> JSONResponse:
        problems = "; ".join(_problem(err) for err in e.errors())
        hint = ""
        if any(err["loc"][:1] == ("body",) for err in e.errors()) and "json" not in request.headers.get("content-type", ""):
            hint = "send the body as JSON, with Content-Type: application/json"
        return _error(400, f"invalid request: {problems}", "invalid_request", hint)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, e: HTTPException) -> JSONResponse:
        return _error(e.status_code, str(e.detail), "http_error")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, e: Exception) -> JSONResponse:
        # The traceback goes to the log, not to the client; the id ties the two together.
        request_id = observe.request_id(request)
        observe.error_log.error("unexpected error", exc_info=e, extra={"request_id": request_id,
                                "method": request.method, "path": request.url.path})
        response = _error(500, f"internal error: {type(e).__name__}", "internal_error",
                          f"logged on the server with request id {request_id}")
        response.headers["X-Request-ID"] = request_id  # sent from outside the request log's reach
        return response

    app.add_middleware(_BodyLimit, max_body=max_body, max_upload=max_upload)


class _BodyLimit:
    """Refuse bodies over the limit: by their Content-Length before reading them or, for a
    chunked body (Transfer-Encoding), once the chunks read so far pass it. Plain ASGI (not
    @app.middleware, whose wrapper costs about a millisecond per request here)."""

    def __init__(self, app, max_body: int, max_upload: int) -> None:
        self.app, self.max_body, self.max_upload = app, max_body, max_upload

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            limit = self.max_upload + 64_000 if scope["path"].startswith("/v1/documents") else self.max_body  # POST, PUT
            headers = dict(scope["headers"])
            too_large = _error(413, f"the request body is larger than {limit} bytes", "too_large")
            if b"chunked" in headers.get(b"transfer-encoding", b"").lower():
                # No length to check up front (and a Content-Length beside it is ignored by
                # the server): read the body here, within the limit, and pass it on whole.
                body = bytearray()
                while True:
                    message = await receive()
                    if message["type"] != "http.request":  # the client went away
                        return
                    body += message.get("body", b"")
                    if len(body) > limit:
                        return await too_large(scope, receive, send)
                    if not message.get("more_body"):
                        break
                receive = _replay(bytes(body), receive)
            else:
                length = headers.get(b"content-length", b"")
                if length.isdigit() and int(length) > limit:
                    return await too_large(scope, receive, send)
        await self.app(scope, receive, send)


def _replay(body: bytes, receive):
    """An ASGI receive that gives this body first, then the real messages (disconnect)."""
    sent = False

    async def replayed() -> dict:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


def _authenticator(keys: list[str]):
    """A dependency accepting `Authorization: Bearer KEY` (what the openai client sends)
    or `X-API-Key: KEY`; with no keys configured, everyone is let in."""

    async def check(request: Request) -> None:  # async: no thread hop for a header check
        if not key_ok(request.headers, keys):
            raise unauthorized()

    return Depends(check)
