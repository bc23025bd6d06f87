"""rag.Client (what the chat UI uses when RAG_API_URL is set) against a live server: the
same calls as the local Assistant, with the same results and the same exception classes."""

import inspect

import pytest

from rag import Client, Settings
from rag.api import create_app
from rag.assistant import Assistant
from rag.client import RemoteAssistant
from rag.errors import (
    EmptyQuestionError,
    InvalidRequestError,
    NotAnUploadError,
    NotFoundError,
    StoreUnavailableError,
    UnauthorizedError,
)
from rag.protocol import AssistantLike
from rag.schema import Answer, Delta, Final, Passage, Passages
from conftest import SEEDS, feedback_records, free_port, readme_example, serving

OIL = "What happened to Russian oil shipments to Pakistan?"
BARTER = "What did Sharif propose about barter with Russia?"


def _calls(cls) -> dict[str, inspect.Signature]:
    return {name: inspect.signature(f) for name, f in inspect.getmembers(cls, inspect.isfunction)
            if not name.startswith("_")}


@pytest.mark.parametrize("cls", [Assistant, Client])
def test_the_local_assistant_and_the_client_offer_the_same_calls(cls):
    # The UI crashed on `RemoteAssistant.upload`: every call of the protocol must exist on
    # both, taking the protocol's parameters by the same names, in the same order, with
    # the same defaults.
    offered = _calls(cls)
    for name, wanted in _calls(AssistantLike).items():
        assert name in offered, f"{cls.__name__} has no {name}()"
        params = list(offered[name].parameters.values())[1:]  # after self
        for want, have in zip(list(wanted.parameters.values())[1:], params, strict=False):
            assert (have.name, have.default) == (want.name, want.default), f"{cls.__name__}.{name}({have.name})"
        assert len(params) >= len(wanted.parameters) - 1, f"{cls.__name__}.{name}() lacks parameters"


def test_the_client_offers_nothing_the_protocol_does_not_name():
    # ...so a script written against the Client runs against the local Assistant too.
    assert set(_calls(Client)) == set(_calls(AssistantLike))


def test_remote_assistant_is_the_client_under_its_old_name():
    assert RemoteAssistant is Client


@pytest.fixture()
def both(make_assistant):
    """A local Assistant over its own seeded index, and a Client of a live server over it."""
    local = make_assistant(api_keys="client-key")
    local.ingest([SEEDS])
    with serving(create_app(local)) as url, Client(url, api_key="client-key") as remote:
        yield local, remote


def test_the_client_answers_asks_streams_and_chats_as_the_local_assistant(both):
    local, remote = both
    here, there = local.ask(OIL), remote.ask(OIL)
    assert isinstance(there, Answer) and not there.refused and "indefinitely suspended" in there.answer
    assert (there.answer, there.citations) == (here.answer, here.citations)

    items = list(remote.stream(OIL, k=3, with_passages=True))
    assert isinstance(items[0], Passages) and isinstance(items[0].passages[0], Passage) and len(items[0].passages) == 3
    assert all(isinstance(i, Delta) for i in items[1:-1]) and items[1:-1]
    assert isinstance(items[-1], Final) and items[-1].answer.answer == here.answer
    # the same events, of the same types, as the local assistant's
    assert [type(i) for i in local.stream(OIL, k=3, with_passages=True)] == [Passages, Delta, Final]

    first, chat_id = remote.chat(BARTER)
    follow, same_id = remote.chat("And what happened to it?", chat_id)
    assert same_id == chat_id and "barter" in follow.search_query and not follow.refused
    assert local.conversations.history(chat_id)[0] == ("user", BARTER)  # kept by the server

    seed = local.sources()[0]
    assert remote.sources() == local.sources() and remote.count_articles("astana") == local.count_articles("astana") == 1
    assert remote.article(seed.doc_id).text == local.article(seed.doc_id).text
    assert remote.sources(limit=1, offset=1) == local.sources(limit=1, offset=1)


def test_feedback_through_the_client_is_stored_by_the_server(both):
    local, remote = both
    answer = remote.ask(OIL)
    stored = remote.feedback(answer, -1, "too long")
    assert set(stored) == {"id", "at"}
    [record] = feedback_records(local.settings.data_dir)
    assert record["id"] == stored["id"] and record["comment"] == "too long" and record["answer"] == answer.to_dict()


@pytest.mark.parametrize("call, error", [
    (lambda a, seed: a.ask("   "), EmptyQuestionError),
    (lambda a, seed: a.ask(""), EmptyQuestionError),
    (lambda a, seed: a.ask(OIL, documents=["nope"]), NotFoundError),
    (lambda a, seed: a.stream(OIL, documents=["nope"]).__next__(), NotFoundError),
    (lambda a, seed: a.chat(OIL, conversation_id="never-started"), NotFoundError),
    (lambda a, seed: a.replace(seed, b"New text.\n"), NotAnUploadError),
    (lambda a, seed: a.remove("nope"), NotFoundError),
    (lambda a, seed: a.feedback(a.ask(OIL), 0), InvalidRequestError),
    # Locally the Assistant's own check; remotely the API's: both are invalid requests.
    (lambda a, seed: a.ask("why? " * 500), InvalidRequestError),
])
def test_server_errors_are_raised_as_the_local_assistants_exception_classes(both, call, error):
    local, remote = both
    seed = local.sources()[0].doc_id
    raised = []
    for assistant in (local, remote):
        with pytest.raises(error) as caught:
            call(assistant, seed)
        raised.append(type(caught.value))
    assert raised[0] is raised[1] or error is InvalidRequestError, raised


def test_a_wrong_key_or_no_server_is_a_clear_error(both):
    _, remote = both
    with Client(remote.settings.api_url, api_key="wrong") as wrong:
        with pytest.raises(UnauthorizedError, match="invalid API key"):
            wrong.sources()
        with pytest.raises(UnauthorizedError):
            next(wrong.stream(OIL))
    with Client(f"http://127.0.0.1:{free_port()}") as nobody:
        with pytest.raises(StoreUnavailableError, match="cannot reach the answer API"):
            nobody.ask(OIL)


def test_uploads_through_the_client_are_stored_answered_replaced_and_removed(make_assistant):
    local = make_assistant(api_keys="client-key")
    with serving(create_app(local)) as url:
        # Built from settings, as the chat UI does with RAG_API_URL and RAG_API_TOKEN.
        remote = RemoteAssistant(Settings(_env_file=None, api_url=url, api_token="client-key"))
        try:
            text = "Honey bees communicate the direction of flowers with a waggle dance.\n"
            stored, report = remote.upload({"bees.md": text.encode(), "notes.md": b"Wasps build paper nests.\n",
                                            "empty.md": b""})
            assert [p.name for p in stored] == ["bees.md", "notes.md"] and report.added == 2
            assert [name for name, _ in report.failed] == ["empty.md"]  # as locally: reported, not raised
            # Another user's file of the same name is stored beside it, never over it.
            again, _ = remote.upload({"bees.md": b"Bumblebees buzz to shake pollen loose from flowers.\n"})
            assert again[0].name != "bees.md" and remote.count_articles() == 3
            answer = remote.ask("How do honey bees communicate the direction of flowers?")
            assert not answer.refused and "waggle dance" in answer.answer
            doc_id = answer.citations[0].doc_id
            assert remote.replace(doc_id, b"Honey bees dance in a figure of eight.\n").updated == 1
            assert "figure of eight" in remote.article(doc_id).text
            remote.remove(doc_id)
            assert remote.article(doc_id) is None and remote.count_articles() == 2
        finally:
            remote.close()


def test_the_readme_client_example_runs(make_assistant, capsys):
    local = make_assistant(api_keys="key1")
    local.ingest([SEEDS])
    with serving(create_app(local)) as url:
        exec(compile(readme_example("python-client").replace("http://127.0.0.1:8000", url), "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "indefinitely suspended such shipments" in printed and "Putin and Sharif meet at the SCO Summit" in printed
    [record] = feedback_records(local.settings.data_dir)
    assert record["rating"] == -1 and "barter" in record["answer"]["search_query"]
