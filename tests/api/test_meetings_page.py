"""/meetings: the page and only its files are served, with the explorer's strict content policy;
it talks to /graphql only, and signs in as a demo persona (development) through the explorer's
routes."""

from collections.abc import AsyncIterator

import httpx
import pytest

from app.core.enums import Purpose
from app.settings import PROJECT_ROOT, Settings
from tests.api.client import http_client
from tests.api.test_explorer import parse


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(settings) as c:
        yield c


async def test_the_page_loads_its_script_and_style_from_this_server(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/meetings")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "connect-src 'self'" in policy
    page = parse(response.text)
    assert set(page.urls) == {"/meetings/assets/meetings.js", "/meetings/assets/meetings.css",
                              "/common/assets/common.css"}
    for url in page.urls:
        asset = await client.get(url)
        assert asset.status_code == 200, url
        assert asset.headers["content-type"].startswith(("text/javascript", "text/css")), url


async def test_the_page_offers_purposes_of_use_of_case_work_first_a_meeting() -> None:
    page = parse((PROJECT_ROOT / "web/meetings/index.html").read_text())
    assert page.purposes[0] == Purpose.MAPP_MEETING
    assert set(page.purposes) <= {purpose.value for purpose in Purpose}


@pytest.mark.parametrize("url", [
    "/meetings/assets/index.html", "/meetings/assets/../../pyproject.toml",
    "/meetings/assets/../explorer/explore.js",
])
async def test_nothing_but_the_listed_files_is_served(
    client: httpx.AsyncClient, url: str,
) -> None:
    assert (await client.get(url)).status_code == 404


async def test_production_serves_the_page(production_settings: Settings) -> None:
    async with http_client(production_settings) as client:
        assert (await client.get("/meetings")).status_code == 200
