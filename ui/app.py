"""The chat UI (Streamlit): ask the articles, read cited answers, open a citation in its
article with the quoted span marked.

A thin shell over `rag.Assistant`, loaded once per server (st.cache_resource) and shared
by every session; what a session chooses (answer backend, model, filter) stays in that
session (see `assistants.py`). This script runs on every rerun and draws the page from its
parts, each in a module beside it: sign-in (`signin.py`), the sidebar (`sidebar.py`), the
conversation (`conversation.py`); the HTML is built in `render.py`, the interactive pieces
are in `widgets.py`. Run it with `rag ui` (or `streamlit run ui/app.py`); settings come
from the environment and `.env` like everywhere else.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for the modules beside this file

from assistants import configuration, load_assistant  # noqa: E402
from conversation import conversation  # noqa: E402
from sidebar import sidebar  # noqa: E402
from signin import signed_in  # noqa: E402

from rag import RagError  # noqa: E402

st.set_page_config(page_title="Ask the articles", page_icon="📰", layout="wide")
# Readers get no "Deploy", "Rerun" or "Clear cache" (`rag ui` sets it on the command line
# too, so it holds from the first page load).
st.set_option("client.toolbarMode", "viewer")

if not signed_in():
    st.stop()

try:
    shared = load_assistant(configuration())
    total_articles = shared.count_articles()
except RagError as e:
    st.error(f"**Cannot start:** {e.message}. {e.hint}")
    st.stop()

state = st.session_state
state.setdefault("messages", [])  # {"role", "content", "answer": dict | None, "error": str | None, "only_in": [titles]}
state.setdefault("history", [])  # (role, text) for follow-ups, as asked; the recent ones only
state.setdefault("upload_round", 0)  # a new round, a new (empty) file uploader

assistant, documents, top_k, known = sidebar(shared, total_articles)
conversation(shared, assistant, documents, top_k, known, total_articles)
