"""The explorer in headless Chromium (Debian's `chromium`, installed by `make setup`), driven by
Playwright, against the real API on a free port and a real Neo4j holding the demo scenario."""

import os
import shutil
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from app.alerts.worker import sweep
from app.main import create_app
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.load import load_demo
from tests.api.live import serving

ARTIFACTS = Path(__file__).parent / "artifacts"
# How long an expectation waits for the page to get there (not a goal: a ceiling on waiting; the
# first run of each query on a fresh server includes its planning).
expect.set_options(timeout=60_000)
# Debian's browser binary (its /usr/bin/chromium is a launcher script around it).
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser")


def chromium_path() -> str:
    """MAPPA_E2E_CHROMIUM if set, else Debian's chromium; the tests fail, not skip, without it."""
    if configured := os.environ.get("MAPPA_E2E_CHROMIUM"):
        return configured
    for candidate in CHROMIUM_CANDIDATES:
        if found := shutil.which(candidate):
            return found
    pytest.fail("Chromium not found: run `make setup` as root (it installs Debian's chromium), "
                "or set MAPPA_E2E_CHROMIUM to a Chromium binary")


@pytest.fixture
async def explorer_url(graph: Graph, settings: Settings) -> AsyncIterator[str]:
    """The demo scenario with its alerts raised, served by the real app; /explore's URL."""
    await load_demo(graph, date.today())
    await sweep(graph, settings)
    # The sweep raised the alerts; no worker competes with the page's requests.
    async with serving(create_app(settings.model_copy(update={"run_worker": False}))) as port:
        yield f"http://127.0.0.1:{port}/explore"


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    ARTIFACTS.mkdir(exist_ok=True)  # screenshots, ignored by git
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=chromium_path(),
                                                    headless=True)
        yield launched
        await launched.close()


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    """A fresh page; any uncaught script error on it fails the test."""
    context = await browser.new_context(viewport={"width": 1600, "height": 950},
                                        accept_downloads=True)
    opened = await context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    await context.close()
    assert errors == []
