"""The HTTP answer API (`rag serve`): a thin FastAPI shell over one shared `Assistant`.

Endpoints live under /v1 (see the generated OpenAPI spec at /docs and /openapi.json):
ask (JSON or server-sent events), chat with server-side history, the documents, and an
OpenAI-compatible /v1/chat/completions + /v1/models so tools written for OpenAI can use
the corpus as a model. /healthz says the process is up; /readyz that the index answers;
/metrics gives Prometheus metrics (see rag/observe.py, also for the request log and ids).

This module only assembles the app; each area is a router of its own:
  answers.py        /v1/ask, /v1/ask/stream, /v1/chat, /v1/feedback
  documents.py      /v1/documents
  openai_routes.py  /v1/models, /v1/chat/completions (and their part of the spec)
  health.py         /healthz, /readyz, /metrics
  security.py       the API key (Authorization: Bearer KEY or X-API-Key: KEY)
  errors.py         one error shape for every error, and the body-size limit
  state.py, sse.py  what the routers share

Every error, ours or the framework's, has one shape: {"error": {"message", "type",
"code"}} with the status the error carries; a foreseeable fault is never a 500.
"""

from __future__ import annotations

from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

from rag import observe, openai_compat
from rag.api import answers, documents, health, openai_routes
from rag.api.errors import add_error_handlers
from rag.assistant import Assistant
from rag.errors import IndexBusyError

MODEL_ID = openai_compat.MODEL_ID

__all__ = ["create_app", "MODEL_ID"]


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
    app.openapi = lambda: openai_routes.openapi(app)  # type: ignore[method-assign]  # FastAPI's documented way
    settings = assistant.settings if assistant else None
    if settings is None:
        from rag.config import Settings

        settings = Settings()
    app.state.settings = settings
    add_error_handlers(app, settings.max_body_bytes, settings.max_upload_bytes)
    if settings.cors_origin_list:  # added after the body limit, so outside it: its headers reach a 413 too
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origin_list, allow_methods=["*"],
                           allow_headers=["*"], expose_headers=["X-Request-ID"])
    metrics = app.state.metrics = observe.Metrics(lambda: app.state.assistant.catalog.counts())
    app.add_middleware(observe.RequestLog, metrics=metrics)  # outermost: every request is logged and counted
    # Writes (uploads, replacements, deletes) take turns, one at a time (see documents.py).
    app.state.writes = anyio.CapacityLimiter(1)
    # The routers' routes go straight into the app's list (each APIRoute already carries
    # its router's tags, key dependency and responses), not through include_router: this
    # FastAPI nests an included router as one opaque entry, and app.routes should list
    # every route as it did before the split (tests/test_api_fuzz.py walks it).
    for router in (health.router, answers.router, documents.router, openai_routes.router):
        app.router.routes.extend(router.routes)
    return app
