"""Against a real `chroma run` server on loopback (the server mode of RAG_CHROMA_URL)."""

import pytest

from conftest import SEEDS

pytestmark = pytest.mark.server


def test_ingest_and_ask_against_a_chroma_server(make_assistant, chroma_server):
    assistant = make_assistant(chroma_url=chroma_server)
    assert assistant.ingest([SEEDS]).added == 2
    assert assistant.ingest([SEEDS]).unchanged == 2
    articles, chunks = assistant.catalog.counts()
    assert assistant.store.count() == chunks
    answer = assistant.ask("What happened to Russian oil shipments to Pakistan?")
    assert not answer.refused and "indefinitely suspended" in answer.answer
    assert assistant.ask("How do I bake bread?").refused


def test_the_server_run_of_the_suite_really_uses_the_server(seeded):
    # `make test` reruns the ingest and answer tests with RAG_TEST_CHROMA=server; this
    # makes sure that run is not silently on disk.
    from conftest import SERVER_MODE

    assert bool(seeded.settings.chroma_url) == SERVER_MODE
