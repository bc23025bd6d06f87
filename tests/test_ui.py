"""The chat UI's logic with Streamlit's AppTest, on the real pipeline over the seeds. What
only a browser shows (a click on [n], the layout at 400 px) is in test_ui_browser.py."""

import json
import re
import sys

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, SEEDS, feedback_records, serving

APP = str(ROOT / "ui" / "app.py")
OIL = "What happened to Russian oil shipments to Pakistan?"
THREE_THINGS = "Pakistan Must Do These Three Things In Order to Comprehensively Expand Ties With Russia"
ASTANA = "Putin and Sharif meet at the SCO Summit in Astana"

sys.path.insert(0, str(ROOT / "ui"))


@pytest.fixture()
def app(tmp_path, monkeypatch, make_assistant):
    make_assistant(data_dir=tmp_path / "data").ingest([SEEDS])
    monkeypatch.setenv("RAG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RAG_BACKEND", "extractive")
    return started()


def started() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def shown_answer(at, index: int = -1) -> str:
    """The HTML the answer component of message `index` got (what a browser renders)."""
    return json.loads(at.get("bidi_component")[index].proto.json)["html"]


def articles(at) -> list[str]:
    """The sidebar's list of articles: their checkboxes' labels."""
    return [c.label.replace("\\", "") for c in at.sidebar.checkbox]


def last_answer(at) -> dict:
    return at.session_state["messages"][-1]["answer"]


def test_the_sidebar_lists_the_corpus(app):
    listed = articles(app)
    assert len(listed) == 2 and any(THREE_THINGS in a and "9 chunks" in a for a in listed)
    assert not app.sidebar.text_input  # no "Find" box for two articles
    # Readers get no developer toolbar ("Deploy", "Rerun"): AppTest renders no toolbar, so
    # the option the app sets is what can be checked here (the browser test looks at the page).
    import streamlit as st

    assert st.get_option("client.toolbarMode") == "viewer"


def test_find_an_article_and_search_only_in_it(tmp_path, monkeypatch, make_assistant):
    notes = tmp_path / "notes"
    notes.mkdir()
    for n in range(8):  # ten articles: more than the list shows without a "Find" box
        (notes / f"note-{n}.txt").write_text(f"Note {n}\nThe harbour of Gwadar saw ship number {n}.\n")
    make_assistant(data_dir=tmp_path / "data").ingest([SEEDS, notes])
    monkeypatch.setenv("RAG_DATA_DIR", str(tmp_path / "data"))
    at = started()
    assert len(articles(at)) == 10
    at.text_input(key="find").set_value("THREE-things").run()  # any case, title or file name
    [only] = at.sidebar.checkbox
    assert THREE_THINGS in only.label.replace("\\", "") and "pakistan-must-do-three-things" in only.help
    assert not re.search(r"[0-9a-f]{16}", only.label)  # no internal id
    only.check().run()
    at.text_input(key="find").set_value("").run()  # the choice stays while the list changes
    ticked = [c for c in at.sidebar.checkbox if c.value]
    assert len(ticked) == 1 and THREE_THINGS in ticked[0].label.replace("\\", "")
    assert any("Searching only in" in i.value and THREE_THINGS in i.value for i in at.info)  # said by the chat box
    at.chat_input[0].set_value(OIL).run()  # answered by the other article, when not limited
    assert not at.exception
    answer = last_answer(at)
    assert answer["citations"] and all("three-things" in c["source"] for c in answer["citations"])
    assert any(c.value.startswith("Searched only in") and THREE_THINGS in c.value for c in at.caption)
    at.button(key="clear_only_in").click().run()
    assert not any(c.value for c in at.sidebar.checkbox) and not any("Searching only in" in i.value for i in at.info)


def test_asking_shows_a_cited_answer_whose_sources_name_each_article_once(app):
    app.chat_input[0].set_value(OIL).run()
    assert not app.exception
    page = shown_answer(app)
    assert "indefinitely suspended such shipments" in page
    assert '<button type="button" class="rag-cite" data-n="1"' in page  # [1] is a control ...
    template = re.search(r'<template class="rag-pop-template" data-n="1">(.*?)</template>', page, re.S).group(1)
    assert "indefinitely suspended such shipments" in template and "Open in article" in template  # ... that shows these
    assert '<div class="rag-src" id="m1-1" data-n="1">' in page  # ... and marks this source
    sources = page[page.index('class="rag-sources"'):]
    citations = last_answer(app)["citations"]
    for title in {c["title"] for c in citations}:
        assert sources.count(title) == 1  # each article once
    # The extractive answer is made of the quotes: the sources do not print them again.
    assert "indefinitely suspended" not in sources and sources.count("quoted in the answer") == len(citations)


def test_a_refusal_looks_like_a_refusal(app):
    app.chat_input[0].set_value("How do I bake bread?").run()
    assert any("found no answer" in w.value for w in app.warning)
    page = shown_answer(app)
    assert "Closest passages" in page and "rag-cite" not in page
    assert page.count('<q class="rag-src-quote">') == len(last_answer(app)["citations"])  # quoted in full


def test_a_follow_up_keeps_the_topic_and_shows_what_was_searched(app):
    app.chat_input[0].set_value("What did Sharif propose about barter with Russia?").run()
    app.chat_input[0].set_value("And what happened to it?").run()
    assert not app.exception
    assert len(app.session_state.history) == 4 and app.session_state.history[2][1] == "And what happened to it?"
    searched = last_answer(app)["search_query"]
    assert "barter" in searched
    assert f"Searched for: {searched}" in [c.value for c in app.caption]


def test_feedback_is_stored_with_the_full_record_and_exported(app, tmp_path):
    app.chat_input[0].set_value(OIL).run()
    app.feedback(key="rating-1").set_value(0).run()  # thumbs down
    app.text_input(key="comment-1").set_value("too long").run()
    app.button(key="send-1").click().run()
    assert not app.exception
    record = feedback_records(tmp_path / "data")[0]
    assert record["rating"] == -1 and record["comment"] == "too long" and record["question"] == OIL
    assert record["answer"]["citations"][0]["quote"]
    assert "Thanks for the feedback." in [c.value for c in app.caption]
    assert "(1)" in app.download_button(key="export").label


def test_upload_ingests_lists_the_article_at_once_and_empties_the_uploader(app):
    app.file_uploader(key="uploads-0").set_value(
        [("zeppelins.txt", b"Zeppelin Trade\nPakistan and Russia discussed zeppelins in 2031.\n", "text/plain"),
         ("empty.txt", b"", "text/plain"),
         ("pumps.md", b"# Pump Trade\n\nPakistan bought pumps in 2030.\n", "text/markdown")]
    ).run()
    assert app.button(key="ingest").label == "Ingest 3 files"
    app.button(key="ingest").click().run()  # one at a time, so that the progress bar moves with each
    assert not app.exception
    assert [s.value for s in app.success] == ["2 added; 2 chunks written."]
    assert any("empty.txt" in e.value for e in app.error)
    listed = articles(app)  # no other action needed
    assert any(a.startswith("Zeppelin Trade") and a.endswith("1 chunk]") for a in listed)
    assert any(a.startswith("Pump Trade") for a in listed)
    assert [u.key for u in app.file_uploader] == ["uploads-1"] and not app.file_uploader[0].value  # a fresh uploader
    assert not [b for b in app.button if b.key == "ingest"]


@pytest.mark.parametrize("setting, secret", [("RAG_API_KEYS", "key-2"), ("RAG_UI_PASSWORD", "pässword")])
def test_with_keys_or_a_password_the_ui_asks_for_one_before_showing_anything(app, monkeypatch, setting, secret):
    monkeypatch.setenv("RAG_API_KEYS" if setting == "RAG_API_KEYS" else "RAG_UI_PASSWORD",
                       "key-1,key-2" if setting == "RAG_API_KEYS" else secret)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception

    def shown():
        return "\n".join(m.value for m in [*at.markdown, *at.sidebar.markdown, *at.caption])

    assert not at.chat_input and "Pakistan" not in shown() and not at.file_uploader and not at.checkbox
    at.text_input(key="sign_in_secret").set_value("wrong")  # a form: typed, then submitted
    at.button[0].click().run()
    assert any("not a key or password" in e.value for e in at.error) and not at.chat_input
    at.text_input(key="sign_in_secret").set_value(secret)
    at.button[0].click().run()
    assert not at.exception and at.chat_input and any(THREE_THINGS in a for a in articles(at))


def test_wrong_keys_lock_sign_in_for_a_growing_time(app, monkeypatch):
    monkeypatch.setenv("RAG_UI_PASSWORD", "right")
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    from signin import FREE_ATTEMPTS  # ui/ is on the path once the app has run

    def attempt(secret: str) -> str:
        at.text_input(key="sign_in_secret").set_value(secret)
        at.button[0].click().run()
        assert not at.exception
        return " ".join(e.value for e in at.error)

    for _ in range(FREE_ATTEMPTS - 1):
        assert "locked" not in attempt("wrong")
    assert "locked for 30 more seconds" in attempt("wrong")
    assert "locked" in attempt("right") and not at.chat_input  # while locked, not even the right one
    attempts = at.session_state["sign_in_attempts"]
    attempts.locked_until = 0  # the lock runs out (no waiting in tests)
    assert "locked for 60 more seconds" in attempt("wrong")  # each further wrong one doubles it
    attempts.locked_until = 0
    attempt("right")
    assert at.chat_input and at.session_state["sign_in_attempts"].failures == 0


def test_attempts_are_counted_per_client_address_across_sessions(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "ui"))
    from signin import FREE_ATTEMPTS, ByAddress

    by_address = ByAddress()
    for _ in range(FREE_ATTEMPTS):
        by_address.get("203.0.113.7").failed(now=100.0)
    assert by_address.get("203.0.113.7").wait(now=100.0) == 30  # a new session finds the same count
    assert by_address.get("203.0.113.8").wait(now=100.0) == 0
    assert by_address.get("203.0.113.7").wait(now=130.0) == 0


def test_without_an_index_the_page_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("RAG_DATA_DIR", str(tmp_path / "empty"))
    at = started()
    assert any("No articles yet" in i.value for i in at.info)


def test_a_broken_setting_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("RAG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RAG_TOP_K", "lots")
    at = started()
    assert any("Cannot start" in e.value and "RAG_TOP_K" in e.value for e in at.error)


def test_one_sessions_settings_do_not_change_anothers(app, fake_openai, monkeypatch):
    """The assistant is loaded once per server and shared: a session that picks the openai
    backend gets it, and a session that did not still gets extractive answers."""
    from fake_openai import passage_number

    monkeypatch.setenv("RAG_OPENAI_BASE_URL", fake_openai.url)
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    monkeypatch.setenv("RAG_LLM_MAX_RETRIES", "0")
    monkeypatch.setenv("RAG_LLM_FALLBACK", "false")
    def reply(body):
        return f"Pakistan indefinitely suspended such shipments on dubious pretexts [{passage_number(body, 'indefinitely suspended')}]."

    fake_openai.script = [reply, reply]
    mine, theirs = started(), started()  # two browser tabs, one server (same settings, one cached assistant)
    mine.radio(key="backend").set_value("openai").run()
    mine.text_input(key="model").set_value("test-model").run()
    mine.chat_input[0].set_value(OIL).run()
    assert not mine.exception and last_answer(mine)["backend"] == "openai"
    assert [r["model"] for r in fake_openai.chat_requests()] == ["test-model"]

    late = started()  # a tab opened after the switch starts from the server's settings
    assert late.radio(key="backend").value == "extractive"
    late.chat_input[0].set_value(OIL).run()
    theirs.chat_input[0].set_value(OIL).run()
    assert [last_answer(at)["backend"] for at in (late, theirs)] == ["extractive", "extractive"]
    mine.button(key="new_chat").click().run()  # (not a follow-up, which the LLM would rewrite first)
    mine.chat_input[0].set_value(OIL).run()  # and the one that switched keeps its choice
    assert last_answer(mine)["backend"] == "openai" and len(fake_openai.chat_requests()) == 2


def test_a_local_model_is_offered_where_one_is_named(app, monkeypatch, tmp_path):
    assert app.radio(key="backend").options == ["extractive", "openai"]
    weights = tmp_path / "notes.gguf"
    weights.write_text("not a model")
    monkeypatch.setenv("RAG_LLM_GGUF", str(weights))
    at = started()
    assert at.radio(key="backend").options == ["extractive", "openai", "local"]
    at.radio(key="backend").set_value("local").run()
    at.chat_input[0].set_value(OIL).run()
    answer = last_answer(at)  # the file is no model: quotes instead, and the reason with its fix
    assert not at.exception and answer["backend"] == "extractive"
    assert any("could not load" in w and "RAG_LLM_GGUF" in w for w in answer["warnings"])


@pytest.fixture()
def api_url(seeded):
    """A live `rag serve` over the seeded index, on loopback."""
    from rag.api import create_app

    with serving(create_app(seeded)) as url:
        yield url


def test_the_ui_can_use_a_running_answer_api(api_url, tmp_path, monkeypatch):
    monkeypatch.setenv("RAG_DATA_DIR", str(tmp_path / "ui-only"))  # no local index at all
    monkeypatch.setenv("RAG_API_URL", api_url)
    at = started()
    assert any("9 chunks" in a for a in articles(at))
    # The server's settings decide how answers are made: no choice here that would be ignored.
    assert not at.radio and any("set where it runs" in c.value for c in at.sidebar.caption)
    at.chat_input[0].set_value(OIL).run()
    assert not at.exception and "indefinitely suspended such shipments" in shown_answer(at)
    at.chat_input[0].set_value("And what about barter?").run()
    assert "oil" in last_answer(at)["search_query"]


def test_in_api_mode_thumbs_feedback_is_sent_to_the_server(make_assistant, tmp_path, monkeypatch):
    from rag.api import create_app

    server_side = make_assistant(data_dir=tmp_path / "server")
    server_side.ingest([SEEDS])
    monkeypatch.setenv("RAG_DATA_DIR", str(tmp_path / "ui-only"))
    with serving(create_app(server_side)) as url:
        monkeypatch.setenv("RAG_API_URL", url)
        at = started()
        assert any("kept by the answer API" in c.value for c in at.sidebar.caption)  # nothing to export here
        at.chat_input[0].set_value(OIL).run()
        at.feedback(key="rating-1").set_value(0).run()  # thumbs down
        at.text_input(key="comment-1").set_value("wrong source").run()
        at.button(key="send-1").click().run()
        assert not at.exception and "Thanks for the feedback." in [c.value for c in at.caption]
    [record] = feedback_records(tmp_path / "server")
    assert record["rating"] == -1 and record["comment"] == "wrong source" and record["question"] == OIL
    assert record["answer"]["citations"][0]["quote"]
    assert not (tmp_path / "ui-only" / "feedback.jsonl").exists()  # not on the UI's machine


def test_a_dead_answer_api_is_a_message(tmp_path, monkeypatch):
    monkeypatch.setenv("RAG_DATA_DIR", str(tmp_path / "ui-only"))
    monkeypatch.setenv("RAG_API_URL", "http://127.0.0.1:9")
    at = started()
    assert any("cannot reach the answer API" in e.value and "rag serve" in e.value for e in at.error)


# --- the HTML, without Streamlit ------------------------------------------------------------------


def test_citations_are_buttons_with_their_quote_and_unverified_sentences_are_marked():
    from render import cited_answer_html

    from rag.schema import Answer, AnswerSentence, Citation

    quote = "Oil <stopped> in 2023."
    answer = Answer("q", "Oil stopped. Tanks were sold.", False,
                    [Citation(1, "d", "Title & co", "/srv/data/uploads/report.md", quote, 0, len(quote), 1.0, "Trade > Oil")],
                    [AnswerSentence("Oil stopped.", [1], True, 1.0), AnswerSentence("Tanks were sold.", [], False, 0.0)],
                    "openai")
    page = cited_answer_html(answer, anchor="m3")
    assert '<button type="button" class="rag-cite" data-n="1"' in page and 'aria-label="Source 1: Title &amp; co"' in page
    assert '<span class="rag-sentence rag-unverified"' in page and "Tanks were sold." in page and "unverified" in page
    assert page.count("Oil &lt;stopped&gt; in 2023.") == 2  # in the popover, and in the sources (the answer words it otherwise)
    assert '<div class="rag-src" id="m3-1" data-n="1">' in page and "Trade &gt; Oil" in page
    assert "report.md" in page and "/srv/data" not in page  # an upload's file, not the server's path


def test_the_article_view_has_paragraphs_headings_and_metadata_not_front_matter():
    from render import article_html

    from rag.schema import Article

    text = ("---\ntitle: Zeppelin Trade\nauthor: A. Writer\n---\n# Zeppelin Trade\n\n## Routes\n\n"
            "Ships sailed from Karachi\nto Astana twice a week.\nThe <route> closed in 2031.\n\nA second paragraph.\n")
    body_start = text.index("# Zeppelin")
    start = text.index("to Astana")
    end = text.index("\nThe <route>")
    article = Article("d", "Zeppelin Trade", text, "/srv/data/uploads/zeppelins.md", "", "h",
                      {"author": "A. Writer"}, body_start)
    page = article_html(article, start, end, "Routes")
    assert "---" not in page and "title:" not in page and "/srv/data" not in page  # no front matter, no server path
    assert '<div class="rag-article-title">Zeppelin Trade</div>' in page and "Author: A. Writer" in page
    assert page.count("Zeppelin Trade") == 1  # the heading that repeats the title is not shown again
    assert "<h4>Routes</h4>" in page and "<p>A second paragraph.</p>" in page
    # Hard-wrapped lines join; the quote is marked exactly; offsets are in the detail line.
    assert '<p>Ships sailed from Karachi <mark class="rag-cited" id="cited">to Astana twice a week.</mark> The &lt;route&gt; closed in 2031.</p>' in page
    assert f"characters {start}–{end}" in page and "zeppelins.md" in page
