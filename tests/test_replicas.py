"""Two `rag serve` processes sharing one index in shared mode (issue 17): a real PostgreSQL
cluster and a real `chroma run` server on loopback, each replica with a data directory of
its own (which must hold no index state). What one replica is told, the other knows."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from conftest import SEEDS, free_port, running

QUESTION = "Which river did the zeppelin expedition of 1931 follow?"
UPLOAD = (b"The Zeppelin Expedition\n\nThe zeppelin expedition of 1931 followed the river Vistula "
          b"northwards for eleven days before turning back at the coast.\n")
REPLACED = (b"The Zeppelin Expedition\n\nThe zeppelin expedition of 1931 followed the river Oder "
            b"southwards for nine days before the airship was recalled to Friedrichshafen.\n")


@pytest.fixture(scope="module")
def replicas(tmp_path_factory, postgres_server, chroma_server):
    """Started once for the module's tests (each replica loads the model: seconds)."""
    tmp_path = tmp_path_factory.mktemp("replicas")
    import psycopg

    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute("CREATE DATABASE replicas")
    database_url = postgres_server.rsplit("/", 1)[0] + "/replicas"
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env |= {"RAG_DATABASE_URL": database_url, "RAG_CHROMA_URL": chroma_server}
    (tmp_path / "tmp").mkdir()  # where each replica keeps its copy of the uploads (rag.pg_uploads.PgUploads)
    env |= {"TMPDIR": str(tmp_path / "tmp")}
    # One ingest, from a machine of its own, builds the shared index.
    subprocess.run([sys.executable, "-m", "rag.cli", "ingest", str(SEEDS)], check=True, cwd=tmp_path,
                   env=env | {"RAG_DATA_DIR": str(tmp_path / "ingester")}, capture_output=True)
    urls = []
    with running(*_serve(tmp_path, env, "a", urls)), running(*_serve(tmp_path, env, "b", urls)):
        yield urls, tmp_path, database_url


def _serve(tmp_path, env, name, urls):
    port = free_port()
    urls.append(f"http://127.0.0.1:{port}")
    command = [sys.executable, "-m", "rag.cli", "serve", "--port", str(port)]
    return command, f"{urls[-1]}/healthz", env | {"RAG_DATA_DIR": str(tmp_path / name)}


def _ask(url: str, question: str) -> dict:
    response = httpx.post(f"{url}/v1/ask", json={"question": question}, timeout=120)
    assert response.status_code == 200, response.text
    return response.json()


def test_an_upload_through_one_replica_is_answered_replaced_and_deleted_through_the_other(replicas):
    (a, b), _, database_url = replicas
    assert _ask(b, QUESTION)["refused"]  # not known yet
    uploaded = httpx.post(f"{a}/v1/documents", files={"file": ("zeppelin.txt", UPLOAD)}, timeout=120)
    assert uploaded.status_code == 201, uploaded.text
    doc_id = uploaded.json()["doc_id"]

    answer = _ask(b, QUESTION)
    assert not answer["refused"] and "Vistula" in answer["answer"]
    [citation] = [c for c in answer["citations"] if c["doc_id"] == doc_id]
    text = httpx.get(f"{b}/v1/documents/{doc_id}", timeout=60).json()["text"]
    assert text[citation["start"]:citation["end"]] == citation["quote"]

    # A replacement that fails (not text) leaves the old version, in the index and in the database...
    refused = httpx.put(f"{b}/v1/documents/{doc_id}", files={"file": ("zeppelin.txt", b"\x00\x01 not text")}, timeout=120)
    assert refused.status_code == 422, refused.text
    assert httpx.get(f"{a}/v1/documents/{doc_id}", timeout=60).json()["text"] == UPLOAD.decode()
    import psycopg

    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT data FROM rag_uploads").fetchall() == [(UPLOAD,)]
        assert conn.execute("SELECT count(*) FROM rag_upload_changes").fetchone() == (0,)

    # ...one that works, through the replica that did not receive the upload (the bytes are in PostgreSQL)...
    replaced = httpx.put(f"{b}/v1/documents/{doc_id}", files={"file": ("zeppelin.txt", REPLACED)}, timeout=120)
    assert replaced.status_code == 200, replaced.text
    answer = _ask(a, QUESTION)  # ...and answered by the one that did, from the new text only
    assert not answer["refused"] and "Oder" in answer["answer"] and "Vistula" not in answer["answer"]
    [citation] = [c for c in answer["citations"] if c["doc_id"] == doc_id]
    text = httpx.get(f"{a}/v1/documents/{doc_id}", timeout=60).json()["text"]
    assert text == REPLACED.decode() and text[citation["start"]:citation["end"]] == citation["quote"]
    for url in (a, b):
        assert "Vistula" not in httpx.get(f"{url}/v1/documents/{doc_id}", timeout=60).json()["text"]
        assert all("Vistula" not in c["quote"] for c in _ask(url, "Which river did the zeppelin follow northwards?")["citations"])

    assert httpx.delete(f"{b}/v1/documents/{doc_id}", timeout=120).status_code in (200, 204)
    for url in (a, b):
        assert httpx.get(f"{url}/v1/documents/{doc_id}", timeout=60).status_code == 404
        listed = httpx.get(f"{url}/v1/documents", timeout=60).json()
        assert doc_id not in str(listed)
        assert all(c["doc_id"] != doc_id for c in _ask(url, QUESTION)["citations"])


def test_a_chat_continues_across_replicas(replicas):
    (a, b), _, _ = replicas
    first = httpx.post(f"{a}/v1/chat", json={"question": "What did Sharif propose about barter with Russia?"},
                       timeout=120).json()
    follow = httpx.post(f"{b}/v1/chat", json={"question": "And what happened to it?",
                                              "conversation_id": first["conversation_id"]}, timeout=120)
    assert follow.status_code == 200, follow.text
    assert "barter" in follow.json()["search_query"].lower()  # B read the history A wrote
    assert follow.json()["conversation_id"] == first["conversation_id"]


def test_the_replicas_keep_no_index_state_on_their_disks(replicas):
    (a, b), tmp_path, _ = replicas
    _ask(a, "Where did Putin and Sharif meet?")
    for name in ("a", "b"):
        left = {p.relative_to(tmp_path / name).as_posix() for p in (tmp_path / name).rglob("*")} \
            if (tmp_path / name).exists() else set()
        # No catalog, ACTIVE, locks, conversations, feedback or uploads (those are in
        # PostgreSQL; the ingest reads a copy under the temp directory).
        assert not left, left


def test_a_new_chunking_is_built_beside_switched_to_by_every_replica_and_the_old_one_pruned(
        make_assistant, database_url, chroma_server, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # (the uploads' copy: rag.pg_uploads.PgUploads)
    shared = {"database_url": database_url, "chroma_url": chroma_server}
    first = make_assistant(tmp_path / "one", **shared)
    first.ingest([SEEDS])
    replica = make_assistant(tmp_path / "two", **shared)  # another machine, serving the same index
    assert replica.key == first.key and replica.count_articles() == 2

    rebuilt = make_assistant(tmp_path / "three", chunk_size=120, **shared)  # the settings name another chunking
    report = rebuilt.ingest([])
    assert report.switched_from == first.key and rebuilt.key != first.key
    assert replica.key == first.key  # until its next request...
    assert replica.follow_switch().key == rebuilt.key  # ...which follows the switch
    answer = replica.ask("What happened to Russian oil shipments to Pakistan?")
    assert not answer.refused and all(
        replica.article(c.doc_id).text[c.start:c.end] == c.quote for c in answer.citations)

    states = {i.key: i.state for i in rebuilt.all_indexes()}
    assert states == {rebuilt.key: "serving", first.key: "retired"}
    assert rebuilt.prune_indexes() == [first.key]
    assert [i.key for i in replica.all_indexes()] == [rebuilt.key]


class Killed(BaseException):
    """A writer's death, in process: nothing after it runs (as after kill -9)."""


@pytest.mark.parametrize("die_at", ["before-commit", "after-commit"])
def test_a_replacement_killed_mid_way_is_settled_by_another_machine(
        make_assistant, database_url, chroma_server, tmp_path, monkeypatch, die_at):
    import shutil
    import tempfile

    import psycopg

    from rag.ingest import Ingestor
    from rag.pg_uploads import PgUploads

    shared = {"database_url": database_url, "chroma_url": chroma_server}
    old, new = b"Fleet Report\nThe zeppelin fleet was kept in Karachi.\n", b"Fleet Report\nThe zeppelin fleet was moved to Gwadar.\n"
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))  # (the same path on every machine)
    (tmp_path / "temp").mkdir()
    first = make_assistant(tmp_path / "one", **shared)
    [path], _ = first.upload({"fleet.md": old})
    [doc_id] = [d for d, p in first.catalog.paths().items() if p == str(path.resolve())]

    def die(*args, **kwargs):
        raise Killed

    with monkeypatch.context() as dying:
        dying.setattr(PgUploads, "settle", die)
        if die_at == "before-commit":
            dying.setattr(Ingestor, "_commit", die)
        with pytest.raises(Killed):
            first.replace(doc_id, new)
    with psycopg.connect(database_url) as conn:  # the new bytes are in, the change unsettled
        assert conn.execute("SELECT data FROM rag_uploads").fetchall() == [(new,)]
        assert conn.execute("SELECT count(*) FROM rag_upload_changes").fetchone() == (1,)

    shutil.rmtree(path.parent)  # another machine, which has no copy of the uploads yet
    second = make_assistant(tmp_path / "two", **shared)
    assert second.recover() == 1
    kept = new if die_at == "after-commit" else old  # what the index held when the writer died
    assert second.article(doc_id).text == kept.decode()
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT data FROM rag_uploads").fetchall() == [(kept,)]
        assert conn.execute("SELECT count(*) FROM rag_upload_changes").fetchone() == (0,)
    assert path.read_bytes() == kept  # the copy, fetched from the database
