"""The chat UI's conversation: the messages so far, each answer with its [n] buttons,
sources and feedback controls, a citation opened in its article, and the question box."""

from __future__ import annotations

import streamlit as st
from render import article_html, cited_answer_html
from widgets import article_view, cited_answer

from rag import RagError
from rag.followup import recent
from rag.protocol import AssistantLike
from rag.schema import Answer, Delta, Final


@st.dialog("Cited passage in its article", width="large")
def show_in_article(shared: AssistantLike, citation: dict) -> None:
    article = shared.article(citation["doc_id"])
    if article is None:
        st.error("This article is no longer in the index.")
        return
    article_view(article_html(article, citation["start"], citation["end"], citation.get("section", "")),
                 key=f"article-{citation['doc_id']}-{citation['start']}")


def only_in(titles: list[str]) -> str:
    shown = ", ".join(f"“{t}”" for t in titles[:3])
    return f"Searched only in {shown}" + (f" and {len(titles) - 3} more" if len(titles) > 3 else "")


def show_answer(shared: AssistantLike, index: int, message: dict) -> None:
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
            show_in_article(shared, data["citations"][opened - 1])

    state = st.session_state
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


def conversation(shared: AssistantLike, assistant: AssistantLike, documents: list[str] | None, top_k: int,
                 known: dict, total_articles: int) -> None:
    """Draw the conversation so far, and answer a new question (streamed, then verified)."""
    state = st.session_state
    st.title("Ask the articles")
    st.caption("Every answer cites the exact passages it comes from; when the articles do not say, it tells you.")

    for index, message in enumerate(state.messages):
        with st.chat_message(message["role"]):
            if message.get("error"):
                st.error(message["error"])
            elif message.get("answer"):
                show_answer(shared, index, message)
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
