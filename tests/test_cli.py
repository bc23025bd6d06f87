"""The `rag` command, in-process, against real Chroma in a temp dir."""

import json
import re
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from rag.cli import app

from conftest import (SEEDS, SERVER_MODE, SHARED_MODE, another_process_writing, free_port, index_keys, running, serving_key,
                      settings_of)

runner = CliRunner()


@pytest.fixture()
def env(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no stray .env; relative paths land here
    monkeypatch.setenv("RAG_DATA_DIR", str(tmp_path / "data"))
    if not SERVER_MODE:  # a Chroma URL from the developer's shell must not leak in
        monkeypatch.delenv("RAG_CHROMA_URL", raising=False)
    if not SHARED_MODE:
        monkeypatch.delenv("RAG_DATABASE_URL", raising=False)
    return tmp_path


def run(*args, input=None):
    result = runner.invoke(app, list(args), input=input)
    text = result.stdout + (result.stderr or "")
    assert "Traceback" not in text
    return result.exit_code, text


def test_help_explains_the_commands(env):
    code, text = run("--help")
    assert code == 0
    for command in ("ingest", "ask", "chat", "sources"):
        assert command in text
    code, text = run("ask", "--help")
    assert "--json" in text and "--top-k" in text


def test_help_reads_like_the_readme(env):
    code, text = run("--help")
    assert code == 0
    # where the index lives, where settings come from, and examples, as the README says
    flat = " ".join(text.split())
    assert "RAG_DATA_DIR" in flat and ".rag in the current directory" in flat and ".env file" in flat
    assert "Examples:" in text and 'rag ask "Where did Putin and Sharif meet?"' in text
    code, text = run("ask", "--help")
    assert re.search(r"Usage: \S+ ask \[OPTIONS\] QUESTION\n", text)
    assert "-k, --top-k N " in text and "--doc DOC_ID " in text and "Examples:" in text
    code, text = run("ingest", "--help")
    assert re.search(r"Usage: \S+ ingest \[OPTIONS\] \[PATH\]\.\.\.\n", text) and "RAG_DATA_DIR" in text


@pytest.mark.parametrize("command", ["", "ingest", "ask", "chat", "sources", "indexes", "settings", "serve", "mcp", "ui", "eval",
                                     "eval generate"])
def test_help_names_what_a_parameter_takes_not_its_python_type(env, command):
    code, text = run(*command.split(), "--help")
    assert code == 0 and "Usage:" in text
    labels = re.findall(r"<[^>\s]+(?: range)?>", text)  # Typer's labels: <bool>, <list[Path]>, <int range>
    assert labels == [], labels


LOADED = (
    "import sys\nfrom rag.cli import app\ntry:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
    "heavy = ('pydantic', 'pydantic_settings', 'rich', 'numpy', 'chromadb', 'fastembed', 'onnxruntime', 'nltk', 'llama_index', "
    "'openai', 'fastapi')\nprint('LOADED', [m for m in heavy if m in sys.modules], file=sys.stderr)"
)


def loaded_by(*args: str) -> list[str]:
    """The heavy packages a `rag` command imports, run in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", LOADED, *args], capture_output=True, text=True, timeout=600)
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith("LOADED "), done.stderr
    return eval(line.removeprefix("LOADED "))


def test_help_loads_none_of_the_pipeline_nor_rich_nor_the_settings(env):
    assert loaded_by("--help") == []
    assert loaded_by("ask", "--help") == []


def test_settings_shows_every_setting_with_its_value_and_hides_secrets(env, monkeypatch):
    # Blind trial 24: --help sent a user to .env.example, which only a source checkout has.
    from rag.config import Settings

    monkeypatch.setenv("RAG_TOP_K", "8")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret")
    (env / ".env").write_text("RAG_MIN_SUPPORT=0.2\n")
    code, text = run("settings")
    assert code == 0 and "sk-secret" not in text
    lines = dict(line.split("=", 1) for line in text.splitlines())
    assert len(lines) == len(Settings.model_fields)
    assert lines["RAG_TOP_K"] == "8  # set" and lines["RAG_MIN_SUPPORT"] == "0.2  # set"
    assert lines["RAG_OPENAI_API_KEY"] == "********  # set" and lines["RAG_CHUNK_SIZE"] == "200"
    code, text = run("settings", "--json")
    assert json.loads(text)["RAG_TOP_K"] == 8
    # (A value set to its default is set; a URL's password is a secret; JSON stays JSON.)
    monkeypatch.setenv("RAG_TOP_K", "5")
    monkeypatch.setenv("RAG_CHROMA_URL", "http://admin:hunter2@127.0.0.1:1")
    monkeypatch.setenv("RAG_LLM_TIMEOUT", "inf")
    code, text = run("settings")
    assert "RAG_TOP_K=5  # set" in text and "hunter2" not in text and "admin:********@" in text
    code, text = run("settings", "--json")
    assert json.loads(text)["RAG_LLM_TIMEOUT"] == "inf"
    monkeypatch.setenv("RAG_TOP_K", "0")
    code, text = run("settings")
    assert code == 1 and "RAG_TOP_K" in text


def test_sources_and_indexes_read_the_catalog_without_loading_chroma_or_the_model(env):
    run("ingest", str(SEEDS))
    for command in ("sources", "indexes"):
        loaded = loaded_by(command)
        assert "pydantic_settings" in loaded and "rich" in loaded  # it did run: settings read, lines printed
        assert not {"numpy", "chromadb", "fastembed", "onnxruntime", "nltk", "llama_index"} & set(loaded), (command, loaded)


def test_ingest_ask_and_sources(env):
    code, text = run("ingest", str(SEEDS))
    assert code == 0 and "2 added" in text
    code, text = run("ingest", str(SEEDS))
    assert code == 0 and "2 unchanged" in text

    code, text = run("ask", "--json", "What happened to Russian oil shipments to Pakistan?")
    assert code == 0
    answer = json.loads(text.strip().splitlines()[-1])
    assert answer["refused"] is False and answer["citations"]
    assert "indefinitely suspended" in answer["answer"]

    result = runner.invoke(app, ["ask", "--json", "  "])  # a tool reading stdout gets JSON either way
    assert result.exit_code == 1 and json.loads(result.stdout)["error"]["code"] == "empty_question"
    # The API's error shape exactly, so one parser reads both.
    from fastapi.testclient import TestClient

    from rag.api import create_app
    from rag.assistant import Assistant

    error = json.loads(result.stdout)
    with Assistant.from_settings() as assistant, TestClient(create_app(assistant)) as client:
        assert client.post("/v1/ask", json={"question": "  "}).json() == error

    code, text = run("ask", "-k", "3", "What happened to Russian oil shipments to Pakistan?")
    assert code == 0 and "Sources:" in text and "[1]" in text

    code, text = run("ask", "How do I bake bread?")
    assert code == 0 and "found no answer" in text and "Closest passages" in text
    assert "Retrieved passages" not in text

    # --passages: every passage the answer was chosen from, cited or not, best first.
    code, text = run("ask", "--passages", "-k", "4", "How do I bake bread?")
    assert code == 0 and "Retrieved passages, best first:" in text and "4. " in text and "5. " not in text
    code, text = run("ask", "--json", "--passages", "-k", "4", "What happened to Russian oil shipments to Pakistan?")
    record = json.loads(text.strip().splitlines()[-1])
    assert code == 0 and len(record["passages"]) == 4 and not record["refused"]
    cited = {(c["doc_id"], c["start"]) for c in record["citations"]}
    assert all(any(p["doc_id"] == d and p["start"] <= a < p["end"] for p in record["passages"]) for d, a in cited)
    assert "passages" not in json.loads(run("ask", "--json", "Where did Putin and Sharif meet?")[1].strip().splitlines()[-1])

    code, text = run("sources", "--json")
    assert code == 0 and len(json.loads(text.strip().splitlines()[-1])) == 2
    code, text = run("sources", "--limit", "1")
    assert code == 0 and "1 of 2 articles" in text
    code, text = run("sources", "--find", "ASTANA", "--json")
    found = json.loads(text.strip().splitlines()[-1])
    assert code == 0 and len(found) == 1 and "astana" in found[0]["source"]


def test_bad_files_are_named_and_the_exit_status_says_so(env):
    corpus = env / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Barter between the two countries never surged.\n", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "nested.html").write_text("<div>" * 200_000 + "x" + "</div>" * 200_000, encoding="utf-8")
    code, text = run("ingest", str(corpus), str(env / "missing-folder"))
    assert code == 1
    assert "empty.txt: the file is empty" in text
    assert "nested.html: file rejected: the page has more than 100000 HTML tags" in " ".join(text.split())
    assert "missing-folder: no such file or folder" in text
    assert "1 added" in text


def test_asking_before_ingesting_says_what_to_do_and_creates_nothing(env):
    code, text = run("ask", "Anything?")
    assert code == 1 and "nothing has been ingested yet" in text and "RAG_DATA_DIR" in text
    assert not (env / "data").exists()


def test_empty_question_is_one_clear_line(env):
    run("ingest", str(SEEDS))
    code, text = run("ask", "  ")
    assert code == 1 and "the question is empty" in text


def test_unreachable_chroma_server_is_one_clear_line(env, monkeypatch):
    monkeypatch.setenv("RAG_CHROMA_URL", "http://127.0.0.1:9")
    code, text = run("ingest", str(SEEDS))
    assert code == 1 and "cannot reach the Chroma store at http://127.0.0.1:9" in text
    assert "chroma run" in text


def test_chat_answers_until_an_empty_line(env):
    run("ingest", str(SEEDS))
    code, text = run("chat", input="Where did Putin and Sharif meet?\n   \n\n")
    assert code == 0 and "Astana" in text and "Searched for" not in text and "Retrieved passages" not in text
    code, text = run("chat", "--passages", "-k", "2", input="Where did Putin and Sharif meet?\n\n")
    assert code == 0 and "Astana" in text and text.count("Retrieved passages") == 1 and "2. " in text


def test_chat_says_what_a_follow_up_searched_for(env):
    run("ingest", str(SEEDS))
    code, text = run("chat", input="Where did Putin and Sharif meet?\nAnd what about oil?\n\n")
    assert code == 0
    assert "Searched for: Where did Putin and Sharif meet? And what about oil?" in " ".join(text.split())


def test_prune_names_what_it_removes_when_it_is_more_than_a_few(env):
    folder = env / "notes"
    folder.mkdir()
    for n in range(5):
        (folder / f"note-{n}.txt").write_text(f"Note {n}\nZeppelin number {n} flew over Karachi.\n")
    run("ingest", str(folder), str(SEEDS))
    for n in range(4):
        (folder / f"note-{n}.txt").unlink()
    code, text = run("ingest", str(folder), "--prune")
    assert code == 0 and "4 articles under" in text and "note-0.txt" in text and "note-3.txt" in text
    assert "0 added, 0 updated, 1 unchanged, 4 removed" in text
    code, text = run("sources")
    assert "note-4" in text and "pakistan-must-do-three-things" in text  # seeds/ was not named: kept


def test_serve_keeps_idle_connections_open_longer_than_clients_keep_them(env, monkeypatch):
    # uvicorn's default (5 s) is httpx's pool expiry (the openai client's, RemoteAssistant's):
    # a client reusing a connection as the server closes it gets a reset the server never logs.
    import httpx
    import uvicorn

    started = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda server, sockets: started.append(server.config))
    port = free_port()
    code, text = run("serve", "--port", str(port))
    assert code == 0 and started[-1].port == port and started[-1].host == "127.0.0.1"
    assert started[-1].timeout_keep_alive > max(httpx.Limits().keepalive_expiry, 15)  # 15: aiohttp's
    run("serve", "--keep-alive", "200", "--port", str(port))
    assert started[-1].timeout_keep_alive == 200


def test_the_ui_listens_on_loopback_unless_told_and_warns_when_it_is_open(env, monkeypatch):
    started = []
    monkeypatch.setattr("os.execv", lambda path, command: started.append(command))
    code, text = run("ui")
    assert code == 0 and "Warning" not in text
    assert started[-1][started[-1].index("--server.address") + 1] == "127.0.0.1"
    code, text = run("ui", "--host", "0.0.0.0")
    assert started[-1][started[-1].index("--server.address") + 1] == "0.0.0.0"
    assert "Warning" in text and "anyone" in text and "RAG_UI_PASSWORD" in text
    monkeypatch.setenv("RAG_UI_PASSWORD", "secret")
    code, text = run("ui", "--host", "0.0.0.0")
    assert "asks for a key or password first" in text


def test_ctrl_c_during_ingest_says_how_to_finish(env, monkeypatch):
    from rag.assistant import Assistant

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Assistant, "ingest", interrupted)
    code, text = run("ingest", str(SEEDS))
    assert code == 130 and "run the same command again" in text


@pytest.mark.parametrize(
    "variable, value, expected",
    [
        ("RAG_TOP_K", "abc", "RAG_TOP_K"),
        ("RAG_CHUNK_OVERLAP", "500", "smaller than RAG_CHUNK_SIZE"),
        ("RAG_COLLECTION", "ab", "RAG_COLLECTION"),
        ("RAG_CHROMA_URL", "not-a-url", "RAG_CHROMA_URL"),
        ("RAG_EMBED_PROVIDER", "magic", "RAG_EMBED_PROVIDER"),
    ],
)
def test_bad_settings_are_one_clear_line(env, monkeypatch, variable, value, expected):
    monkeypatch.setenv(variable, value)
    code, text = run("ask", "Where did Putin and Sharif meet?")
    assert code == 1 and "invalid settings" in text and expected in text


@pytest.mark.embedded_only  # (a data directory's files; the shared mode keeps none)
def test_data_dir_that_is_a_file_or_a_corrupt_catalog(env, monkeypatch):
    blocker = env / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("RAG_DATA_DIR", str(blocker))
    code, text = run("ingest", str(SEEDS))
    assert code == 1 and "RAG_DATA_DIR must be a writable folder" in text

    data = env / "corrupt"
    (data / "indexes" / "k1").mkdir(parents=True)
    (data / "indexes" / "k1" / "catalog.sqlite3").write_bytes(b"this is not a database" * 100)
    (data / "ACTIVE").write_text("k1\n")
    monkeypatch.setenv("RAG_DATA_DIR", str(data))
    code, text = run("ask", "Where did Putin and Sharif meet?")
    assert code == 1 and "cannot open the catalog" in text and "delete it" in text


def test_unknown_doc_id_names_the_fix(env):
    run("ingest", str(SEEDS))
    code, text = run("ask", "--doc", "nope", "Where did Putin and Sharif meet?")
    assert code == 1 and "no article with doc_id nope" in text and "rag sources" in text


def test_ask_and_chat_through_an_openai_compatible_server(env, monkeypatch, fake_openai):
    from fake_openai import passage_number

    run("ingest", str(SEEDS))
    monkeypatch.setenv("RAG_BACKEND", "openai")
    monkeypatch.setenv("RAG_OPENAI_BASE_URL", fake_openai.url)
    monkeypatch.setenv("RAG_OPENAI_API_KEY", "test-key")
    monkeypatch.setenv("RAG_LLM_MAX_RETRIES", "0")
    cited = lambda body: (  # noqa: E731
        f"Pakistan indefinitely suspended Russian oil shipments [{passage_number(body, 'indefinitely suspended')}]. "
        "It also bought Russian tanks [1]."
    )
    fake_openai.script = [cited]
    code, text = run("ask", "What happened to Russian oil shipments to Pakistan?")
    assert code == 0
    assert "Pakistan indefinitely suspended Russian oil shipments. [1]" in text
    assert "It also bought Russian tanks. (unverified: no retrieved passage says this)" in text
    assert "Sources:" in text and "indefinitely suspended such shipments" in text

    fake_openai.script = [cited, "What did Sharif propose about barter?", cited]
    code, text = run("chat", input="What happened to Russian oil shipments to Pakistan?\nAnd barter?\n\n")
    assert code == 0 and text.count("Sources:") == 2
    condense = fake_openai.chat_requests()[-1 - 1]["messages"][-1]["content"]
    assert "And barter?" in condense

    monkeypatch.setenv("RAG_OPENAI_API_KEY", "wrong")
    monkeypatch.setenv("RAG_LLM_FALLBACK", "false")
    code, text = run("ask", "What happened to Russian oil shipments to Pakistan?")
    assert code == 1 and "rejected the API key (401)" in text and "OPENAI_API_KEY" in text


def test_a_chunking_change_switches_index_and_the_retired_one_can_be_pruned(env, monkeypatch):
    from rag import Settings, indexes
    from rag.store import VectorStore

    assert run("ingest", str(SEEDS))[0] == 0
    monkeypatch.setenv("RAG_CHUNK_SIZE", "120")
    code, text = run("ingest", str(SEEDS / "putin-and-sharif-meet-at-the-sco-summit-in-astana.txt"))
    assert code == 0 and "built beside the old one" in text and "rag indexes --prune" in text
    assert "2 unchanged" not in text and "Index: 2 articles" in text  # the other seed moved over too

    code, text = run("indexes")
    assert code == 0 and "serving" in text and "retired" in text and "of 120 tokens" in text and "of 200 tokens" in text
    data = env / "data"
    retired = next(k for k in index_keys(data) if k != serving_key(data))
    catalog = indexes.open_catalog(settings_of(data), retired)
    retired_collection = indexes.collection_name(Settings(), retired, catalog)
    catalog.close()
    segment_folders = lambda: {p.name for p in (data / "chroma").iterdir() if p.is_dir()}  # noqa: E731
    folders_before = segment_folders() if not SERVER_MODE else set()
    with another_process_writing(data, retired):  # say, an ingest switching back to it
        code, text = run("indexes", "--prune")
    assert code == 0 and "Deleted 0" in text and f"Kept {retired}: in use by another process" in text
    code, text = run("indexes", "--prune")
    assert code == 0 and f"Deleted 1 retired index(es): {retired}" in text
    assert index_keys(data) == [serving_key(data)]
    store = VectorStore(Settings())  # the retired index's collection is gone from Chroma too
    assert retired_collection not in [c.name for c in store._client.list_collections()]
    if not SERVER_MODE:  # and its vectors' folder from the disk (Chroma leaves it)
        assert folders_before and segment_folders() < folders_before

    code, text = run("ask", "--json", "Where did Putin and Sharif meet?")
    assert code == 0 and json.loads(text.strip().splitlines()[-1])["citations"]


def test_serve_on_a_taken_port_says_so_before_loading_anything(env, monkeypatch):
    import socket

    monkeypatch.setattr("rag.cli.serve.open_assistant", lambda **kw: pytest.fail("loaded the index for a port it cannot have"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, text = run("serve", "--port", str(port))
    assert code == 1 and f"port {port} is taken" in text and "--port" in text
    assert "Serving on" not in text
    code, text = run("serve", "--host", "no-such-host.invalid", "--port", str(port))
    assert code == 1 and "cannot listen on no-such-host.invalid" in text and "Serving on" not in text


def test_serve_serves_and_a_second_one_on_its_port_exits_non_zero(env):
    import urllib.request

    run("ingest", str(SEEDS))
    port = free_port()
    command = [sys.executable, "-m", "rag.cli", "serve", "--port", str(port)]
    with running(command, f"http://127.0.0.1:{port}/healthz") as server:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/models", headers={"X-Request-ID": "cli-test"})
        with urllib.request.urlopen(request) as response:
            assert json.load(response)["data"][0]["id"] == "rag"
            assert response.headers["X-Request-ID"] == "cli-test"
        # The request log: a JSON line per request on stderr (written once the response is
        # sent, so it may come a moment after the client has it).
        deadline = time.monotonic() + 30
        while not (logged := [json.loads(line) for line in server.stderr().splitlines()
                              if line.startswith("{") and "cli-test" in line]) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert logged and {"route": "/v1/models", "status": 200, "request_id": "cli-test"}.items() <= logged[0].items()
        second = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert second.returncode == 1 and f"port {port} is taken" in second.stderr
    assert "Serving on" not in second.stdout


def test_the_ui_stops_with_the_signal_sent_to_rag_ui(env):
    # `rag ui` once ran Streamlit as a child and left it running (and its port taken) when
    # a service manager stopped `rag ui` with SIGTERM; now Streamlit takes its place.
    import socket

    port = free_port()
    command = [sys.executable, "-m", "rag.cli", "ui", "--port", str(port)]
    with running(command, f"http://127.0.0.1:{port}/_stcore/health") as ui:
        ui.process.terminate()
        ui.process.wait(timeout=60)
        with socket.socket() as probe:
            # Nobody listens there any more (SO_REUSEADDR: the health check's closed
            # connections may linger in TIME_WAIT, which is not a listener).
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("127.0.0.1", port))
