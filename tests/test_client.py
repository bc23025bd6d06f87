"""RemoteAssistant (what the chat UI uses when RAG_API_URL is set) against a live server:
the same calls as the local Assistant, with the same results."""

import inspect

import pytest

from rag import Settings
from rag.api import create_app
from rag.assistant import Assistant
from rag.client import RemoteAssistant
from rag.protocol import AssistantLike
from conftest import serving


@pytest.mark.parametrize("cls", [Assistant, RemoteAssistant])
def test_the_local_and_remote_assistants_offer_the_same_calls(cls):
    # The UI crashed on `RemoteAssistant.upload`: every call of the protocol must exist on
    # both, taking the protocol's parameters by the same names.
    for name, wanted in inspect.getmembers(AssistantLike, inspect.isfunction):
        if name.startswith("_"):
            continue
        offered = getattr(cls, name, None)
        assert offered is not None, f"{cls.__name__} has no {name}()"
        params = inspect.signature(offered).parameters
        for param in inspect.signature(wanted).parameters:
            assert param in params, f"{cls.__name__}.{name}() takes no {param!r}"


def test_uploads_through_the_remote_assistant_are_stored_answered_replaced_and_removed(make_assistant):
    local = make_assistant(api_keys="client-key")
    with serving(create_app(local)) as url:
        remote = RemoteAssistant(Settings(_env_file=None, api_url=url, api_token="client-key"))
        try:
            text = "Honey bees communicate the direction of flowers with a waggle dance.\n"
            stored, report = remote.upload({"bees.md": text.encode(), "notes.md": b"Wasps build paper nests.\n"})
            assert [p.name for p in stored] == ["bees.md", "notes.md"] and report.added == 2 and report.ok
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
