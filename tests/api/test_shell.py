"""The API shell through HTTP: health, readiness, GraphiQL, `me` and `version`, refusals."""

import socket
from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest

from app.access.tokens import issue_dev_token
from app.core.enums import Role
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.demo import PERSONAS
from seed.load import load_demo
from tests.api.client import http_client

ME = "{ me { userId roles purpose fieldClasses agency { id name kind } } version }"


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, date.today())
    async with http_client(settings) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def headers(
    settings: Settings, role: Role, purpose: str | None = "RISK_MANAGEMENT"
) -> dict[str, str]:
    persona = next(p for p in PERSONAS if p.role == role)
    token = issue_dev_token(settings, persona.officer_id, persona.agency_id, [role])
    result = {"Authorization": f"Bearer {token}"}
    if purpose:
        result["X-Purpose-Of-Use"] = purpose
    return result


async def test_healthz_and_readyz(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["ready"] is True


async def test_readyz_is_false_while_neo4j_is_unreachable(settings: Settings) -> None:
    down = settings.model_copy(update={"neo4j_uri": f"bolt://127.0.0.1:{free_port()}"})
    async with http_client(down) as client:
        response = await client.get("/readyz")
        assert response.status_code == 503
        assert response.json() == {"ready": False, "neo4j": "unreachable"}
        assert (await client.get("/healthz")).status_code == 200


async def test_graphiql_loads_in_development(client: httpx.AsyncClient) -> None:
    page = await client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


async def test_graphiql_is_off_in_production(production_settings: Settings, graph: Graph) -> None:
    async with http_client(production_settings) as client:
        page = await client.get("/graphql", headers={"Accept": "text/html"})
        assert "graphiql" not in page.text.lower()


async def test_me_names_the_principal_and_what_it_may_see(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    response = await client.post(
        "/graphql", json={"query": ME},
        headers=headers(settings, Role.PARTNER_OFFICER),
    )
    body = response.json()
    assert "errors" not in body, body
    me = body["data"]["me"]
    persona = next(p for p in PERSONAS if p.role == Role.PARTNER_OFFICER)
    assert me["userId"] == persona.officer_id
    assert me["agency"]["id"] == persona.agency_id
    assert me["roles"] == ["PARTNER_OFFICER"]
    assert me["purpose"] == "RISK_MANAGEMENT"
    assert "VICTIM_LOCATION" not in me["fieldClasses"]
    assert body["data"]["version"]


@pytest.mark.parametrize(
    ("auth", "purpose", "code"),
    [
        (None, "RISK_MANAGEMENT", "UNAUTHENTICATED"),
        ("Bearer not-a-token", "RISK_MANAGEMENT", "UNAUTHENTICATED"),
        ("valid", None, "PURPOSE_REQUIRED"),
        ("valid", "CURIOSITY", "PURPOSE_REQUIRED"),
    ],
)
async def test_refused_before_any_data_is_read(
    client: httpx.AsyncClient, settings: Settings, auth: str | None, purpose: str | None,
    code: str,
) -> None:
    sent = headers(settings, Role.PUBLIC_PROTECTION_OFFICER, purpose)
    if auth != "valid":
        sent.pop("Authorization")
        if auth:
            sent["Authorization"] = auth
    response = await client.post("/graphql", json={"query": ME}, headers=sent)
    body = response.json()
    assert "data" not in body
    assert [e["extensions"]["code"] for e in body["errors"]] == [code]


@pytest.mark.parametrize(
    "query", ["{ __schema { types { name } } }", "{ nothingHere }", "{ me { userId secret } }"]
)
async def test_a_refused_caller_learns_nothing_of_the_schema(
    client: httpx.AsyncClient, query: str
) -> None:
    response = await client.post("/graphql", json={"query": query})
    body = response.json()
    assert "data" not in body
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]
    assert "nothingHere" not in response.text
    assert "secret" not in response.text


async def test_token_for_an_unknown_agency_is_refused(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    token = issue_dev_token(settings, "someone", "AG-NOWHERE", [Role.PUBLIC_PROTECTION_OFFICER])
    response = await client.post(
        "/graphql", json={"query": ME},
        headers={"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"},
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
