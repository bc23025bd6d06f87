"""End to end in a real headless browser (Debian's chromium) against `rag ui` on loopback
(its default): ask a seed question, see the cited answer, open the citation, see the
passage highlighted; with a password set, see nothing before signing in. Screenshots go
to test-output/ for a person to look at."""

import os
import shutil
import sys
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect, sync_playwright

from conftest import ROOT, SEEDS, free_port, running

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "test-output"



@pytest.fixture(scope="module")
def seeded_data(tmp_path_factory, embedder):
    from rag import Settings
    from rag.assistant import Assistant

    data = tmp_path_factory.mktemp("ui-data")
    assistant = Assistant.from_settings(Settings(_env_file=None, data_dir=data), embedder=embedder)
    assistant.ingest([SEEDS])
    assistant.close()
    return data


@contextmanager
def ui_serving(data, **settings):
    """`rag ui` on loopback over `data`, with these extra settings; yields its URL."""
    port = free_port()
    env = {**os.environ, "RAG_DATA_DIR": str(data), "RAG_BACKEND": "extractive", **settings}
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "rag.cli", "ui", "--port", str(port)]  # loopback by default
    with running(command, f"{url}/_stcore/health", env):
        yield url


@pytest.fixture(scope="module")
def ui_url(seeded_data):
    with ui_serving(seeded_data) as url:
        yield url


@contextmanager
def browser_page(url):
    assert os.path.exists(CHROMIUM), "Debian's chromium is needed (apt-get install chromium); make test installs it"
    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        yield page
        browser.close()


def test_with_a_password_set_nothing_shows_before_signing_in(seeded_data):
    with ui_serving(seeded_data, RAG_UI_PASSWORD="open sesame") as url, browser_page(url) as page:
        secret = page.get_by_label("Key or password")
        expect(secret).to_be_visible(timeout=60_000)
        assert page.get_by_placeholder("Ask a question about the articles").count() == 0
        assert "Pakistan" not in page.content()  # not even the sidebar's list of articles
        secret.fill("guess")
        secret.press("Enter")
        expect(page.get_by_text("not a key or password")).to_be_visible(timeout=30_000)
        secret.fill("open sesame")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_placeholder("Ask a question about the articles")).to_be_visible(timeout=60_000)
        expect(page.get_by_text("Pakistan Must Do These Three Things")).to_be_visible()
        page.screenshot(path=str(SHOTS / "ui-signed-in.png"), full_page=True)


def test_ask_see_the_citation_and_open_it_in_the_article(ui_url):
    with browser_page(ui_url) as page:
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
