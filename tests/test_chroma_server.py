"""Against a real `chroma run` server on loopback (the server mode of RAG_CHROMA_URL)."""

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import free_port, SEEDS

pytestmark = pytest.mark.server



@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    assert chroma, "chromadb's `chroma` command is not installed"
    port = free_port()
    server = subprocess.Popen(
        [chroma, "run", "--path", str(tmp_path_factory.mktemp("chroma-server")), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):  # wait for it to listen, at most ~20 s
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("chroma run did not start")
    yield url
    server.terminate()
    server.wait(timeout=10)


def test_ingest_and_ask_against_a_chroma_server(make_assistant, chroma_url):
    assistant = make_assistant(chroma_url=chroma_url)
    assert assistant.ingest([SEEDS]).added == 2
    assert assistant.ingest([SEEDS]).unchanged == 2
    articles, chunks = assistant.catalog.counts()
    assert assistant.store.count() == chunks
    answer = assistant.ask("What happened to Russian oil shipments to Pakistan?")
    assert not answer.refused and "indefinitely suspended" in answer.answer
    assert assistant.ask("How do I bake bread?").refused
