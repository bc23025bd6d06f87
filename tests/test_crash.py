"""Real processes killed at deterministic points (issue 13): what was committed before the
kill answers at once, and a restart reconciles whatever was left half-done.

The point of death is chosen by wrapping a function inside the child process, never by a
timer: the child kills itself (SIGKILL: no clean-up runs; SIGINT: Ctrl-C) right after the
Nth article is committed, or at a named step of an upload.
"""

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from conftest import SEEDS, unsettled_uploads, uploads_folder

# Run inside the child: kill this process with DIE_SIGNAL once DIE_AFTER articles are
# committed, then run the `rag` command line with the remaining arguments.
DIE_AFTER_COMMITS = textwrap.dedent("""
    import os, signal, sys
    import rag.ingest
    from rag.catalog import Catalog

    # As in a terminal: a job started in the background of a script inherits SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    rag.ingest.COMMIT_CHUNKS = 1  # commit article by article
    real, committed = Catalog.clear_pending, []

    def clear_pending(self, doc_id):
        real(self, doc_id)
        committed.append(doc_id)
        if len(committed) == int(os.environ["DIE_AFTER"]):
            os.kill(os.getpid(), int(os.environ["DIE_SIGNAL"]))

    Catalog.clear_pending = clear_pending
    from rag.cli import main
    sys.argv = ["rag", *sys.argv[1:]]
    main()
""")


def rag(*args: str, env: dict, script: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", script, *args] if script else [sys.executable, "-m", "rag.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture()
def env(tmp_path):
    return {**os.environ, "RAG_DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1"}


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_an_interrupted_first_ingest_answers_from_what_it_committed(env, tmp_path, how, corpus):
    (corpus / "zeppelins.txt").write_text("Zeppelin Trade\nPakistan and Russia discussed zeppelins in 2031.\n")
    killed = rag("ingest", str(corpus), env={**env, "DIE_AFTER": "1", "DIE_SIGNAL": str(int(how))},
                 script=DIE_AFTER_COMMITS)
    assert killed.returncode in (-signal.SIGKILL, 130), killed.stderr  # 130: the CLI's own Ctrl-C exit

    listed = rag("sources", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "pakistan-must-do-three-things" in listed.stdout and "zeppelins" not in listed.stdout
    asked = rag("ask", "Why won't Russia let Pakistan into BRICS?", env=env)
    assert asked.returncode == 0 and "nothing has been ingested" not in asked.stderr + asked.stdout
    assert "BRICS" in asked.stdout

    finished = rag("ingest", str(corpus), env=env)  # the same command finishes the job
    assert finished.returncode == 0 and "2 added, 0 updated, 1 unchanged" in finished.stdout


# Run inside the child: `rag serve` (its app, on the port given) that kills itself at
# DIE_AT: "before-commit" (the new bytes are on disk, the index not yet changed) or
# "after-commit" (the index holds them, the journal is not yet settled).
SERVE_UNTIL_DEATH = textwrap.dedent("""
    import os, signal, sys
    import uvicorn
    from rag import uploads
    from rag.api import create_app
    from rag.catalog import Catalog

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    if os.environ["DIE_AT"] == "before-commit":
        Catalog.put_article = die
    else:
        from rag.pg_uploads import PgUploads  # (the shared mode's journal)

        uploads.Journal.settle = PgUploads.settle = die
    uvicorn.run(create_app(), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
""")

OLD = b"Fleet Report\nThe zeppelin fleet was kept in Karachi.\n"
NEW = b"Fleet Report\nThe zeppelin fleet was moved to Gwadar.\n"


@pytest.fixture()
def uploaded(make_assistant, tmp_path):
    """An index of the seeds plus one uploaded article, fleet.md (OLD)."""
    assistant = make_assistant()
    assistant.ingest([SEEDS])
    [path], _ = assistant.upload({"fleet.md": OLD})
    assistant.close()
    return tmp_path / "data", path


def kill_mid_upload(data, die_at: str, method: str, url_path: str, body: bytes) -> None:
    import httpx

    from conftest import free_port, running

    port = free_port()
    env = {**os.environ, "RAG_DATA_DIR": str(data), "DIE_AT": die_at}
    with running([sys.executable, "-c", SERVE_UNTIL_DEATH, str(port)], f"http://127.0.0.1:{port}/healthz", env):
        with pytest.raises(httpx.TransportError):  # the server died mid-request
            httpx.request(method, f"http://127.0.0.1:{port}{url_path}", files={"file": ("fleet.md", body)}, timeout=300)


def restarted(data, embedder):
    """The state after a restart: (index text of fleet.md or None, bytes on disk or None,
    unsettled journal records). The server's start settles what the kill left."""
    from fastapi.testclient import TestClient

    from rag import Settings
    from rag.api import create_app
    from rag.assistant import Assistant

    assistant = Assistant.from_settings(Settings(_env_file=None, data_dir=data), embedder=embedder)
    try:
        with TestClient(create_app(assistant)) as client:
            found = client.get("/v1/documents", params={"q": "fleet"}).json()["documents"]
            text = client.get(f"/v1/documents/{found[0]['doc_id']}").json()["text"] if found else None
            assert len(found) <= 1  # never a duplicate
            articles, chunks = assistant.catalog.counts()
            assert chunks == assistant.store.count()  # no stray vectors either
    finally:
        assistant.close()
    files = sorted(uploads_folder(data).glob("*.md"))
    assert len(files) <= 1
    on_disk = files[0].read_bytes() if files else None
    return text, on_disk, unsettled_uploads(data)


@pytest.mark.parametrize("die_at, expected", [("before-commit", OLD), ("after-commit", NEW)])
def test_a_server_killed_while_replacing_an_upload_keeps_file_and_index_together(uploaded, embedder, die_at, expected):
    data, path = uploaded
    from rag.load import make_doc_id

    kill_mid_upload(data, die_at, "PUT", f"/v1/documents/{make_doc_id(str(path))}", NEW)
    text, on_disk, unsettled = restarted(data, embedder)
    assert on_disk == expected and text == expected.decode() and not unsettled


@pytest.mark.parametrize("die_at, kept", [("before-commit", False), ("after-commit", True)])
def test_a_server_killed_during_a_new_upload_leaves_no_unindexed_file(make_assistant, tmp_path, embedder, die_at, kept):
    make_assistant().ingest([SEEDS])
    data = tmp_path / "data"
    kill_mid_upload(data, die_at, "POST", "/v1/documents", NEW)
    text, on_disk, unsettled = restarted(data, embedder)
    assert (on_disk, text) == ((NEW, NEW.decode()) if kept else (None, None)) and not unsettled
