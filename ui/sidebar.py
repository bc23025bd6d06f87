"""The chat UI's sidebar: the articles (find them, tick those to search only in), uploads,
and this session's settings (answer backend, model, top-k), a new chat and the export of
thumbs-down feedback."""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st
from assistants import session_assistant
from render import file_label, plural

from rag import RagError, Settings
from rag.chats import feedback_log
from rag.ingest import IngestReport
from rag.load import SUPPORTED
from rag.protocol import AssistantLike

SIDEBAR_ARTICLES = 30  # listed in the sidebar at a time
FIND_FROM = 8  # more articles than this: a "Find" box above them, and the list scrolls


@st.cache_data(show_spinner=False, max_entries=4)
def thumbs_down_cases(_settings: Settings, version: tuple) -> list[dict]:
    """Feedback as eval cases, read again only when it changes (not on every rerun)."""
    return feedback_log(_settings).eval_cases()


def upload_summary(report: IngestReport) -> str:
    counts = ", ".join(f"{n} {what}" for n, what in [(report.added, "added"), (report.updated, "updated"),
                                                      (report.unchanged, "unchanged")] if n)
    return f"{counts}; {plural(report.chunks, 'chunk')} written."


def ingest_uploads(shared: AssistantLike, uploads: list) -> None:
    """Ingest the files one by one, so the progress bar moves with each (the index commits
    a batch at a time: a big batch in one call would show nothing until its end). Then a
    new round: the uploader comes back empty and the article list (drawn above it) shows
    the new articles at once."""
    state = st.session_state
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
    state = st.session_state
    chosen = [d for d in state.only_in if d != doc_id]
    state.only_in = chosen + [doc_id] if state[f"only-{doc_id}"] else chosen


def clear_choice() -> None:
    state = st.session_state
    for doc_id in state.only_in:
        state.pop(f"only-{doc_id}", None)
    state.only_in = []


def sidebar(shared: AssistantLike, total_articles: int) -> tuple[AssistantLike, list[str] | None, int, dict]:
    """Draw the sidebar. Returns the assistant this session asks, the articles ticked
    (None: all), the passages to read, and the titles seen (doc_id -> (title, file))."""
    state = st.session_state
    # Thumbs go through assistant.feedback: into this data directory or the shared database,
    # or, in API mode, to the server (so there is nothing here to export).
    remote = bool(shared.settings.api_url)
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

        uploads = st.file_uploader("Add articles", type=sorted(t.lstrip(".") for t in SUPPORTED), accept_multiple_files=True,
                                   key=f"uploads-{state.upload_round}")
        if uploads:
            state.pop("upload_notes", None)  # (the last upload's outcome stays until files are added again)
        if uploads and st.button(f"Ingest {plural(len(uploads), 'file')}", key="ingest", type="primary"):
            ingest_uploads(shared, uploads)
        for kind, note in state.get("upload_notes", []):
            getattr(st, kind)(note)

        st.header("Settings")
        if remote:
            # The server makes the answers with its own settings: a choice here would do nothing.
            st.caption(f"Answers come from the answer API at {shared.settings.api_url}; how they are made "
                       "(extractive or an LLM, which model) is set where it runs (RAG_BACKEND, RAG_LLM_MODEL).")
            assistant = shared
        else:
            # "local" (a GGUF model in this process) is offered where RAG_LLM_GGUF names one.
            choices = {"extractive": "quotes the articles (offline)",
                       "openai": "an LLM writes, every sentence verified"}
            if shared.settings.llm_gguf:
                choices["local"] = f"{shared.settings.llm_gguf.name} writes here, every sentence verified"
            backend = st.radio("Answers", list(choices), key="backend",
                               index=list(choices).index(shared.settings.backend)
                               if shared.settings.backend in choices else 0,
                               captions=list(choices.values()))
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
            feedback = feedback_log(shared.settings)
            negatives = thumbs_down_cases(shared.settings, feedback.version())
            st.download_button(
                f"Export thumbs-down feedback as eval cases ({len(negatives)})",
                data="".join(json.dumps(c, ensure_ascii=False) + "\n" for c in negatives),
                file_name="feedback-cases.jsonl", mime="application/jsonl", disabled=not negatives, key="export",
            )
    return assistant, documents, top_k, known
