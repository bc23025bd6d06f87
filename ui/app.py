"""The chat UI (Streamlit): ask the articles, read cited answers, open a citation in its
article with the quoted span highlighted.

A thin shell over `rag.Assistant`, loaded once per server (st.cache_resource); the
rendering helpers are in `ui/render.py`. Run it with `rag ui` (or `streamlit run
ui/app.py`); settings come from the environment and `.env` like everywhere else.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import time
from html import escape
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for `render`, beside this file

from render import answer_html, article_html  # noqa: E402
from signin import Attempts, ByAddress, locked_message  # noqa: E402

from pydantic import ValidationError  # noqa: E402

from rag import RagError, Settings, indexes  # noqa: E402
from rag.assistant import Assistant  # noqa: E402
from rag.client import RemoteAssistant  # noqa: E402
from rag.errors import IndexBusyError, settings_error  # noqa: E402
from rag.feedback import FeedbackStore  # noqa: E402
from rag.followup import recent  # noqa: E402
from rag.protocol import AssistantLike  # noqa: E402
from rag.schema import Answer  # noqa: E402

st.set_page_config(page_title="Ask the articles", page_icon="📰", layout="wide")


def accepted_secrets() -> list[str]:
    """The keys of RAG_API_KEYS and RAG_UI_PASSWORD: any of them signs in. None set: no
    sign-in (`rag ui` then listens on loopback only, unless told otherwise)."""
    try:
        settings = Settings()
    except ValidationError:
        return []  # load_assistant reports the bad setting, and nothing else is shown
    password = settings.ui_password.get_secret_value()
    return settings.api_key_list + ([password] if password else [])


def signed_in() -> bool:
    """Ask for a key or password before anything else is shown. The one given is kept in
    the session and checked on every rerun, so removing it from the settings signs out."""
    accepted = accepted_secrets()
    if not accepted or _matches(st.session_state.get("secret", ""), accepted):
        return True
    st.title("Ask the articles")
    # Failed attempts lock sign-in for a growing time, per session and per client address.
    counts = [st.session_state.setdefault("sign_in_attempts", Attempts())]
    if st.context.ip_address:  # None on loopback
        counts.append(attempts_by_address().get(st.context.ip_address))
    with st.form("sign-in"):
        given = st.text_input("Key or password", type="password", key="sign_in_secret")
        if st.form_submit_button("Sign in"):
            now = time.monotonic()
            if wait := max(c.wait(now) for c in counts):
                st.error(locked_message(wait))  # not even checked: guessing gains nothing
            elif _matches(given, accepted):
                for c in counts:
                    c.succeeded()
                st.session_state["secret"] = given
                st.rerun()
            else:
                for c in counts:
                    c.failed(now)
                wait = max(c.wait(now) for c in counts)
                st.error("That is not a key or password this UI accepts." + (f" {locked_message(wait)}" if wait else ""))
    return False


@st.cache_resource
def attempts_by_address() -> ByAddress:
    return ByAddress()


def _matches(given: str, accepted: list[str]) -> bool:
    # Compared as bytes: compare_digest refuses non-ASCII str.
    return bool(given) and any(secrets.compare_digest(given.encode(), key.encode()) for key in accepted)


@st.cache_resource(show_spinner="Loading the index and the embedding model…")
def load_assistant(environment: str) -> AssistantLike:
    """One Assistant per server and configuration (the key): loaded once, not per rerun.
    With RAG_API_URL set, a client of that running `rag serve` instead."""
    try:
        settings = Settings()
    except ValidationError as e:
        raise settings_error(e) from None
    if settings.api_url:
        return RemoteAssistant(settings)
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
        serving = indexes.active_key(Settings().data_dir)
    except ValidationError:
        serving = None  # load_assistant reports the bad setting
    return json.dumps([os.getcwd(), serving] + [(k, os.environ[k]) for k in names])




if not signed_in():
    st.stop()

try:
    assistant = load_assistant(configuration())
    total_articles = assistant.count_articles()
except RagError as e:
    st.error(f"**Cannot start:** {e.message}. {e.hint}")
    st.stop()

state = st.session_state
SIDEBAR_ARTICLES = 20  # listed in the sidebar
FILTER_CHOICES = 50  # offered by "Search only in" at a time
state.setdefault("messages", [])  # {"role", "content", "answer": dict | None, "error": str | None}
state.setdefault("history", [])  # (role, text) for follow-ups, as asked; the recent ones only
feedback = FeedbackStore(assistant.settings.data_dir)


@st.cache_data(show_spinner=False)
def thumbs_down_cases(path: str, modified: float) -> list[dict]:
    """Feedback as eval cases, read again only when the file changes (not on every rerun)."""
    return FeedbackStore(Path(path).parent).eval_cases()


@st.dialog("Cited passage in its article", width="large")
def show_in_article(citation: dict) -> None:
    article = assistant.article(citation["doc_id"])
    if article is None:
        st.error("This article is no longer in the index.")
        return
    st.markdown(f"**{article.title}** · `{article.source}` · characters {citation['start']}–{citation['end']}")
    components.html(article_html(article.text, citation["start"], citation["end"]), height=460, scrolling=True)


# --- sidebar: the corpus and the settings ---------------------------------------------------

with st.sidebar:
    st.header("Articles")
    if not total_articles:
        st.info("No articles yet: upload some below, or run `rag ingest`.")
    # A page of them: an archive may hold tens of thousands.
    for source in assistant.sources(limit=SIDEBAR_ARTICLES):
        st.markdown(f"- {source.title} · {source.chunks} chunks")
    if total_articles > SIDEBAR_ARTICLES:
        st.caption(f"… {total_articles} articles in all.")

    uploads = st.file_uploader(
        "Add articles", type=["txt", "md", "html", "htm", "pdf"], accept_multiple_files=True, key="uploads"
    )
    if uploads and st.button("Ingest uploaded files", key="ingest"):
        files = {upload.name: upload.getvalue() for upload in uploads}
        progress = st.progress(0.0, text="Ingesting…")
        done = []

        def on_file(path: Path, outcome: str) -> None:
            done.append(path)
            progress.progress(len(done) / len(files), text=f"{path.name}: {outcome}")

        try:
            _, report = assistant.upload(files, on_file=on_file)
        except RagError as e:
            st.error(f"{e.message}. {e.hint}")
        else:
            for path, reason in report.failed:
                st.error(f"{Path(path).name}: {reason}")
            st.success(report.summary())

    # The choices: the articles matching "Find" (the first ones when it is empty), plus
    # those already chosen; labels stay known across reruns.
    labels = state.setdefault("article_labels", {})
    find = st.text_input("Find articles", key="find", placeholder="a word of the title or file name")
    matches = assistant.sources(contains=find or None, limit=FILTER_CHOICES)
    labels.update({f"{s.title} ({s.doc_id})": s.doc_id for s in matches})
    options = list(dict.fromkeys([*state.get("documents", []), *(f"{s.title} ({s.doc_id})" for s in matches)]))
    chosen = st.multiselect("Search only in", options, placeholder="all articles", key="documents")
    documents = [labels[t] for t in chosen] or None

    st.header("Settings")
    backend = st.radio("Answers", ["extractive", "openai"], key="backend",
                       index=0 if assistant.settings.backend == "extractive" else 1,
                       captions=["quotes the articles (offline)", "an LLM writes, every sentence verified"])
    model = assistant.settings.llm_model
    if backend == "openai":
        model = st.text_input("Model", value=model, key="model")
    assistant.configure(backend=backend, llm_model=model)
    top_k = st.slider("Passages to read (top-k)", 1, 20, assistant.settings.top_k, key="top_k")

    if st.button("New chat", key="new_chat"):
        state.messages, state.history = [], []
    negatives = thumbs_down_cases(str(feedback.path), feedback.path.stat().st_mtime if feedback.path.exists() else 0)
    st.download_button(
        f"Export thumbs-down feedback as eval cases ({len(negatives)})",
        data="".join(json.dumps(c, ensure_ascii=False) + "\n" for c in negatives),
        file_name="feedback-cases.jsonl", mime="application/jsonl", disabled=not negatives, key="export",
    )


# --- the conversation --------------------------------------------------------------------------


def show_answer(index: int, data: dict) -> None:
    """An answer with inline [n] links, its sources, and feedback controls."""
    answer = Answer.from_dict(data)
    for warning in answer.warnings:
        st.info(warning)
    if answer.search_query and answer.search_query != answer.question:
        st.caption(f"Searched for: {answer.search_query}")  # a follow-up, made standalone
    if answer.refused:
        st.warning(answer.answer, icon="🔎")
    else:
        st.markdown(answer_html(answer, anchor=f"m{index}"), unsafe_allow_html=True)
    if answer.citations:
        st.caption("Closest passages (they do not answer it)" if answer.refused else "Sources")
    for c in answer.citations:
        cols = st.columns([0.82, 0.18])
        section = f" › {escape(c.section)}" if c.section else ""
        cols[0].markdown(
            f'<div id="m{index}-{c.n}"><b>[{c.n}] {escape(c.title)}</b>{section}<br>'
            f'<span class="rag-quote">“{escape(c.quote)}”</span></div>',
            unsafe_allow_html=True,
        )
        if cols[1].button("Open in article", key=f"open-{index}-{c.n}", help=f"{c.source}, characters {c.start}-{c.end}"):
            show_in_article(data["citations"][c.n - 1])

    saved = state.get(f"sent-{index}")
    rating = st.feedback("thumbs", key=f"rating-{index}")
    if saved:
        st.caption("Thanks for the feedback.")
    elif rating is not None:
        comment = st.text_input("What was wrong or right? (optional)", key=f"comment-{index}")
        if st.button("Send feedback", key=f"send-{index}"):
            feedback.add(answer, 1 if rating == 1 else -1, comment)
            state[f"sent-{index}"] = True
            st.rerun()


st.title("Ask the articles")
st.caption("Every answer cites the exact passages it comes from; when the articles do not say, it tells you.")

for index, message in enumerate(state.messages):
    with st.chat_message(message["role"]):
        if message.get("error"):
            st.error(message["error"])
        elif message.get("answer"):
            show_answer(index, message["answer"])
        else:
            st.markdown(message["content"])

question = st.chat_input("Ask a question about the articles", disabled=not total_articles)
if question:
    state.messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.markdown(question)
    with st.chat_message("assistant"):
        status = st.status("Retrieving passages…")
        live = st.empty()
        try:
            text = ""
            for item in assistant.stream(question, k=top_k, documents=documents, history=state.history):
                if isinstance(item, str):
                    status.update(label="Writing the answer…")
                    text += item
                    live.markdown(text + " ▌")
                else:
                    answer = item
        except RagError as e:
            status.update(label="Failed", state="error")
            live.empty()
            state.messages.append({"role": "assistant", "content": "", "error": f"{e.message}. {e.hint}"})
        else:
            status.update(label="Verified against the articles" if not answer.refused else "Not in the articles",
                          state="complete")
            live.empty()
            state.messages.append({"role": "assistant", "content": answer.answer, "answer": answer.to_dict()})
            state.history = recent([*state.history, ("user", answer.question), ("assistant", answer.answer)])
    st.rerun()
