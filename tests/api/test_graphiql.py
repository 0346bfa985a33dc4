"""GraphiQL works offline: its page loads every script and style from /graphiql-assets."""

import base64
import hashlib
from collections.abc import AsyncIterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from app.api.http.graphiql import graphiql_html
from app.settings import Settings
from tests.api.client import http_client


class Links(HTMLParser):
    """Every src/href in a page, with the integrity hash it must match (if any)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("src", "href"):
            if url := found.get(name):
                self.links.append((url, found.get("integrity")))


def links(page: str) -> list[tuple[str, str | None]]:
    parser = Links()
    parser.feed(page)
    return parser.links


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(settings) as c:
        yield c


async def test_graphiql_loads_every_asset_locally(client: httpx.AsyncClient) -> None:
    page = await client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "<title>Strawberry GraphiQL</title>" in page.text
    found = links(page.text)
    external = [url for url, _ in found if url.startswith(("http:", "https:", "//"))]
    assert external == []
    assets = [(url, sri) for url, sri in found if url.startswith("/graphiql-assets/")]
    assert len(assets) >= 7  # react, react-dom, js-cookie, graphiql js + css, explorer js + css
    for url, integrity in assets:
        response = await client.get(url)
        assert response.status_code == 200, url
        kind = response.headers["content-type"]
        assert kind.startswith(("text/javascript", "application/javascript", "text/css")), url
        if integrity:  # the browser refuses a file whose hash differs
            algorithm, expected = integrity.split("-", 1)
            digest = hashlib.new(algorithm, response.content).digest()
            assert base64.b64encode(digest).decode() == expected, url


async def test_only_the_pages_files_are_served(client: httpx.AsyncClient) -> None:
    assert (await client.get("/graphiql-assets/graphiql/package.json")).status_code == 404
    assert (await client.get("/graphiql-assets/graphiql/src/index.ts")).status_code == 404


def test_without_node_modules_the_page_says_to_run_make_setup(tmp_path: Path) -> None:
    page = graphiql_html(tmp_path)
    assert "make setup" in page
    assert "graphiql@" in page
    assert not [url for url, _ in links(page) if url.startswith(("http:", "https:"))]
