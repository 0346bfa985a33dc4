"""/explore: the page and only its files are served, with a strict content policy; the demo
personas' sign-in exists in development only, and its tokens are ordinary ones."""

from collections.abc import AsyncIterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from app.api.http.explorer import COMMON_FILES, COMMON_URL, LIBRARY_FILES, mount_explorer
from app.core.enums import Purpose
from app.platform.neo4j.driver import Graph
from app.settings import PROJECT_ROOT, Settings
from seed.demo import PERSONAS
from seed.load import load_demo
from tests.api.client import http_client


class Page(HTMLParser):
    """The page's script and style URLs, and its purpose-of-use choices."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.purposes: list[str] = []
        self._in_purpose = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.urls.append(str(found["src"]))
        if tag == "link" and found.get("rel") == "stylesheet":
            self.urls.append(str(found["href"]))
        if tag == "select":
            self._in_purpose = found.get("id") == "purpose"
        if tag == "option" and self._in_purpose and found.get("value"):
            self.purposes.append(str(found["value"]))


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    return page


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(settings) as c:
        yield c


async def test_the_page_loads_its_scripts_and_styles_from_this_server(
    client: httpx.AsyncClient
) -> None:
    response = await client.get("/explore")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "connect-src 'self'" in policy
    page = parse(response.text)
    assert all(url.startswith(("/explore/", f"{COMMON_URL}/")) for url in page.urls)
    assert {f"/explore/lib/{path}" for path in LIBRARY_FILES} <= set(page.urls)
    assert f"{COMMON_URL}/common.css" in page.urls
    for url in page.urls:
        asset = await client.get(url)
        assert asset.status_code == 200, url
        assert asset.headers["content-type"].startswith(("text/javascript", "text/css")), url


async def test_the_page_offers_every_purpose_of_use_and_no_other() -> None:
    page = parse((PROJECT_ROOT / "web/explorer/index.html").read_text())
    assert page.purposes == [purpose.value for purpose in Purpose]


async def test_the_shared_script_and_style_are_served_to_both_pages(
    client: httpx.AsyncClient,
) -> None:
    """web/common/: what the explorer and the meetings page share; their scripts import it."""
    for name in sorted(COMMON_FILES):
        asset = await client.get(f"{COMMON_URL}/{name}")
        assert asset.status_code == 200, name
        assert asset.headers["content-type"].startswith(("text/javascript", "text/css")), name
    for script in ("web/explorer/explore.js", "web/meetings/meetings.js"):
        assert f"from '{COMMON_URL}/session.js';" in (PROJECT_ROOT / script).read_text(), script


@pytest.mark.parametrize("url", [
    "/explore/lib/cytoscape/package.json", "/explore/lib/react/index.js",
    "/explore/lib/../package-lock.json", "/explore/assets/index.html",
    "/explore/assets/../../pyproject.toml", f"{COMMON_URL}/missing.js",
    f"{COMMON_URL}/../explorer/explore.js", f"{COMMON_URL}/../../pyproject.toml",
])
async def test_nothing_but_the_listed_files_is_served(
    client: httpx.AsyncClient, url: str
) -> None:
    assert (await client.get(url)).status_code == 404


async def test_a_persona_token_signs_in_as_that_persona(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await load_demo(graph, date.today())
    listed = (await client.get("/explore/personas")).json()
    assert [p["userId"] for p in listed] == [p.officer_id for p in PERSONAS]
    token = (await client.post("/explore/dev-token", json={"userId": "demo.housing.partner"})
             ).json()["token"]
    me = await client.post("/graphql", json={"query": "{ me { userId agency { id } roles } }"},
                           headers={"Authorization": f"Bearer {token}",
                                    "X-Purpose-Of-Use": "RISK_MANAGEMENT"})
    assert me.json() == {"data": {"me": {"userId": "demo.housing.partner",
                                         "agency": {"id": "AG-DEMO-HOUSING"},
                                         "roles": ["PARTNER_OFFICER"]}}}


async def test_an_unknown_persona_is_refused_by_name(client: httpx.AsyncClient) -> None:
    response = await client.post("/explore/dev-token", json={"userId": "someone.else"})
    assert response.status_code == 422
    assert response.json()["detail"] == "userId: no demo persona is called 'someone.else'"
    assert (await client.post("/explore/dev-token", json={})).status_code == 422


async def test_production_serves_the_page_but_mints_no_tokens(
    production_settings: Settings,
) -> None:
    async with http_client(production_settings) as client:
        assert (await client.get("/explore")).status_code == 200
        assert (await client.get("/explore/personas")).status_code == 404
        refused = await client.post("/explore/dev-token", json={"userId": "demo.admin"})
        assert refused.status_code in {404, 405}


async def test_without_its_library_the_page_says_what_to_run(
    settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "explorer").mkdir()
    app = FastAPI()
    mount_explorer(app, settings, tmp_path)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/explore")
    assert response.status_code == 503
    assert "make setup" in response.text
    assert "cytoscape/dist/cytoscape.min.js" in response.text
