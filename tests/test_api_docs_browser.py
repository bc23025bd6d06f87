"""The API's docs page in a real headless browser (Debian's chromium): /docs (Swagger UI)
renders the spec from assets this server sends, and the page asks no other host for
anything. A screenshot goes to test-output/."""

import os
import shutil
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect, sync_playwright

from rag.api import create_app

from conftest import ROOT, serving

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "test-output"


@pytest.fixture(scope="module")
def api_url(seeded):
    with serving(create_app(seeded)) as url:
        yield url


@contextmanager
def page_of(url):
    """A page at `url`, and the list of every URL it requested."""
    assert os.path.exists(CHROMIUM), "Debian's chromium is needed (apt-get install chromium); make test installs it"
    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(url)
        yield page, requested
        browser.close()


def test_swagger_ui_renders_the_spec_from_this_server_only(api_url):
    with page_of(f"{api_url}/docs") as (page, requested):
        expect(page.locator(".opblock-summary-path", has_text="/v1/chat/completions")).to_be_visible(timeout=60_000)
        expect(page.locator(".opblock-summary-path", has_text="/v1/ask").first).to_be_visible()
        expect(page.locator(".errors-wrapper")).to_have_count(0)  # Swagger UI read the spec without errors
        page.screenshot(path=str(SHOTS / "api-docs.png"))
    assert f"{api_url}/docs-assets/swagger-ui-bundle.js" in requested and f"{api_url}/openapi.json" in requested
    elsewhere = [url for url in requested if not url.startswith((api_url, "data:", "blob:"))]
    assert elsewhere == []

