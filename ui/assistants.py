"""The Assistant of the chat UI: one per server and configuration, loaded once and shared
by every session (st.cache_resource), and the copy a session asks when it chose another
answer backend or model."""

from __future__ import annotations

import copy
import json
import os

import streamlit as st
from pydantic import ValidationError

from rag import Settings, indexes
from rag.assistant import Assistant
from rag.client import Client
from rag.errors import IndexBusyError, settings_error
from rag.protocol import AssistantLike


@st.cache_resource(show_spinner="Loading the index and the embedding model…")
def load_assistant(environment: str) -> AssistantLike:
    """One Assistant per server and configuration (the key): loaded once, not per rerun,
    and shared by all sessions, so no session may change it. With RAG_API_URL set, a
    client of that running `rag serve` instead."""
    try:
        settings = Settings()
    except ValidationError as e:
        raise settings_error(e) from None
    if settings.api_url:
        return Client(settings=settings)
    assistant = Assistant.from_settings(settings)
    try:  # settle uploads a killed process left half-done
        assistant.recover()
    except IndexBusyError:
        pass  # the process writing now settles them first
    return assistant


def configuration() -> str:
    """What the cached Assistant depends on: the environment, and which index serves (so
    a switch made by `rag ingest` reloads it)."""
    names = sorted(k for k in os.environ if k.startswith(("RAG_", "OPENAI_")))
    try:
        serving = indexes.switch(Settings()).active_key()
    except ValidationError:
        serving = None  # load_assistant reports the bad setting
    return json.dumps([os.getcwd(), serving] + [(k, os.environ[k]) for k in names])


def session_assistant(shared: AssistantLike, backend: str, model: str) -> AssistantLike:
    """The assistant this session asks: the shared one, or, when the session chose another
    backend or model, a shallow copy of it with its own settings and LLM (the index, the
    embedding model and the stores stay shared; `configure` only rebinds the copy's own
    attributes). Kept in the session and made anew when the shared one switched index."""
    if not isinstance(shared, Assistant) or (backend, model) == (shared.settings.backend, shared.settings.llm_model):
        return shared
    wanted = (id(shared), shared.key, id(shared.catalog), backend, model)
    state = st.session_state
    if state.get("own_assistant_for") != wanted:
        own = copy.copy(shared)
        own.configure(backend=backend, llm_model=model)
        state.own_assistant, state.own_assistant_for = own, wanted
    return state.own_assistant
