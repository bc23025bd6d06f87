"""End to end in a real headless browser (Debian's chromium) against `rag ui` on loopback
(its default): ask a seed question, tap a citation to see its quote and the source it
marks, open it in its article; the same at 400 px, where the source must not land under
the top bar; upload a file (locally and through `rag serve`) and see it listed at once;
with a password set, see nothing before signing in. Screenshots go to test-output/ for a
person to look at."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from browser import SHOTS, browser_page
from conftest import SEEDS, free_port, index_database, serving

pytestmark = pytest.mark.browser
OIL = "What happened to Russian oil shipments to Pakistan?"
ZEPPELINS = (b"---\ntitle: Zeppelin Trade\nauthor: A. Writer\n---\n# Zeppelin Trade\n\n"
             b"Pakistan and Russia discussed a zeppelin route in 2031.\n")


def ingested(data, embedder):
    from rag import Settings
    from rag.assistant import Assistant

    assistant = Assistant.from_settings(Settings(_env_file=None, data_dir=data), embedder=embedder)
    assistant.ingest([SEEDS])
    return assistant


@pytest.fixture(scope="module")
def seeded_data(request, tmp_path_factory, embedder):
    with index_database(request):
        data = tmp_path_factory.mktemp("ui-data")
        ingested(data, embedder).close()
        yield data


@contextmanager
def ui_serving(data, **settings):
    """`rag ui` on loopback over `data`, with these extra settings; yields its URL. `rag ui`
    runs Streamlit as a child process: both are stopped together (their process group),
    and the port must be free afterwards (no Streamlit left behind)."""
    port = free_port()
    env = {**os.environ, "RAG_DATA_DIR": str(data), "RAG_BACKEND": "extractive", **settings}
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "rag.cli", "ui", "--port", str(port)]  # loopback by default
    ui = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                assert ui.poll() is None, "rag ui exited before it served"
                time.sleep(0.1)
        else:
            pytest.fail("rag ui did not start")
        yield url
    finally:
        os.killpg(ui.pid, signal.SIGTERM)
        try:
            ui.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(ui.pid, signal.SIGKILL)
            ui.wait()
        for _ in range(100):  # Streamlit, the child, may take a moment longer
            if not listening(port):
                break
            time.sleep(0.1)
        else:
            os.killpg(ui.pid, signal.SIGKILL)
            pytest.fail("Streamlit still listened after rag ui was stopped")


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def ui_url(seeded_data):
    with ui_serving(seeded_data) as url:
        yield url


def ask(page, question):
    box = page.get_by_placeholder("Ask a question about the articles")
    expect(box).to_be_visible(timeout=60_000)
    count = page.locator(".rag-answer").count()
    box.fill(question)
    box.press("Enter")
    expect(page.locator(".rag-answer")).to_have_count(count + 1, timeout=90_000)
    idle(page)
    return page.locator(".rag-root").nth(count)


def settled_box(locator, timeout: float = 30) -> dict:
    """The element's box once it has stopped moving (smooth scrolling and layout after a tap
    take a moment; a box read mid-way is where the element passes, not where it stays)."""
    boxes = [locator.bounding_box()]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not (len(boxes) >= 3 and boxes[-1] == boxes[-2] == boxes[-3]):
        time.sleep(0.2)
        boxes.append(locator.bounding_box())
    return boxes[-1]


def idle(page):
    """Wait until the script run is over (the page still scrolls to the newest message while it runs)."""
    expect(page.locator('[data-testid="stApp"]')).not_to_have_attribute("data-test-script-state", "running", timeout=90_000)


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


def test_click_a_citation_see_its_quote_and_marked_source_then_open_the_article(ui_url):
    with browser_page(ui_url) as page:
        answer = ask(page, OIL)
        expect(answer.locator(".rag-answer")).to_contain_text("indefinitely suspended such shipments")
        assert page.get_by_role("button", name="Deploy").count() == 0  # readers get no developer toolbar
        page.screenshot(path=str(SHOTS / "ui-answer.png"))

        cite = answer.locator("button.rag-cite").first
        source = answer.locator('.rag-src[data-n="1"]')
        expect(source).not_to_have_class("rag-src rag-marked")
        cite.click()
        popover = answer.locator(".rag-pop")
        expect(popover).to_be_visible()
        expect(popover.locator(".rag-pop-quote")).to_contain_text("indefinitely suspended such shipments")
        expect(cite).to_have_attribute("aria-expanded", "true")
        expect(source).to_have_class("rag-src rag-marked")  # the source [1] points to
        expect(answer.locator(".rag-src.rag-marked")).to_have_count(1)
        page.screenshot(path=str(SHOTS / "ui-citation-popover.png"))

        popover.get_by_role("button", name="Open in article").click()
        dialog = page.get_by_role("dialog", name="Cited passage in its article")
        expect(dialog).to_be_visible(timeout=30_000)
        mark = dialog.locator("mark#cited")
        expect(mark).to_contain_text("indefinitely suspended such shipments", timeout=30_000)
        expect(mark).to_be_in_viewport()  # scrolled into view inside the article
        assert dialog.locator(".rag-article p").count() > 5  # paragraphs, not one block
        expect(dialog.locator(".rag-article-title")).to_have_text("Putin and Sharif meet at the SCO Summit in Astana")
        expect(dialog.locator(".rag-article-detail")).to_contain_text("characters 1307–1532")
        page.screenshot(path=str(SHOTS / "ui-citation-open.png"))


def test_at_400px_a_tapped_citation_fits_and_its_source_is_not_under_the_top_bar(ui_url):
    with browser_page(ui_url, width=400, height=640) as page:
        answer = ask(page, OIL)
        ask(page, "What did Sharif propose about barter with Russia?")  # the first answer scrolls up
        cite = answer.locator("button.rag-cite").first
        cite.tap()
        popover = answer.locator(".rag-pop")
        expect(popover).to_be_visible()
        top_bar = page.locator('[data-testid="stHeader"]').bounding_box()
        chat_box = page.get_by_placeholder("Ask a question about the articles").bounding_box()
        expect(popover.get_by_role("button", name="Open in article")).to_be_in_viewport()
        box = settled_box(popover)  # all of it on screen, between the top bar and the chat box
        assert box["x"] >= 0 and box["x"] + box["width"] <= 400
        assert box["y"] >= top_bar["y"] + top_bar["height"] and box["y"] + box["height"] <= chat_box["y"]
        page.screenshot(path=str(SHOTS / "ui-400-citation-popover.png"))

        popover.get_by_role("button", name="Show in sources").tap()
        source = answer.locator(".rag-src.rag-marked")
        expect(source).to_have_attribute("data-n", "1")
        expect(source).to_be_in_viewport(ratio=1)
        where = source.bounding_box()
        assert where["y"] >= top_bar["y"] + top_bar["height"]  # not under the top bar
        assert where["y"] + where["height"] <= chat_box["y"]  # nor under the chat box
        page.screenshot(path=str(SHOTS / "ui-400-source-marked.png"))


@pytest.mark.parametrize("mode", ["local", "api"])
def test_an_upload_is_listed_at_once_and_leaves_the_uploader(mode, tmp_path, embedder):
    """Through the UI's own index, and through `rag serve` (RAG_API_URL)."""
    from rag.api import create_app

    assistant = ingested(tmp_path / "data", embedder)
    try:
        if mode == "local":
            assistant.close()
            with ui_serving(tmp_path / "data") as url:
                upload_and_see_it_listed(url, mode)
        else:
            with serving(create_app(assistant)) as api, ui_serving(tmp_path / "ui-only", RAG_API_URL=api) as url:
                upload_and_see_it_listed(url, mode)
            assert any(s.title == "Zeppelin Trade" for s in assistant.sources())  # in the server's index
    finally:
        assistant.close()


def upload_and_see_it_listed(url, mode):
    with browser_page(url) as page:
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar.get_by_text("Pakistan Must Do These Three Things")).to_be_visible(timeout=60_000)
        sidebar.locator('input[type="file"]').set_input_files(
            [{"name": "zeppelins.md", "mimeType": "text/markdown", "buffer": ZEPPELINS}]
        )
        ingest = sidebar.get_by_role("button", name="Ingest 1 file")
        expect(ingest).to_be_visible(timeout=30_000)
        chips = sidebar.locator('[data-testid="stFileChip"]')  # the files waiting in the uploader
        expect(chips).to_have_count(1)
        ingest.click()
        expect(sidebar.get_by_text("1 added")).to_be_visible(timeout=90_000)
        # No other action: the list already has it, the uploader is empty, the button gone.
        expect(sidebar.get_by_text("Zeppelin Trade")).to_be_visible()
        expect(sidebar.get_by_text("· 1 chunk", exact=True)).to_be_visible()
        expect(chips).to_have_count(0)
        expect(sidebar.get_by_role("button", name="Ingest 1 file")).to_have_count(0)
        page.screenshot(path=str(SHOTS / f"ui-upload-{mode}.png"))

        # Its article view: title and metadata, not the front matter or where the file is kept.
        answer = ask(page, "When did Pakistan and Russia discuss a zeppelin route?")
        answer.locator("button.rag-cite").first.click()
        answer.locator(".rag-pop").get_by_role("button", name="Open in article").click()
        dialog = page.get_by_role("dialog", name="Cited passage in its article")
        expect(dialog.locator("mark#cited")).to_contain_text("zeppelin route in 2031", timeout=30_000)
        expect(dialog.locator(".rag-article-title")).to_have_text("Zeppelin Trade")
        expect(dialog.locator(".rag-article-meta")).to_have_text("Author: A. Writer")
        expect(dialog.locator(".rag-article-detail")).to_contain_text("zeppelins.md")
        shown = dialog.inner_text()
        assert "---" not in shown and "title:" not in shown and "uploads" not in shown
        page.screenshot(path=str(SHOTS / f"ui-upload-{mode}-article.png"))
