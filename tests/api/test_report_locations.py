"""reportLocations through HTTP with the alert worker running: every fix is checked as it arrives
(an entry between two reports raises its alert), only the newest fix is kept, the worker then
settles the alert on where the offender is now; refusals and bad input change nothing."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from app.auth.tokens import issue_dev_token
from app.domain.enums import Role
from app.domain.geometry import destination
from app.graph.driver import Graph
from app.settings import Settings
from seed.demo import PERSONAS
from seed.load import load_demo
from tests.api.client import http_client
from tests.graph import cypher

REPORT = """mutation($fixes: [LocationFixInput!]!) { reportLocations(fixes: $fixes) {
  accepted raised { rule offender { id } counterpart { ... on Zone { id } } } } }"""
NOW = datetime.now(UTC)



@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, NOW.date())
    async with http_client(settings.model_copy(update={"worker_poll_s": 0.1})) as c:
        yield c


async def report(
    client: httpx.AsyncClient, settings: Settings, fixes: list[dict[str, Any]],
    officer_id: str = "demo.em.system",
) -> dict[str, Any]:
    who = next(p for p in PERSONAS if p.officer_id == officer_id)
    token = issue_dev_token(settings, who.officer_id, who.agency_id, [Role(who.role)])
    response = await client.post("/graphql", json={"query": REPORT, "variables": {
        "fixes": fixes}}, headers={"Authorization": f"Bearer {token}",
                                   "X-Purpose-Of-Use": "PARTNER_INTEGRATION"})
    return dict(response.json())


async def zone_points(graph: Graph, zone_id: str) -> tuple[tuple[float, float], ...]:
    """(lat, lon) just inside and well outside a circle zone."""
    [row] = await cypher(graph, "MATCH (z:Zone {id: $id}) RETURN z.centre AS c, "
                                "z.radiusMetres AS r", id=zone_id)
    centre, radius = row["c"], row["r"]
    inside = destination(centre.latitude, centre.longitude, 0, radius / 2)
    outside = destination(centre.latitude, centre.longitude, 0, radius * 3)
    return (inside[1], inside[0]), (outside[1], outside[0])


def fix(offender_id: str, where: tuple[float, float], minutes_ago: int) -> dict[str, Any]:
    return {"offenderId": offender_id, "latitude": where[0], "longitude": where[1],
            "at": (NOW - timedelta(minutes=minutes_ago)).isoformat()}


async def entry_alerts(graph: Graph) -> list[dict[str, Any]]:
    return await cypher(graph, """
        MATCH (a:Alert {rule: 'EXCLUSION_ZONE_ENTRY'})-[:CONCERNS {role: 'OFFENDER'}]->(o)
        RETURN o.id AS offender, a.status AS status ORDER BY a.sequence""")


async def last_fix(graph: Graph, offender_id: str) -> dict[str, Any]:
    [row] = await cypher(graph, "MATCH (o:Offender {id: $id}) RETURN o.lastFixLocation AS at, "
                                "o.lastFixAt AS time", id=offender_id)
    return row


async def test_an_entry_between_two_reports_raises_its_alert_which_then_resolves(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    inside, outside = await zone_points(graph, "DEMO-ZON-04A")
    answer = await report(client, settings, [fix("DEMO-OFF-04", outside, 3),
                                             fix("DEMO-OFF-04", inside, 2),
                                             fix("DEMO-OFF-04", outside, 1)])
    assert "errors" not in answer, answer
    made = answer["data"]["reportLocations"]
    assert made["accepted"] == 3
    assert made["raised"] == [{"rule": "EXCLUSION_ZONE_ENTRY", "offender": {"id": "DEMO-OFF-04"},
                               "counterpart": {"id": "DEMO-ZON-04A"}}]
    stored = await last_fix(graph, "DEMO-OFF-04")
    assert (stored["at"].latitude, stored["at"].longitude) == pytest.approx(outside)
    for _ in range(100):  # the worker settles it on where he is now: outside
        if [a["status"] for a in await entry_alerts(graph)] == ["RESOLVED"]:
            break
        await asyncio.sleep(0.1)
    assert await entry_alerts(graph) == [{"offender": "DEMO-OFF-04", "status": "RESOLVED"}]


async def test_a_late_older_fix_is_checked_but_not_kept(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    inside, outside = await zone_points(graph, "DEMO-ZON-04A")
    await report(client, settings, [fix("DEMO-OFF-04", outside, 1)])
    answer = await report(client, settings, [fix("DEMO-OFF-04", inside, 30)])
    assert len(answer["data"]["reportLocations"]["raised"]) == 1
    stored = await last_fix(graph, "DEMO-OFF-04")
    assert (stored["at"].latitude, stored["at"].longitude) == pytest.approx(outside)


async def test_a_batch_with_one_case_the_system_may_not_report_changes_nothing(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    inside, _ = await zone_points(graph, "DEMO-ZON-04A")
    before = await last_fix(graph, "DEMO-OFF-04")
    answer = await report(client, settings, [fix("DEMO-OFF-04", inside, 1),
                                             fix("DEMO-OFF-01", inside, 1)])
    error = answer["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["message"].startswith("fixes[1].offenderId")
    assert await last_fix(graph, "DEMO-OFF-04") == before
    assert await entry_alerts(graph) == []
    refused = await report(client, settings, [fix("DEMO-OFF-04", inside, 1)],
                           officer_id="demo.probation.om")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize(("fixes", "field"), [
    ([{"offenderId": "DEMO-OFF-04", "latitude": 91.0, "longitude": -2.2,
       "at": NOW.isoformat()}], "fixes.0.latitude"),
    ([{"offenderId": "DEMO-OFF-04", "latitude": 53.4, "longitude": -2.2,
       "at": (NOW + timedelta(hours=2)).isoformat()}], "fixes.0.at"),
    ([], "fixes"),
    ([{"offenderId": "DEMO-OFF-04", "latitude": 53.4, "longitude": -2.2,
       "at": NOW.isoformat()}] * 1_001, "fixes"),
], ids=["latitude", "future", "empty", "oversize"])
async def test_bad_fixes_are_refused_naming_the_field(
    client: httpx.AsyncClient, settings: Settings, graph: Graph,
    fixes: list[dict[str, Any]], field: str,
) -> None:
    before = await last_fix(graph, "DEMO-OFF-04")
    answer = await report(client, settings, fixes)
    assert answer["errors"][0]["extensions"] == {"code": "VALIDATION", "field": field}
    assert await last_fix(graph, "DEMO-OFF-04") == before
