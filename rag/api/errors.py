"""Errors at the HTTP boundary: one JSON shape, {"error": {"message", "type", "code"}}, for
every error, ours (RagError, with the status it carries) or the framework's (validation,
404, 405), and the request-body limit (413) that runs before any route reads a body.

A foreseeable fault is never a 500; an unexpected one is logged with its traceback and
request id (rag.observe) and answered 500 with that id, never with the traceback.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from rag import observe
from rag.errors import RagError, error_body


def _problem(err: dict) -> str:
    if err["type"] == "json_invalid":  # loc is ("body", position)
        return f"the body is not valid JSON ({err.get('ctx', {}).get('error', 'decode error')} at character {err['loc'][-1]})"
    return f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"


def _error(status: int, message: str, code: str, hint: str = "") -> JSONResponse:
    return JSONResponse(error_body(message, code, hint), status_code=status)


def add_error_handlers(app: FastAPI, max_body: int, max_upload: int) -> None:
    """One error shape for every error, ours or the framework's, and the body limit."""
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
