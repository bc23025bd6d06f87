"""Shared fixtures: the real embedding model (loaded once) and real Chroma in temp dirs.

With RAG_TEST_CHROMA=server, every index the tests build, in this process or in the
servers and UIs they start, keeps its vectors in a real `chroma run` server on loopback
instead (RAG_CHROMA_URL is set for the session). With RAG_TEST_DATABASE=postgres as well,
the shared mode: everything else an index holds (catalog, keyword index, switch, locks,
conversations, feedback, uploads) is in a throwaway PostgreSQL cluster, a new database for
each test (RAG_DATABASE_URL is set per test, so the servers a test starts share it).
`make test` runs the suite all three ways.
"""

from __future__ import annotations

import importlib.util
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
SHARED_MODE = os.environ.get("RAG_TEST_DATABASE") == "postgres"
SERVER_MODE = os.environ.get("RAG_TEST_CHROMA") == "server" or SHARED_MODE


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


def eval_script(name: str):
    """A script of eval/ ("fit_scorer") loaded as a module: they are scripts, not a package."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "eval" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
    return new_database(postgres_server)


def new_database(admin_url: str) -> str:
    import psycopg

    name = f"t{time.time_ns()}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


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


@pytest.fixture(autouse=True)
def shared_database(request, monkeypatch):
    """In shared mode, a database of its own for each test (so a test starts from nothing,
    as it does with a fresh data directory), dropped afterwards; a test that uses an index a
    longer-lived fixture built (`seeded`, say) gets that fixture's database instead."""
    if not SHARED_MODE:
        yield
        return
    built = [INDEX_DATABASES[name] for name in request.fixturenames if name in INDEX_DATABASES]
    if built:
        monkeypatch.setenv("RAG_DATABASE_URL", built[-1])
        yield
        return
    url = request.getfixturevalue("database_url")
    monkeypatch.setenv("RAG_DATABASE_URL", url)
    yield url
    _drop_database(url)


INDEX_DATABASES: dict[str, str] = {}  # fixture -> the database of the index it built


@contextmanager
def index_database(request) -> Iterator[None]:
    """For a module- or session-scoped fixture that builds an index: in shared mode, a
    database of its own, in RAG_DATABASE_URL for as long as the fixture lives (the servers
    it starts inherit it) and for each test that uses the fixture."""
    if not SHARED_MODE:
        yield
        return
    url = new_database(request.getfixturevalue("postgres_server"))
    INDEX_DATABASES[request.fixturename] = url
    previous = os.environ.get("RAG_DATABASE_URL")
    os.environ["RAG_DATABASE_URL"] = url
    try:
        yield
    finally:
        del INDEX_DATABASES[request.fixturename]
        if previous is None:
            os.environ.pop("RAG_DATABASE_URL", None)
        else:
            os.environ["RAG_DATABASE_URL"] = previous


def _drop_database(url: str) -> None:
    import psycopg

    from rag.postgres import close_pool

    close_pool(url)
    admin, name = url.rsplit("/", 1)
    with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


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
def seeded(request, tmp_path_factory, embedder):
    """One index of seeds/, shared by the read-only tests."""
    with index_database(request):
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
        [sys.executable, "-c", "import sys; from rag import Settings, indexes; from pathlib import Path\n"
         "with indexes.locks(Settings(_env_file=None, data_dir=Path(sys.argv[1]))).writing(sys.argv[2]):\n"
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


# What a data directory's index holds, read through the same seams the product uses, so a
# test reads the files of the embedded default and the database of the shared mode alike.

def settings_of(data_dir: Path) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir)


def uploads_folder(data_dir: Path) -> Path:
    """Where the uploaded files are read from (data/uploads, or shared mode's local copy)."""
    from rag.indexes import upload_journal

    return upload_journal(settings_of(data_dir)).uploads


def unsettled_uploads(data_dir: Path) -> list:
    from rag.indexes import upload_journal

    return upload_journal(settings_of(data_dir)).unsettled()


def feedback_records(data_dir: Path) -> list[dict]:
    from rag.chats import feedback_log

    return feedback_log(settings_of(data_dir)).all()


def serving_key(data_dir: Path) -> str | None:
    """The key of the index that serves (the file ACTIVE, or the database's switch)."""
    from rag.indexes import switch

    return switch(settings_of(data_dir)).active_key()


def index_keys(data_dir: Path) -> list[str]:
    from rag.indexes import all_keys

    return all_keys(settings_of(data_dir))


@pytest.fixture()
def ingested(make_assistant, tmp_path):
    """An Assistant over a fresh corpus of these files (name -> text)."""

    def make(files: dict[str, str]):
        folder = tmp_path / "corpus"
        folder.mkdir()
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)  # ("zsh-faq/FAQ03.txt")
            (folder / name).write_text(text, encoding="utf-8")
        assistant = make_assistant()
        assistant.ingest([folder])
        return assistant

    return make
