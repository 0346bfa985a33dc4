"""GraphQL over HTTP as its specification says: a request error (raised before execution) has no
`data`; a client accepting application/graphql-response+json gets that media type and its status
codes (4xx for a request error, 200 once the operation ran); application/json stays 200."""

from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest

from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.demo import PERSONAS
from seed.load import load_demo
from tests.api.client import http_client
from tests.api.live import bearer

GRAPHQL_RESPONSE = "application/graphql-response+json"
# What graphql-http and other current clients send.
PREFERS_GRAPHQL_RESPONSE = f"{GRAPHQL_RESPONSE}, application/json;q=0.9"
PPO = next(p for p in PERSONAS if p.officer_id == "demo.police.ppo")


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, date.today())
    async with http_client(settings) as c:
        yield c


def signed_in(settings: Settings, accept: str | None = None) -> dict[str, str]:
    headers = {"Authorization": bearer(settings, PPO), "X-Purpose-Of-Use": "RISK_MANAGEMENT"}
    return headers | ({"Accept": accept} if accept else {})


REQUEST_ERRORS = {
    "a syntax error": ("{ me { userId ", True, 400, "VALIDATION"),
    "an unknown field": ("{ me { shoeSize } }", True, 400, "VALIDATION"),
    "a missing argument": ("{ offender { id } }", True, 400, "VALIDATION"),
    "too deep": ("{ me " + "{ agency " * 12 + "{ id }" + " }" * 13, True, 400,
                 "QUERY_TOO_COMPLEX"),
    "no token": ("{ me { userId } }", False, 401, "UNAUTHENTICATED"),
}


@pytest.mark.parametrize("case", REQUEST_ERRORS, ids=list(REQUEST_ERRORS))
async def test_a_request_error_has_no_data_and_under_graphql_response_json_a_4xx(
    client: httpx.AsyncClient, settings: Settings, case: str
) -> None:
    query, with_token, status, code = REQUEST_ERRORS[case]
    for accept, expected_status, media in [
        (None, 200, "application/json"),
        ("application/json", 200, "application/json"),
        (PREFERS_GRAPHQL_RESPONSE, status, GRAPHQL_RESPONSE),
    ]:
        headers = signed_in(settings, accept) if with_token else (
            {"Accept": accept} if accept else {})
        response = await client.post("/graphql", json={"query": query}, headers=headers)
        assert (response.status_code, response.headers["content-type"]) == (
            expected_status, media), accept
        body = response.json()
        assert "data" not in body, body
        assert body["errors"][0]["extensions"]["code"] == code


async def test_an_operation_that_ran_answers_200_with_its_data_in_either_media_type(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    for accept, media in [(PREFERS_GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
                          ("application/json", "application/json")]:
        response = await client.post("/graphql", json={"query": "{ me { userId } }"},
                                     headers=signed_in(settings, accept))
        assert (response.status_code, response.headers["content-type"]) == (200, media)
        assert response.json() == {"data": {"me": {"userId": PPO.officer_id}}}


async def test_a_field_error_is_not_a_request_error_it_answers_200_with_data(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    mutation = """mutation { setMappaLevel(input: {offenderId: "DEMO-NOBODY", level: LEVEL_2,
                  reason: "a level 2 referral was agreed"}) { level } }"""
    response = await client.post("/graphql", json={"query": mutation},
                                 headers=signed_in(settings, PREFERS_GRAPHQL_RESPONSE))
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"setMappaLevel": None}
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_json_is_preferred_when_the_client_weighs_it_higher(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    response = await client.post("/graphql", json={"query": "{ me { userId "}, headers={
        "Accept": f"application/json, {GRAPHQL_RESPONSE};q=0.5"})
    assert (response.status_code, response.headers["content-type"]) == (200, "application/json")
