"""End to end in a real headless browser (Debian's chromium) against `streamlit run` on
loopback: ask a seed question, see the cited answer, open the citation, see the passage
highlighted. Screenshots go to test-output/ for a person to look at."""

import os
import shutil
import sys

import pytest
from playwright.sync_api import expect, sync_playwright

from conftest import ROOT, SEEDS, free_port, running

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "test-output"



@pytest.fixture(scope="module")
def ui_url(tmp_path_factory, embedder):
    from rag import Settings
    from rag.assistant import Assistant

    data = tmp_path_factory.mktemp("ui-data")
    assistant = Assistant.from_settings(Settings(_env_file=None, data_dir=data), embedder=embedder)
    assistant.ingest([SEEDS])
    assistant.close()
    port = free_port()
    env = {**os.environ, "RAG_DATA_DIR": str(data), "RAG_BACKEND": "extractive"}
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "ui" / "app.py"), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with running(command, f"{url}/_stcore/health", env):
        yield url


def test_ask_see_the_citation_and_open_it_in_the_article(ui_url):
    assert os.path.exists(CHROMIUM), "Debian's chromium is needed (apt-get install chromium); make test installs it"
    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(ui_url)
        box = page.get_by_placeholder("Ask a question about the articles")
        expect(box).to_be_visible(timeout=60_000)
        box.fill("What happened to Russian oil shipments to Pakistan?")
        box.press("Enter")

        answer = page.locator(".rag-answer").first
        expect(answer).to_contain_text("indefinitely suspended such shipments", timeout=60_000)
        cite = answer.locator("a.rag-cite").first
        expect(cite).to_have_text("[1]")
        assert "indefinitely suspended" in cite.get_attribute("title")  # the quote, on hover
        page.screenshot(path=str(SHOTS / "ui-answer.png"), full_page=True)

        page.get_by_role("button", name="Open in article").first.click()
        dialog = page.get_by_role("dialog")
        expect(dialog).to_contain_text("Cited passage in its article", timeout=30_000)
        frame = dialog.frame_locator("iframe").first
        mark = frame.locator("mark#cited")
        expect(mark).to_contain_text("indefinitely suspended such shipments", timeout=30_000)
        expect(mark).to_be_in_viewport()  # scrolled into view inside the article
        page.screenshot(path=str(SHOTS / "ui-citation-open.png"), full_page=True)
        browser.close()
