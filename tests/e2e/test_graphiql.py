"""GraphiQL as a new analyst meets it in development: opened as a demo persona, its headers are
filled in, and its example operations run as they are, a profile over HTTP and the alert
subscription over the WebSocket (its token and purpose carried in connection_init); the token is
not kept in the browser's storage. The picker opens it as another persona."""

from collections.abc import AsyncIterator
from datetime import date

import pytest
from playwright.async_api import Page, expect

from app.alerts.worker import sweep
from app.main import create_app
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.load import load_demo
from tests.api.live import serving
from tests.e2e.conftest import ARTIFACTS


@pytest.fixture
async def graphiql_url(graph: Graph, settings: Settings) -> AsyncIterator[str]:
    """The demo scenario with its alerts raised, served by the real app; /graphql's URL."""
    await load_demo(graph, date.today())
    await sweep(graph, settings)
    async with serving(create_app(settings.model_copy(update={"run_worker": False}))) as port:
        yield f"http://127.0.0.1:{port}/graphql"


async def run_tab(page: Page, title: str) -> None:
    """Open the tab and run its operation, once GraphiQL has read the operation's name from it
    (100 ms after the editor changes: a click sooner sends the previous tab's name)."""
    await page.locator(".graphiql-tab", has_text=title).click()
    await page.wait_for_function(
        "name => document.querySelector('.graphiql-query-editor .CodeMirror')"
        ".CodeMirror.operationName === name", arg=title)
    await page.click(".graphiql-execute-button")


async def test_a_housing_officer_runs_the_examples_as_graphiql_opens(
    graphiql_url: str, page: Page
) -> None:
    await page.goto(f"{graphiql_url}?persona=demo.housing.partner")
    headers = page.locator(".graphiql-editor-tool")
    await expect(headers).to_contain_text('"Authorization": "Bearer ey')
    await expect(headers).to_contain_text('"X-Purpose-Of-Use": "RISK_MANAGEMENT"')
    await expect(page.locator("#persona")).to_have_value("demo.housing.partner")
    response = page.locator(".graphiql-response")

    await run_tab(page, "Profile")
    await expect(response).to_contain_text('"name": "Darren Holt"')
    await expect(response).to_contain_text('"fieldClass": "OFFENCE_SUMMARY"')  # withheld
    await run_tab(page, "AlertRaised")  # replays what housing may see of the case's alerts
    await expect(response).to_contain_text('"rule": "PROXIMITY_TO_VICTIM"')
    await expect(response).to_contain_text("contact the MAPPA coordinator")
    await page.screenshot(path=ARTIFACTS / "graphiql-housing.png")
    kept = await page.evaluate("JSON.stringify([localStorage, sessionStorage])")
    assert "eyJ" not in kept, "the token was kept in the browser's storage"


async def test_the_picker_opens_graphiql_as_another_persona(
    graphiql_url: str, page: Page
) -> None:
    await page.goto(graphiql_url)
    await page.select_option("#persona", "demo.auditor")
    await expect(page).to_have_url(f"{graphiql_url}?persona=demo.auditor")
    await expect(page.locator(".graphiql-editor-tool")).to_contain_text('"AUDIT"')
    await run_tab(page, "VerifyAuditChain")
    await expect(page.locator(".graphiql-response")).to_contain_text('"ok": true')
