"""Shared fixtures: the real embedding model (loaded once) and real Chroma in temp dirs."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from rag import Settings
from rag.assistant import Assistant
from rag.embed import make_embedder

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


LOOPBACK = ("127.", "::1", "localhost")


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


@pytest.fixture(scope="session")
def embedder():
    return make_embedder(Settings(_env_file=None))


@pytest.fixture()
def make_assistant(tmp_path, embedder):
    """Build Assistants over a fresh data dir; closed at the end of the test."""
    made = []

    def make(data_dir: Path | None = None, **overrides) -> Assistant:
        settings = Settings(_env_file=None, data_dir=data_dir or tmp_path / "data", **overrides)
        assistant = Assistant.from_settings(settings, embedder=embedder)
        made.append(assistant)
        return assistant

    yield make
    for assistant in made:
        assistant.close()


@pytest.fixture(scope="session")
def seeded(tmp_path_factory, embedder):
    """One index of seeds/, shared by the read-only tests."""
    data = tmp_path_factory.mktemp("seeded")
    assistant = Assistant.from_settings(Settings(_env_file=None, data_dir=data), embedder=embedder)
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
