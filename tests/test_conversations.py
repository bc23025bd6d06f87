"""Chats of any length: follow-ups stored as asked, bounded history, expiry (issue 13, 8)."""

import pytest
from fastapi.testclient import TestClient

from rag.api import create_app
from rag.conversations import KEPT_MESSAGES, Conversations
from rag.followup import HISTORY_MESSAGES, standalone_question

BARTER = "What did Sharif propose about barter with Russia?"


@pytest.fixture()
def client(seeded):
    with TestClient(create_app(seeded)) as client:
        yield client


def test_a_follow_up_is_stored_as_asked(client, seeded):
    cid = client.post("/v1/chat", json={"question": BARTER}).json()["conversation_id"]
    follow = client.post("/v1/chat", json={"question": "And what happened to it?", "conversation_id": cid}).json()
    assert "barter" in follow["search_query"]  # searched with its topic...
    stored = client.app.state.assistant.conversations.history(cid)
    assert [text for role, text in stored if role == "user"] == [BARTER, "And what happened to it?"]  # ...kept as asked


def test_a_long_chat_keeps_working_and_its_stored_history_stays_small(client):
    """Each follow-up used to be stored joined to the last: turn ~56 was 'too long'."""
    cid = client.post("/v1/chat", json={"question": BARTER}).json()["conversation_id"]
    for turn in range(80):
        response = client.post("/v1/chat", json={"question": "And what did they say about that trade then?",
                                                 "conversation_id": cid})
        assert response.status_code == 200, (turn, response.text)
        assert len(response.json()["search_query"]) <= 2000
    assert len(client.app.state.assistant.conversations.history(cid)) <= KEPT_MESSAGES


def test_the_history_read_for_a_follow_up_is_bounded_and_keeps_the_topic():
    history = [("user", BARTER), ("assistant", "x" * 50_000)]
    history += [("user", "And what about that?"), ("assistant", "y" * 50_000)] * 1000
    query = standalone_question("And why?", history, max_chars=2000)
    assert query.endswith("And why?") and len(query) <= 2000
    # A chain of follow-ups keeps the question that set its topic, while it is recent.
    short = [("user", BARTER), ("assistant", "…"), ("user", "And what happened to it?"), ("assistant", "…")]
    assert standalone_question("Why did it fail?", short).startswith(BARTER)
    assert len(short) <= HISTORY_MESSAGES


def test_old_conversations_expire(tmp_path, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr("rag.conversations.time.time", lambda: now[0])
    store = Conversations(tmp_path / "c.sqlite3", max_age_days=2)
    store.append("old", ("user", "q"), ("assistant", "a"))
    now[0] += 86400
    store.append("recent", ("user", "q"), ("assistant", "a"))
    now[0] += 1.5 * 86400  # "old" is 2.5 days old, "recent" 1.5
    assert store.history("old") == [] and store.history("recent")
    with pytest.raises(Exception, match="expired"):
        store.history("old", must_exist=True)
    store.append("new", ("user", "q"))
    assert store.count() == 2  # "old" is gone from disk, not only hidden
    store.close()


def test_the_expiry_is_a_setting(tmp_path, embedder):
    from rag import Settings
    from rag.assistant import Assistant

    settings = Settings(_env_file=None, data_dir=tmp_path / "d", conversation_days=0.5)
    assistant = Assistant.from_settings(settings, embedder=embedder)
    with TestClient(create_app(assistant)) as client:
        assert client.app.state.assistant.conversations.max_age == 0.5 * 86400
    assistant.close()
