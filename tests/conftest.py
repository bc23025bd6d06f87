"""Shared fixtures: the real embedding model (loaded once) and real Chroma in temp dirs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rag import Settings
from rag.assistant import Assistant
from rag.embed import make_embedder

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


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
