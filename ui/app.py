"""The chat UI (Streamlit): ask the articles, read cited answers, open a citation in its
article with the quoted span marked.

A thin shell over `rag.Assistant`, loaded once per server (st.cache_resource) and shared
by every session; what a session chooses (answer backend, model, filter) stays in that
session (see `session_assistant`). The HTML is built in `ui/render.py`, the interactive
pieces are in `ui/widgets.py`. Run it with `rag ui` (or `streamlit run ui/app.py`);
settings come from the environment and `.env` like everywhere else.
"""

from __future__ import annotations

import copy
import json
import os
import secrets
import sys
import time
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for `render` and `widgets`, beside this file

from render import article_html, cited_answer_html, file_label, plural  # noqa: E402
from signin import Attempts, ByAddress, locked_message  # noqa: E402
from widgets import article_view, cited_answer  # noqa: E402

from pydantic import ValidationError  # noqa: E402

from rag import RagError, Settings, indexes  # noqa: E402
from rag.assistant import Assistant  # noqa: E402
from rag.client import Client  # noqa: E402
from rag.errors import IndexBusyError, settings_error  # noqa: E402
from rag.feedback import FeedbackStore  # noqa: E402
from rag.followup import recent  # noqa: E402
from rag.ingest import IngestReport  # noqa: E402
from rag.schema import Delta, Final  # noqa: E402
from rag.protocol import AssistantLike  # noqa: E402
from rag.schema import Answer  # noqa: E402

st.set_page_config(page_title="Ask the articles", page_icon="📰", layout="wide")
# Readers get no "Deploy", "Rerun" or "Clear cache" (`rag ui` sets it on the command line
# too, so it holds from the first page load).
st.set_option("client.toolbarMode", "viewer")


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
    if state.get("own_assistant_for") != wanted:
        own = copy.copy(shared)
        own.configure(backend=backend, llm_model=model)
        state.own_assistant, state.own_assistant_for = own, wanted
    return state.own_assistant


if not signed_in():
    st.stop()

try:
    shared = load_assistant(configuration())
    total_articles = shared.count_articles()
except RagError as e:
    st.error(f"**Cannot start:** {e.message}. {e.hint}")
    st.stop()

state = st.session_state
SIDEBAR_ARTICLES = 30  # listed in the sidebar at a time
FIND_FROM = 8  # more articles than this: a "Find" box above them, and the list scrolls
state.setdefault("messages", [])  # {"role", "content", "answer": dict | None, "error": str | None, "only_in": [titles]}
state.setdefault("history", [])  # (role, text) for follow-ups, as asked; the recent ones only
state.setdefault("upload_round", 0)  # a new round, a new (empty) file uploader
# Thumbs go through assistant.feedback: into this data directory, or, in API mode, to the
# server's (so there is nothing here to export).
remote = bool(shared.settings.api_url)
feedback = FeedbackStore(shared.settings.data_dir)


@st.cache_data(show_spinner=False)
def thumbs_down_cases(path: str, modified: float) -> list[dict]:
    """Feedback as eval cases, read again only when the file changes (not on every rerun)."""
    return FeedbackStore(Path(path).parent).eval_cases()


@st.dialog("Cited passage in its article", width="large")
def show_in_article(citation: dict) -> None:
    article = shared.article(citation["doc_id"])
    if article is None:
        st.error("This article is no longer in the index.")
        return
    article_view(article_html(article, citation["start"], citation["end"], citation.get("section", "")),
                 key=f"article-{citation['doc_id']}-{citation['start']}")


def upload_summary(report: IngestReport) -> str:
    counts = ", ".join(f"{n} {what}" for n, what in [(report.added, "added"), (report.updated, "updated"),
                                                      (report.unchanged, "unchanged")] if n)
    return f"{counts}; {plural(report.chunks, 'chunk')} written."


def ingest_uploads(uploads: list) -> None:
    """Ingest the files one by one, so the progress bar moves with each (the index commits
    a batch at a time: a big batch in one call would show nothing until its end). Then a
    new round: the uploader comes back empty and the article list (drawn above it) shows
    the new articles at once."""
    files = {upload.name: upload.getvalue() for upload in uploads}
    progress = st.progress(0.0, text=f"Ingesting {plural(len(files), 'file')}…")
    total, notes = IngestReport(), []
    for done, (name, data) in enumerate(files.items(), start=1):
        try:
            _, report = shared.upload({name: data})
        except RagError as e:
            left = len(files) - done
            notes.append(("error", f"{name}: {e.message}. {e.hint}" + (f" ({plural(left, 'file')} not sent)" if left else "")))
            break
        for field in ("added", "updated", "unchanged", "chunks"):
            setattr(total, field, getattr(total, field) + getattr(report, field))
        total.failed += report.failed
        outcome = "failed" if report.failed else next(f for f in ("added", "updated", "unchanged") if getattr(report, f))
        progress.progress(done / len(files), text=f"{done} of {len(files)} · {name}: {outcome}")
    notes += [("error", f"{Path(path).name}: {reason}") for path, reason in total.failed]
    if total.added or total.updated or total.unchanged:
        notes.append(("success", upload_summary(total)))
    state.upload_notes, state.upload_round = notes, state.upload_round + 1
    st.rerun()


def _markdown_text(text: str) -> str:
    """Text shown literally in a widget label (which reads Markdown)."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>~:$" else ch for ch in text)


def choose(doc_id: str) -> None:
    """An article's checkbox changed: keep the choice by doc_id (a checkbox that
    a new search hides forgets its state, the choice must not)."""
    chosen = [d for d in state.only_in if d != doc_id]
    state.only_in = chosen + [doc_id] if state[f"only-{doc_id}"] else chosen


def clear_choice() -> None:
    for doc_id in state.only_in:
        state.pop(f"only-{doc_id}", None)
    state.only_in = []


# --- sidebar: the corpus and the settings ---------------------------------------------------

with st.sidebar:
    # The articles, each with a checkbox: ticked ones are the only ones searched. A page
    # of those matching "Find" (an archive may hold tens of thousands), those already
    # ticked first; full titles (a dropdown cut them off), the file in the tooltip, never
    # an id. The choice is kept by doc_id across searches.
    st.header("Articles")
    if not total_articles:
        st.info("No articles yet: upload some below, or run `rag ingest`.")
    known = state.setdefault("article_names", {})  # doc_id -> (title, file)
    chosen: list[str] = state.setdefault("only_in", [])
    find = st.text_input("Find articles", key="find", placeholder="a word of the title or file name") \
        if total_articles > FIND_FROM or state.get("find") else ""
    matches = shared.sources(contains=find or None, limit=SIDEBAR_ARTICLES)
    known.update({s.doc_id: (s.title, file_label(s.source)) for s in matches})
    chunks = {s.doc_id: s.chunks for s in matches}
    options = [d for d in chosen if d not in chunks] + list(chunks)
    if find and not matches:
        st.caption(f"No article has “{find}” in its title or file name.")
    with st.container(height=320 if len(options) > FIND_FROM else "content", border=False, key="article_list"):
        for doc_id in options:
            title, file = known.get(doc_id, (doc_id, ""))
            count = f" :gray[· {plural(chunks[doc_id], 'chunk')}]" if doc_id in chunks else ""
            st.checkbox(_markdown_text(title) + count, value=doc_id in chosen, key=f"only-{doc_id}",
                        help=file or None, on_change=choose, args=(doc_id,))
    if chosen:
        st.button(f"Search all articles ({len(chosen)} ticked now)", key="clear_only_in", on_click=clear_choice)
    elif total_articles:
        shown = len(matches) if find else min(total_articles, SIDEBAR_ARTICLES)
        st.caption("Tick articles to search only in them."
                   + (f" {shown} of {shared.count_articles(find or None)} shown; “Find” narrows the list."
                      if shared.count_articles(find or None) > shown else ""))
    documents = list(chosen) or None

    uploads = st.file_uploader("Add articles", type=["txt", "md", "html", "htm", "pdf"], accept_multiple_files=True,
                               key=f"uploads-{state.upload_round}")
    if uploads and st.button(f"Ingest {plural(len(uploads), 'file')}", key="ingest", type="primary"):
        ingest_uploads(uploads)
    for kind, note in state.pop("upload_notes", []):  # once, right after the upload
        getattr(st, kind)(note)

    st.header("Settings")
    if remote:
        # The server makes the answers with its own settings: a choice here would do nothing.
        st.caption(f"Answers come from the answer API at {shared.settings.api_url}; how they are made "
                   "(extractive or an LLM, which model) is set where it runs (RAG_BACKEND, RAG_LLM_MODEL).")
        assistant = shared
    else:
        backend = st.radio("Answers", ["extractive", "openai"], key="backend",
                           index=0 if shared.settings.backend == "extractive" else 1,
                           captions=["quotes the articles (offline)", "an LLM writes, every sentence verified"])
        model = shared.settings.llm_model
        if backend == "openai":
            model = st.text_input("Model", value=model, key="model") or model
        assistant = session_assistant(shared, backend, model)  # this session's choice only
    top_k = st.slider("Passages to read (top-k)", 1, 20, shared.settings.top_k, key="top_k")

    if st.button("New chat", key="new_chat"):
        state.messages, state.history = [], []
    if remote:
        st.caption("Feedback is kept by the answer API, in feedback.jsonl in its data directory.")
    else:
        negatives = thumbs_down_cases(str(feedback.path), feedback.path.stat().st_mtime if feedback.path.exists() else 0)
        st.download_button(
            f"Export thumbs-down feedback as eval cases ({len(negatives)})",
            data="".join(json.dumps(c, ensure_ascii=False) + "\n" for c in negatives),
            file_name="feedback-cases.jsonl", mime="application/jsonl", disabled=not negatives, key="export",
        )


# --- the conversation --------------------------------------------------------------------------


def only_in(titles: list[str]) -> str:
    shown = ", ".join(f"“{t}”" for t in titles[:3])
    return f"Searched only in {shown}" + (f" and {len(titles) - 3} more" if len(titles) > 3 else "")


def show_answer(index: int, message: dict) -> None:
    """An answer with its [n] buttons and sources, what was searched, and feedback controls."""
    data = message["answer"]
    answer = Answer.from_dict(data)
    for warning in answer.warnings:
        st.info(warning)
    if answer.search_query and answer.search_query != answer.question:
        st.caption(f"Searched for: {answer.search_query}")  # a follow-up, made standalone
    if message.get("only_in"):
        st.caption(only_in(message["only_in"]))
    if answer.refused:
        st.warning(answer.answer, icon=":material/search_off:")
    if answer.citations or not answer.refused:
        opened = cited_answer(cited_answer_html(answer, anchor=f"m{index}"), key=f"answer-{index}")
        if opened:
            show_in_article(data["citations"][opened - 1])

    saved = state.get(f"sent-{index}")
    rating = st.feedback("thumbs", key=f"rating-{index}")
    if saved:
        st.caption("Thanks for the feedback.")
    elif rating is not None:
        comment = st.text_input("What was wrong or right? (optional)", key=f"comment-{index}")
        if st.button("Send feedback", key=f"send-{index}"):
            try:  # stored here, or by the answer API in API mode
                shared.feedback(answer, 1 if rating == 1 else -1, comment)
            except RagError as e:
                st.error(f"The feedback was not saved: {e.message}. {e.hint}")
            else:
                state[f"sent-{index}"] = True
                st.rerun()


st.title("Ask the articles")
st.caption("Every answer cites the exact passages it comes from; when the articles do not say, it tells you.")

for index, message in enumerate(state.messages):
    with st.chat_message(message["role"]):
        if message.get("error"):
            st.error(message["error"])
        elif message.get("answer"):
            show_answer(index, message)
        else:
            st.markdown(message["content"])

chosen_titles = [known.get(d, (d,))[0] for d in documents or []]
if chosen_titles:  # said where the question is typed, not only in the sidebar
    it = "it" if len(chosen_titles) == 1 else "them"
    st.info(f"{only_in(chosen_titles).replace('Searched', 'Searching')}. To search all articles, untick {it} "
            "in the sidebar.", icon=":material/filter_alt:")

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
            for event in assistant.stream(question, k=top_k, documents=documents, history=state.history):
                match event:
                    case Delta(piece):
                        status.update(label="Writing the answer…")
                        text += piece
                        live.markdown(text + " ▌")
                    case Final():
                        answer = event.answer
        except RagError as e:
            status.update(label="Failed", state="error")
            live.empty()
            state.messages.append({"role": "assistant", "content": "", "error": f"{e.message}. {e.hint}"})
        else:
            status.update(label="Verified against the articles" if not answer.refused else "Not in the articles",
                          state="complete")
            live.empty()
            state.messages.append({"role": "assistant", "content": answer.answer, "answer": answer.to_dict(),
                                   "only_in": chosen_titles})
            state.history = recent([*state.history, ("user", answer.question), ("assistant", answer.answer)])
    st.rerun()
