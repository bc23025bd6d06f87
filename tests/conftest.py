"""Shared fixtures: the real embedding model (loaded once) and real Chroma in temp dirs.

With RAG_TEST_CHROMA=server, every index the tests build, in this process or in the
servers and UIs they start, keeps its vectors in a real `chroma run` server on loopback
instead (RAG_CHROMA_URL is set for the session; `make test` runs the suite both ways).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

from rag import Settings
from rag.assistant import Assistant
from rag.embed import make_embedder

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


LOOPBACK = ("127.", "::1", "localhost")
SERVER_MODE = os.environ.get("RAG_TEST_CHROMA") == "server"


# Fixtures that load the embedding model, start a server or build an index: a test that
# uses any of them (or runs a process) is "slow"; `pytest -m "not slow"` runs the rest, the
# unit tests of pure logic, in seconds.
SLOW_FIXTURES = {"embedder", "seeded", "make_assistant", "generative", "env", "client", "fresh_client",
                 "chroma_server", "postgres_server", "database_url", "llama_server", "fake_openai", "app", "qwen", "ui_server"}


# Modules whose tests start processes, build wheels or run Streamlit apps without a fixture
# saying so.
SLOW_MODULES = {"test_package", "test_replicas", "test_mcp", "test_ui", "test_client", "test_embed", "test_crash", "test_cli",
                "test_api_live", "test_chroma_server", "test_api_docs_browser", "test_ui_browser", "test_real_llm"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        heavy = SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or item.module.__name__ in SLOW_MODULES
        if heavy or any(item.get_closest_marker(name) for name in ("server", "browser", "real_llm")):
            item.add_marker(pytest.mark.slow)


def free_port() -> int:
    """A TCP port on loopback that nothing listens on (for servers the tests start)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Everything must work offline: any attempt to reach beyond loopback fails the test."""
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not str(address[0]).startswith(LOOPBACK):
            raise AssertionError(f"network access attempted: {address}")
        return real_connect(sock, address)

    def getaddrinfo(host, *args, **kwargs):
        if host and not str(host).startswith(LOOPBACK):
            raise AssertionError(f"name lookup attempted: {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect, socket.getaddrinfo = connect, getaddrinfo
    yield
    socket.socket.connect, socket.getaddrinfo = real_connect, real_getaddrinfo


@contextmanager
def running(command: list[str], health_url: str, env: dict | None = None) -> Iterator[SimpleNamespace]:
    """A server process the tests start, up once `health_url` answers. It may take long on a
    busy machine (loading the model): wait while it runs, fail with its output if it exits.
    Yields the `process` (Popen) and `stderr()`, what it has written there so far."""
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        deadline = time.monotonic() + 300  # (a hung start, not a slow one)
        while True:
            try:
                urllib.request.urlopen(health_url, timeout=1)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"{command[0]} did not start: {log.read().decode(errors='replace')[-2000:]}")
                time.sleep(0.1)

        def stderr() -> str:
            log.seek(0)
            return log.read().decode(errors="replace")

        yield SimpleNamespace(process=server, stderr=stderr)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@contextmanager
def serving(app, http: str = "auto") -> Iterator[str]:
    """An ASGI app under uvicorn on loopback, in a thread; yields its URL. `http` picks
    uvicorn's HTTP parser (h11 or httptools)."""
    import threading

    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", http=http))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real `chroma run` server on loopback, for the session."""
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    assert chroma, "chromadb's `chroma` command is not installed"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [chroma, "run", "--path", str(tmp_path_factory.mktemp("chroma-server")), "--port", str(port)]
    with running(command, f"{url}/api/v2/heartbeat"):
        yield url


def _postgres_bin(name: str) -> str:
    """A PostgreSQL server program (Debian keeps them out of PATH, under its version)."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}")) or [Path(p) for p in [shutil.which(name)] if p]
    assert found, f"PostgreSQL's {name} is not installed (Debian: apt-get install postgresql; `make test` does)"
    return str(found[-1])


@pytest.fixture(scope="session")
def postgres_server():
    """A real, throwaway PostgreSQL cluster on loopback for the session: initdb into a temp
    dir, pg_ctl start on a free port, stopped and deleted at the end. As root, it runs as
    the `postgres` user (PostgreSQL refuses to run as root). Yields the admin URL."""
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    folder = Path(tempfile.mkdtemp(prefix="rag-test-pg-"))
    if as_user:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", free_port()
    subprocess.run([*as_user, _postgres_bin("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                    "--no-sync", "-E", "UTF8"], check=True, capture_output=True)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run([*as_user, _postgres_bin("pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"),
                    "-w", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, _postgres_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture()
def database_url(postgres_server):
    """A new, empty database on the session's cluster, for one test."""
    import psycopg

    name = f"t{time.time_ns()}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return postgres_server.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(autouse=True, scope="session")
def chroma_mode(request):
    """In server mode, point every Settings at the shared server (each index gets a
    collection of its own; see rag.indexes.collection_name)."""
    if not SERVER_MODE:
        yield
        return
    os.environ["RAG_CHROMA_URL"] = request.getfixturevalue("chroma_server")
    yield
    del os.environ["RAG_CHROMA_URL"]


@pytest.fixture(scope="session")
def embedder():
    return make_embedder(Settings(_env_file=None))


@pytest.fixture()
def make_assistant(tmp_path, embedder):
    """Build Assistants over a fresh data dir; closed at the end of the test."""
    made = []

    def make(data_dir: Path | None = None, **overrides) -> Assistant:
        data_dir = data_dir or tmp_path / "data"
        settings = Settings(_env_file=None, data_dir=data_dir, **overrides)
        assistant = Assistant.from_settings(settings, embedder=embedder)
        made.append(assistant)
        return assistant

    yield make
    for assistant in made:
        assistant.close()


@pytest.fixture()
def fake_assistant(tmp_path):
    """An Assistant over a fresh data dir with the in-process fake embedder (a hashed bag of
    words, tests/fake_embedder.py): no model loads, so tests of what surrounds the
    embedding run with the unit tests. Chroma and the sentence splitter still load, once
    per session (a few seconds)."""
    from fake_embedder import HashEmbedder

    assistant = Assistant.from_settings(Settings(_env_file=None, data_dir=tmp_path / "data"), embedder=HashEmbedder())
    yield assistant
    assistant.close()


@pytest.fixture(scope="session")
def seeded(tmp_path_factory, embedder):
    """One index of seeds/, shared by the read-only tests."""
    data = tmp_path_factory.mktemp("seeded")
    settings = Settings(_env_file=None, data_dir=data)
    assistant = Assistant.from_settings(settings, embedder=embedder)
    report = assistant.ingest([SEEDS])
    assert report.added == 2 and report.ok
    yield assistant
    assistant.close()


@pytest.fixture()
def corpus(tmp_path):
    """A writable copy of the seeds, for tests that change files."""
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture()
def fake_openai():
    """An OpenAI-compatible server on loopback (see fake_openai.py)."""
    from fake_openai import FakeOpenAI

    server = FakeOpenAI()
    yield server
    server.close()


@contextmanager
def another_process_writing(data_dir, key):
    """A real second process holding index `key`'s write lock until told to let go."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from rag import indexes; from pathlib import Path\n"
         "with indexes.writing(Path(sys.argv[1]), sys.argv[2]):\n"
         "    print('held', flush=True); sys.stdin.read()", str(data_dir), key],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    try:
        yield holder.stdin.close  # call it to let go
    finally:
        holder.stdin.close()
        holder.wait()


def readme_example(name: str) -> str:
    """The fenced block after `<!-- example: NAME ... -->` in README.md: the copy-paste
    examples the tests run as written."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"<!-- example: {re.escape(name)}\b[^>]*-->\s*```\w*\n(.*?)```", readme, re.S)
    assert found, f"README.md has no example {name!r}"
    return found.group(1)
