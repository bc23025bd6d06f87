"""The API's docs page in a real headless browser (Debian's chromium): /docs (Swagger UI)
renders the spec from assets this server sends, and the page asks no other host for
anything. A screenshot goes to test-output/."""

import pytest
from playwright.sync_api import expect

from rag.api import create_app

from browser import SHOTS, browser_page
from conftest import serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def api_url(seeded):
    with serving(create_app(seeded)) as url:
        yield url


def test_swagger_ui_renders_the_spec_from_this_server_only(api_url):
    requested: list[str] = []
    with browser_page(f"{api_url}/docs", requested=requested) as page:
        expect(page.locator(".opblock-summary-path", has_text="/v1/chat/completions")).to_be_visible(timeout=60_000)
        expect(page.locator(".opblock-summary-path", has_text="/v1/ask").first).to_be_visible()
        expect(page.locator(".errors-wrapper")).to_have_count(0)  # Swagger UI read the spec without errors
        page.screenshot(path=str(SHOTS / "api-docs.png"))
    assert f"{api_url}/docs-assets/swagger-ui-bundle.js" in requested and f"{api_url}/openapi.json" in requested
    elsewhere = [url for url in requested if not url.startswith((api_url, "data:", "blob:"))]
    assert elsewhere == []

