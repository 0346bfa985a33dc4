"""The contract as a partner's tooling reads it over HTTP: the introspected schema is
schema.graphql, everything in it is described, the date scalars name their specification, and
every connection's pageInfo says where its page stands (Relay cursor connections)."""

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
from graphql import (
    build_client_schema,
    get_introspection_query,
    lexicographic_sort_schema,
    print_schema,
)
from graphql import build_schema as parse_schema

from app.access.tokens import issue_dev_token
from app.api.contract import SCHEMA_FILE
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.demo import PERSONAS
from seed.load import load_demo
from tests.api.client import http_client
from tests.graph import cypher

PAGE_INFO = "pageInfo { hasPreviousPage hasNextPage startCursor endCursor }"


def headers(settings: Settings, officer_id: str) -> dict[str, str]:
    persona = next(p for p in PERSONAS if p.officer_id == officer_id)
    token = issue_dev_token(settings, persona.officer_id, persona.agency_id, [persona.role])
    return {"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"}


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, date.today())
    async with http_client(settings) as c:
        yield c


async def gql(client: httpx.AsyncClient, settings: Settings, officer_id: str, query: str,
              **variables: Any) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables},
                                 headers=headers(settings, officer_id))
    body = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def introspection(client: httpx.AsyncClient, settings: Settings) -> dict[str, Any]:
    return await gql(client, settings, "demo.police.analyst",
                     get_introspection_query(descriptions=True, specified_by_url=True))


def undescribed(schema: dict[str, Any]) -> list[str]:
    """Every type, field, argument, input field and enum value without a description."""
    missing = []
    for kind in schema["__schema"]["types"]:
        name = kind["name"]
        if name.startswith("__"):
            continue
        missing += [name] if not kind["description"] else []
        for field in kind["fields"] or []:
            missing += [f"{name}.{field['name']}"] if not field["description"] else []
            missing += [f"{name}.{field['name']}({arg['name']}:)" for arg in field["args"]
                        if not arg["description"]]
        missing += [f"{name}.{field['name']}" for field in kind["inputFields"] or []
                    if not field["description"]]
        missing += [f"{name}.{value['name']}" for value in kind["enumValues"] or []
                    if not value["description"]]
    return missing


async def test_every_type_field_argument_input_field_and_enum_value_is_described(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    assert undescribed(await introspection(client, settings)) == []


async def test_date_and_datetime_name_the_specification_they_follow(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    types = {t["name"]: t for t in (await introspection(client, settings))["__schema"]["types"]}
    rfc_3339 = "https://www.rfc-editor.org/rfc/rfc3339#section-5.6"
    assert types["Date"]["specifiedByURL"] == rfc_3339
    assert types["DateTime"]["specifiedByURL"] == rfc_3339


async def test_the_schema_introspected_is_schema_graphql(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    served = build_client_schema(await introspection(client, settings))  # type: ignore[arg-type]
    published = parse_schema(SCHEMA_FILE.read_text())
    assert print_schema(lexicographic_sort_schema(served)) == \
        print_schema(lexicographic_sort_schema(published))


async def test_the_caseload_pages_say_where_they_start_and_whether_items_come_before(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    query = ("query($after: String) { offenders(first: 2, after: $after) { "
             f"edges {{ cursor node {{ id }} }} {PAGE_INFO} }} }}")
    first = (await gql(client, settings, "demo.police.ppo", query))["offenders"]
    assert first["pageInfo"] == {
        "hasPreviousPage": False, "hasNextPage": True,
        "startCursor": first["edges"][0]["cursor"], "endCursor": first["edges"][1]["cursor"]}

    after = first["pageInfo"]["endCursor"]
    second = (await gql(client, settings, "demo.police.ppo", query, after=after))["offenders"]
    assert second["pageInfo"]["hasPreviousPage"] is True
    assert second["pageInfo"]["startCursor"] == second["edges"][0]["cursor"]
    assert second["pageInfo"]["endCursor"] == second["edges"][-1]["cursor"]
    assert second["edges"][0]["node"]["id"] > first["edges"][1]["node"]["id"]


async def test_a_page_past_the_end_has_no_cursors_and_items_before_it(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    query = ("query($after: String) { offenders(first: 100, after: $after) { "
             f"edges {{ cursor }} {PAGE_INFO} }} }}")
    whole = (await gql(client, settings, "demo.police.ppo", query))["offenders"]
    assert whole["pageInfo"]["hasNextPage"] is False
    past = (await gql(client, settings, "demo.police.ppo", query,
                      after=whole["pageInfo"]["endCursor"]))["offenders"]
    assert past == {"edges": [], "pageInfo": {
        "hasPreviousPage": True, "hasNextPage": False, "startCursor": None, "endCursor": None}}


async def test_alerts_and_the_audit_trail_page_alike(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await cypher(graph, """
        MATCH (o:Offender {id: 'DEMO-OFF-01'})
        UNWIND range(1, 3) AS n
        CREATE (a:Alert {id: 'AL-' + n, sequence: n, rule: 'NON_COMPLIANCE', severity: 'HIGH',
                         status: 'OPEN', dedupeKey: 'N|' + n, raisedAt: datetime()})
        CREATE (a)-[:CONCERNS {role: 'OFFENDER'}]->(o)""")
    for _ in range(3):  # audit events enough for two pages
        await gql(client, settings, "demo.police.ppo", "{ me { userId } }")
    pages = {
        "alerts": ("demo.police.ppo", "query($after: String) { alerts(first: 2, after: $after) "
                   f"{{ edges {{ cursor }} {PAGE_INFO} }} }}"),
        "auditTrail": ("demo.auditor", "query($after: String) { auditTrail(first: 2, "
                       f"after: $after) {{ edges {{ cursor }} {PAGE_INFO} }} }}"),
    }
    for field, (officer_id, query) in pages.items():
        first = (await gql(client, settings, officer_id, query))[field]
        assert first["pageInfo"]["hasPreviousPage"] is False, field
        assert first["pageInfo"]["startCursor"] == first["edges"][0]["cursor"], field
        rest = (await gql(client, settings, officer_id, query,
                          after=first["pageInfo"]["endCursor"]))[field]
        assert rest["pageInfo"]["hasPreviousPage"] is True, field
        assert rest["pageInfo"]["startCursor"] == rest["edges"][0]["cursor"], field
