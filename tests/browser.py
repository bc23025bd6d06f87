"""Debian's chromium, headless, driven by Playwright: the one browser launch of the browser
tests (the chat UI's and the API docs'). Playwright's own browser download fails here, so
the system's chromium is named; every flag that would make it reach beyond loopback on its
own (updates, sync, background requests) is off."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Page, sync_playwright

from conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "test-output"  # screenshots, for a person to look at
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]


@contextmanager
def browser_page(url: str, width: int = 1400, height: int = 1000, requested: list[str] | None = None) -> Iterator[Page]:
    """A page of a fresh browser at `url` (a touch screen below 600 px wide). With
    `requested`, every URL the page asks for is appended to it, from the first."""
    assert os.path.exists(CHROMIUM), "Debian's chromium is needed (apt-get install chromium); make test installs it"
    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, has_touch=width < 600)
            if requested is not None:
                page.on("request", lambda request: requested.append(request.url))
            page.goto(url)
            yield page
        finally:
            browser.close()
