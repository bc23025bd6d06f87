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
    # `make test` reruns the suite with RAG_TEST_CHROMA=server; this makes sure that run
    # is not silently on disk.
    from conftest import SERVER_MODE, SHARED_MODE

    assert bool(seeded.settings.chroma_url) == SERVER_MODE
    assert bool(seeded.settings.database_url) == SHARED_MODE  # (and the shared run, not on SQLite)


@pytest.mark.embedded_only  # (in the shared mode, the database is the index, not the data directory)
def test_two_data_dirs_on_one_server_never_share_a_collection(make_assistant, chroma_server, tmp_path):
    first = make_assistant(tmp_path / "first", chroma_url=chroma_server)
    first.ingest([SEEDS])
    second = make_assistant(tmp_path / "second", chroma_url=chroma_server)
    assert second.key == first.key  # same model and chunking: same kind of index
    assert second.store.count() == 0  # but its own, empty collection
    second.ingest([next(SEEDS.glob("*.txt"))])
    assert first.store.count() == first.catalog.counts()[1] > second.store.count() == second.catalog.counts()[1]
    assert first.catalog.counts()[0] == 2
