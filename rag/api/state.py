"""What every router reaches through `request.app.state`: the Assistant (reopened when the
serving index switches), the metrics, the settings and the writers' queue.

Kept apart from `create_app` so routers can import it without importing the app.
"""

from __future__ import annotations

from fastapi import Request

from rag import indexes, observe
from rag.assistant import Assistant
from rag.config import Settings


def the(request: Request) -> Assistant:
    """The Assistant, reopened when `rag ingest` has switched the serving index (a new
    model or chunking) since it was opened; requests in flight finish on the old one."""
    state = request.app.state
    active = indexes.active_key(state.assistant.settings.data_dir)
    if active and active != state.assistant.key:
        with state.switching:
            if active != state.assistant.key:
                state.assistant = Assistant.from_settings(state.assistant.settings)
    return state.assistant


def metrics(request: Request) -> observe.Metrics:
    return request.app.state.metrics


def settings(request: Request) -> Settings:
    return request.app.state.settings
