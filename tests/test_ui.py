"""The chat UI's logic with Streamlit's AppTest, on the real pipeline over the seeds."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, SEEDS, serving

APP = str(ROOT / "ui" / "app.py")
OIL = "What happened to Russian oil shipments to Pakistan?"


@pytest.fixture()
def app(tmp_path, monkeypatch, make_assistant):
    make_assistant(data_dir=tmp_path / "data").ingest([SEEDS])
    monkeypatch.setenv("RAG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RAG_BACKEND", "extractive")
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def html(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_sidebar_lists_the_corpus(app):
    sidebar = "\n".join(m.value for m in app.sidebar.markdown)
    assert "Pakistan Must Do These Three Things" in sidebar and "9 chunks" in sidebar


def test_find_an_article_and_search_only_in_it(app):
    app.text_input(key="find").set_value("THREE-things").run()  # any case, title or file name
    options = app.multiselect(key="documents").options
    assert len(options) == 1 and "pakistan-must-do-three" in options[0]
    app.multiselect(key="documents").select(options[0]).run()
    app.text_input(key="find").set_value("").run()  # the choice stays while the list changes
    assert app.multiselect(key="documents").value == [options[0]]
    app.chat_input[0].set_value(OIL).run()  # answered by the other article, when not limited
    assert not app.exception
    answer = app.session_state["messages"][-1]["answer"]
    assert answer["citations"] and all("three-things" in c["source"] for c in answer["citations"])


def test_asking_shows_a_cited_answer_and_its_sources(app):
    app.chat_input[0].set_value(OIL).run()
    assert not app.exception
    page = html(app)
    assert "indefinitely suspended such shipments" in page
    assert 'class="rag-cite" href="#m1-1"' in page  # the inline [1] links to source 1
    assert '<div id="m1-1"><b>[1]' in page  # ... which is listed under the answer
    assert [b.label for b in app.button if b.label == "Open in article"]
    app.button(key="open-1-1").click().run()  # opens the article dialog without error
    assert not app.exception


def test_a_refusal_looks_like_a_refusal(app):
    app.chat_input[0].set_value("How do I bake bread?").run()
    assert any("do not answer" in w.value for w in app.warning)
    assert "Closest passages" in "\n".join(c.value for c in app.caption)


def test_a_follow_up_keeps_the_topic(app):
    app.chat_input[0].set_value("What did Sharif propose about barter with Russia?").run()
    app.chat_input[0].set_value("And what happened to it?").run()
    assert not app.exception
    assert len(app.session_state.history) == 4 and app.session_state.history[2][1] == "And what happened to it?"
    assert "barter" in app.session_state["messages"][-1]["answer"]["search_query"]


def test_feedback_is_stored_with_the_full_record_and_exported(app, tmp_path):
    app.chat_input[0].set_value(OIL).run()
    app.feedback(key="rating-1").set_value(0).run()  # thumbs down
    app.text_input(key="comment-1").set_value("too long").run()
    app.button(key="send-1").click().run()
    assert not app.exception
    record = json.loads((tmp_path / "data" / "feedback.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert record["rating"] == -1 and record["comment"] == "too long" and record["question"] == OIL
    assert record["answer"]["citations"][0]["quote"]
    assert "Thanks for the feedback." in [c.value for c in app.caption]
    assert "(1)" in app.download_button(key="export").label


def test_upload_ingests_with_progress(app):
    app.file_uploader(key="uploads").set_value(
        [("zeppelins.txt", b"Zeppelin Trade\nPakistan and Russia discussed zeppelins in 2031.\n", "text/plain"),
         ("empty.txt", b"", "text/plain")]
    ).run()
    app.button(key="ingest").click().run()
    assert not app.exception
    assert any("1 added" in s.value for s in app.success)
    assert any("empty.txt" in e.value for e in app.error)


@pytest.mark.parametrize("setting, secret", [("RAG_API_KEYS", "key-2"), ("RAG_UI_PASSWORD", "pässword")])
def test_with_keys_or_a_password_the_ui_asks_for_one_before_showing_anything(app, monkeypatch, setting, secret):
    monkeypatch.setenv("RAG_API_KEYS" if setting == "RAG_API_KEYS" else "RAG_UI_PASSWORD",
                       "key-1,key-2" if setting == "RAG_API_KEYS" else secret)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception

    def shown():
        return "\n".join(m.value for m in [*at.markdown, *at.sidebar.markdown, *at.caption])

    assert not at.chat_input and "Pakistan" not in shown() and not at.file_uploader
    at.text_input(key="sign_in_secret").set_value("wrong")  # a form: typed, then submitted
    at.button[0].click().run()
    assert any("not a key or password" in e.value for e in at.error) and not at.chat_input
    at.text_input(key="sign_in_secret").set_value(secret)
    at.button[0].click().run()
    assert not at.exception and at.chat_input and "Pakistan Must Do These Three Things" in shown()


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
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    assert any("No articles yet" in i.value for i in at.info)


def test_a_broken_setting_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("RAG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RAG_TOP_K", "lots")
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    assert any("Cannot start" in e.value and "RAG_TOP_K" in e.value for e in at.error)


@pytest.fixture()
def api_url(seeded):
    """A live `rag serve` over the seeded index, on loopback."""
    from rag.api import create_app

    with serving(create_app(seeded)) as url:
        yield url


def test_the_ui_can_use_a_running_answer_api(api_url, tmp_path, monkeypatch):
    monkeypatch.setenv("RAG_DATA_DIR", str(tmp_path / "ui-only"))  # no local index at all
    monkeypatch.setenv("RAG_API_URL", api_url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert "9 chunks" in "\n".join(m.value for m in at.sidebar.markdown)
    at.chat_input[0].set_value(OIL).run()
    assert not at.exception and "indefinitely suspended such shipments" in html(at)
    at.chat_input[0].set_value("And what about barter?").run()
    assert "oil" in at.session_state["messages"][-1]["answer"]["search_query"]


def test_a_dead_answer_api_is_a_message(tmp_path, monkeypatch):
    monkeypatch.setenv("RAG_DATA_DIR", str(tmp_path / "ui-only"))
    monkeypatch.setenv("RAG_API_URL", "http://127.0.0.1:9")
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    assert any("cannot reach the answer API" in e.value and "rag serve" in e.value for e in at.error)


def test_unverified_sentences_are_marked_and_citations_link_with_their_quote():
    import sys

    sys.path.insert(0, str(ROOT / "ui"))
    from render import answer_html, article_html

    from rag.schema import Answer, AnswerSentence, Citation

    answer = Answer("q", "", False, [Citation(1, "d", "t", "s", "Oil <stopped>.", 0, 14, 1.0)],
                    [AnswerSentence("Oil stopped.", [1], True, 1.0), AnswerSentence("Tanks were sold.", [], False, 0.0)], "openai")
    page = answer_html(answer, anchor="m3")
    assert '<a class="rag-cite" href="#m3-1" title="Oil &lt;stopped&gt;.">[1]</a>' in page
    assert '<span class="rag-unverified"' in page and "Tanks were sold." in page and "unverified" in page
    article = article_html("Before. Oil <stopped>. After.", 8, 22)
    assert '<mark id="cited"' in article and "Oil &lt;stopped&gt;." in article and "scrollIntoView" in article
