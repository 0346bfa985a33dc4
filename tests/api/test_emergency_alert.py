"""An emergency grant raises an EMERGENCY_ACCESS alert on the case, through the worker, for the
involved agencies to review; it stands after the grant is revoked (the grant was used)."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from app.access.tokens import issue_dev_token
from app.core.enums import Role
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.demo import PERSONAS
from seed.load import load_demo
from tests.api.client import http_client

GRANT = """mutation { requestEmergencyAccess(input: {offenderId: "DEMO-OFF-06",
  justification: "Reported sighting near a school; urgent risk assessment."}) { id } }"""
LIST = """{ alerts(filter: {rule: EMERGENCY_ACCESS}) { edges { node {
  rule severity status summary offender { id } } } } }"""


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, datetime.now(UTC).date())
    async with http_client(settings.model_copy(update={"worker_poll_s": 0.1})) as c:
        yield c


async def ask(client: httpx.AsyncClient, settings: Settings, officer_id: str, query: str
              ) -> dict[str, Any]:
    who = next(p for p in PERSONAS if p.officer_id == officer_id)
    token = issue_dev_token(settings, who.officer_id, who.agency_id, [Role(who.role)])
    response = await client.post("/graphql", json={"query": query}, headers={
        "Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"})
    return dict(response.json())


async def listed(client: httpx.AsyncClient, settings: Settings, officer_id: str
                 ) -> list[dict[str, Any]]:
    answer = await ask(client, settings, officer_id, LIST)
    return [edge["node"] for edge in answer["data"]["alerts"]["edges"]]


async def test_an_emergency_grant_is_shown_to_the_case_for_review(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    lead = "demo.probation.om"  # probation leads DEMO-OFF-06; the police are not involved
    assert await listed(client, settings, lead) == []
    grant = await ask(client, settings, "demo.police.ppo", GRANT)
    assert "errors" not in grant, grant
    for _ in range(100):  # the worker raises it after the grant's write
        if await listed(client, settings, lead):
            break
        await asyncio.sleep(0.1)
    [alert] = await listed(client, settings, lead)
    assert (alert["rule"], alert["severity"], alert["status"], alert["offender"]["id"]) == (
        "EMERGENCY_ACCESS", "LOW", "OPEN", "DEMO-OFF-06")
    assert "review" in alert["summary"]

    grant_id = grant["data"]["requestEmergencyAccess"]["id"]
    revoke = f'mutation {{ revokeEmergencyAccess(id: "{grant_id}") {{ id }} }}'
    assert "errors" not in await ask(client, settings, lead, revoke)
    await asyncio.sleep(1.0)  # the worker evaluates the case again
    assert [a["status"] for a in await listed(client, settings, lead)] == ["OPEN"]
