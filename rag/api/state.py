"""What every router reaches through `request.app.state`: the Assistant (reopened when the
serving index switches), the metrics, the settings and the writers' queue.

Kept apart from `create_app` so routers can import it without importing the app.
"""

from __future__ import annotations

from fastapi import Request

from rag import observe
from rag.assistant import Assistant
from rag.config import Settings


def the(request: Request) -> Assistant:
    """The Assistant, on the index that serves now: when `rag ingest` has switched it (a
    new model or chunking) since it was opened, the new one is swapped in; requests in
    flight finish on the old one (Assistant.follow_switch)."""
    return request.app.state.assistant.follow_switch()


def metrics(request: Request) -> observe.Metrics:
    return request.app.state.metrics


def settings(request: Request) -> Settings:
    return request.app.state.settings
