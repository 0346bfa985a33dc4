"""GraphiQL works offline: its page loads every script and style from /graphiql-assets. In
development it opens as a demo persona (the first, or `?persona=`), with that persona's headers and
example operations for its role, each of which answers; in production there is no GraphiQL, and no
path mints a token."""

import base64
import hashlib
import inspect
import json
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import OperationDefinitionNode, OperationType, parse

from app.access.tokens import issue_dev_token
from app.api.http.graphiql import graphiql_html
from app.core.enums import Role
from app.core.errors import Forbidden
from app.platform.neo4j.driver import Graph
from app.settings import PROJECT_ROOT, Settings
from seed.demo import PERSONAS
from seed.load import load_demo
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
    page = graphiql_html(tmp_path, {})
    assert "make setup" in page
    assert "graphiql@" in page
    assert not [url for url, _ in links(page) if url.startswith(("http:", "https:"))]


# Opened as a demo persona (development only)

SESSION = re.compile(r'<script type="application/json" id="mappa-graphiql">(.*?)</script>',
                     re.DOTALL)
JWT = re.compile(r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+")


async def opened_as(client: httpx.AsyncClient, persona: str | None) -> dict[str, Any]:
    """The session a GraphiQL page opens with: persona, personas, headers, tabs."""
    page = await client.get("/graphql", params={"persona": persona} if persona else {},
                            headers={"Accept": "text/html"})
    assert page.status_code == 200, page.text
    assert page.headers["cache-control"] == "no-store"  # it holds a token
    found = SESSION.search(page.text)
    assert found, "the page carries no session"
    return dict(json.loads(found[1]))


def operation_of(tab: dict[str, Any]) -> OperationDefinitionNode:
    [operation] = parse(tab["query"]).definitions
    assert isinstance(operation, OperationDefinitionNode)
    assert operation.name is not None
    return operation


def name_of(tab: dict[str, Any]) -> str:
    name = operation_of(tab).name
    assert name is not None
    return name.value


async def run(client: httpx.AsyncClient, tab: dict[str, Any]) -> dict[str, Any]:
    """A tab's operation sent as GraphiQL sends it: its query, variables and headers."""
    answer = await client.post("/graphql", headers=json.loads(tab["headers"]), json={
        "query": tab["query"], "variables": json.loads(tab["variables"] or "{}")})
    return dict(answer.json())


async def test_graphiql_opens_as_the_chosen_persona_with_its_headers_and_examples(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await load_demo(graph, date.today())
    session = await opened_as(client, "demo.housing.partner")
    assert session["persona"] == "demo.housing.partner"
    tabs = session["tabs"]
    assert [name_of(tab) for tab in tabs] == [
        "Me", "Caseload", "Profile", "Network", "Alerts", "AlertRaised"]
    assert {tab["headers"] for tab in tabs} == {session["headers"]}
    headers = json.loads(session["headers"])
    assert headers["X-Purpose-Of-Use"] == "RISK_MANAGEMENT"
    assert headers["Authorization"].startswith("Bearer ")
    me = (await run(client, tabs[0]))["data"]["me"]  # signed in as housing, with no pasting
    assert (me["userId"], me["agency"]["id"], me["roles"], me["purpose"]) == (
        "demo.housing.partner", "AG-DEMO-HOUSING", ["PARTNER_OFFICER"], "RISK_MANAGEMENT")
    [profile] = [tab for tab in tabs if name_of(tab) == "Profile"]
    assert json.loads(profile["variables"]) == {"id": "DEMO-OFF-01"}  # housing's one case
    assert [p["userId"] for p in session["personas"]] == [p.officer_id for p in PERSONAS]
    script = await client.get("/graphiql-page/graphiql.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith(("text/javascript", "application/javascript"))
    assert (await client.get("/graphiql-page/examples/me.graphql")).status_code == 404


@pytest.mark.parametrize("persona", [p.officer_id for p in PERSONAS])
async def test_every_personas_examples_answer_without_error(
    client: httpx.AsyncClient, graph: Graph, persona: str
) -> None:
    """Each query tab, sent as it opens, answers with no error; a case role's profile is of a
    case it may see. (The subscription tab runs in the browser: tests/e2e/test_graphiql.py.)"""
    await load_demo(graph, date.today())
    for tab in (await opened_as(client, persona))["tabs"]:
        if operation_of(tab).operation is OperationType.SUBSCRIPTION:
            continue
        answer = await run(client, tab)
        assert "errors" not in answer, (name_of(tab), answer)
        if name_of(tab) == "Profile":
            assert answer["data"]["offender"] is not None
        if name_of(tab) == "Network":
            assert answer["data"]["network"]["nodes"]


async def test_graphiql_opens_as_the_first_persona_unless_told(client: httpx.AsyncClient) -> None:
    session = await opened_as(client, None)
    assert session["persona"] == PERSONAS[0].officer_id


async def test_an_unknown_persona_is_named_with_the_ones_there_are(
    client: httpx.AsyncClient
) -> None:
    page = await client.get("/graphql", params={"persona": "someone.else"},
                            headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "No demo persona is called <code>someone.else</code>" in page.text
    assert '<a href="?persona=demo.housing.partner">' in page.text
    assert not JWT.search(page.text)


async def test_production_serves_no_graphiql_and_no_path_mints_a_token(
    production_settings: Settings,
) -> None:
    """The development pages' paths answer no token in production; the one function that signs
    development tokens, which every path that mints one calls, refuses there; so does `mappa
    token`."""
    async with http_client(production_settings) as client:
        page = await client.get("/graphql", params={"persona": "demo.admin"},
                                headers={"Accept": "text/html"})
        assert "graphiql" not in page.text.lower()
        assert not JWT.search(page.text)
        for method, path in [("GET", "/graphiql-page/graphiql.js"), ("GET", "/explore/personas"),
                             ("POST", "/explore/dev-token")]:
            answer = await client.request(method, path, json={"userId": "demo.admin"})
            assert answer.status_code in {404, 405}, (method, path)
            assert not JWT.search(answer.text)
    with pytest.raises(Forbidden, match="development tokens are not issued in production"):
        issue_dev_token(production_settings, "demo.admin", "AG-DEMO-PROBATION", [Role.ADMIN])
    signing = sum(path.read_text().count("jwt.encode(")
                  for path in (PROJECT_ROOT / "app").rglob("*.py"))
    assert signing == 1, "a token is signed outside issue_dev_token"
    assert "jwt.encode(" in inspect.getsource(issue_dev_token)
    refused = subprocess.run(
        [sys.executable, "-m", "app.cli", "token", "--user", "demo.admin", "--agency",
         "AG-DEMO-PROBATION", "--role", "ADMIN"], capture_output=True, text=True,
        cwd=PROJECT_ROOT, env=os.environ | {"MAPPA_ENVIRONMENT": "production"}, timeout=120,
        check=False)
    assert refused.returncode == 1
    assert "development tokens are not issued in production" in refused.stderr
    assert not JWT.search(refused.stdout + refused.stderr)
