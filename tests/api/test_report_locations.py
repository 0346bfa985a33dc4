"""reportLocations through HTTP with the alert worker running: every fix is checked as it arrives
(an entry between two reports raises its alert), only the newest fix is kept, the worker then
settles the alert on where the offender is now; refusals and bad input change nothing. Where a
fix placed him (the zone he entered, the barred premises he was near, how near) is told only
under EM_LOCATION."""

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from app.access.tokens import issue_dev_token
from app.core.enums import Role
from app.core.geometry import destination
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.demo import PERSONAS
from seed.load import load_demo
from tests.api.client import extensions, http_client
from tests.graph import cypher

REPORT = """mutation($fixes: [LocationFixInput!]!) { reportLocations(fixes: $fixes) {
  accepted raised { rule offender { id } counterpart { ... on Zone { id } } } } }"""
ALERTS = """query($filter: AlertFilter) { alerts(filter: $filter, first: 20) { edges { node {
  id status summary distanceMetres note
  counterpart { __typename ... on Zone { id } ... on Premises { id } }
  redactions { field fieldClass } } } } }"""
INVOLVE = """mutation($input: InvolveAgencyInput!) { involveAgency(input: $input) { basis } }"""
ACKNOWLEDGE = """mutation($id: ID!, $note: String) { acknowledgeAlert(id: $id, note: $note) {
  status } }"""
MOVE = """mutation($input: RecordAddressInput!) { recordAddress(input: $input) { addressId } }"""
NOW = datetime.now(UTC)
EM, OM, COORDINATOR = "demo.em.system", "demo.probation.om", "demo.probation.coordinator"


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, NOW.date())
    async with http_client(settings.model_copy(update={"worker_poll_s": 0.1})) as c:
        yield c


async def send(
    client: httpx.AsyncClient, settings: Settings, officer_id: str, query: str,
    **variables: Any,
) -> dict[str, Any]:
    who = next(p for p in PERSONAS if p.officer_id == officer_id)
    token = issue_dev_token(settings, who.officer_id, who.agency_id, [Role(who.role)])
    response = await client.post("/graphql", json={"query": query, "variables": variables},
                                 headers={"Authorization": f"Bearer {token}",
                                          "X-Purpose-Of-Use": "PARTNER_INTEGRATION"})
    return dict(response.json())


async def report(
    client: httpx.AsyncClient, settings: Settings, fixes: list[dict[str, Any]],
    officer_id: str = EM,
) -> dict[str, Any]:
    return await send(client, settings, officer_id, REPORT, fixes=fixes)


async def done(
    client: httpx.AsyncClient, settings: Settings, officer_id: str, query: str,
    **variables: Any,
) -> dict[str, Any]:
    """The data of an operation that must succeed."""
    answer = await send(client, settings, officer_id, query, **variables)
    assert "errors" not in answer, answer
    return dict(answer["data"])


async def alerts_seen(
    client: httpx.AsyncClient, settings: Settings, officer_id: str, rule: str,
    offender_id: str, status: str | None = "OPEN",
) -> list[dict[str, Any]]:
    data = await done(client, settings, officer_id, ALERTS, filter={
        "rule": rule, "offenderId": offender_id, "status": status})
    return [edge["node"] for edge in data["alerts"]["edges"]]


async def settled(
    client: httpx.AsyncClient, settings: Settings, officer_id: str, rule: str,
    offender_id: str, until: Callable[[list[dict[str, Any]]], bool],
) -> list[dict[str, Any]]:
    """The open alerts the persona sees once the worker has brought them to `until`."""
    for _ in range(100):
        seen = await alerts_seen(client, settings, officer_id, rule, offender_id)
        if until(seen):
            return seen
        await asyncio.sleep(0.1)
    raise AssertionError(f"{officer_id} sees {seen}")


def withheld(alert: dict[str, Any]) -> dict[str, str]:
    return {r["field"]: r["fieldClass"] for r in alert["redactions"]}


async def evaluated(graph: Graph) -> None:
    """Wait until the worker has evaluated every write so far."""
    for _ in range(100):
        if not await cypher(graph, "MATCH (q:EvaluationRequest {pending: true}) RETURN q"):
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the worker did not evaluate the writes")


async def involve_em(
    client: httpx.AsyncClient, settings: Settings, graph: Graph, offender_id: str
) -> None:
    await done(client, settings, OM, INVOLVE, input={
        "offenderId": offender_id, "agencyId": "AG-DEMO-EM", "basis": "LICENCE_CONDITION"})
    await evaluated(graph)


async def near_premises(graph: Graph, premises_id: str, metres: float) -> tuple[float, float]:
    """(lat, lon) `metres` north of the premises."""
    [row] = await cypher(graph, "MATCH (p:Premises {id: $id}) RETURN p.location AS at",
                         id=premises_id)
    lon, lat = destination(row["at"].latitude, row["at"].longitude, 0, metres)
    return lat, lon


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
    assert extensions(answer["errors"][0]) == {"code": "VALIDATION", "field": field}
    assert await last_fix(graph, "DEMO-OFF-04") == before


async def test_a_fix_near_barred_premises_tells_where_only_those_with_em_location(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await involve_em(client, settings, graph, "DEMO-OFF-08")  # barred from playgrounds
    near = await near_premises(graph, "DEMO-PRM-03", 100)
    answer = await report(client, settings, [fix("DEMO-OFF-08", near, 1)])
    assert [a["rule"] for a in answer["data"]["reportLocations"]["raised"]] == [
        "NEAR_RESTRICTED_PREMISES"]
    await evaluated(graph)
    for who in (EM, "demo.police.ppo", OM):  # they hold EM_LOCATION
        [alert] = await alerts_seen(client, settings, who, "NEAR_RESTRICTED_PREMISES",
                                    "DEMO-OFF-08")
        assert alert["counterpart"] == {"__typename": "Premises", "id": "DEMO-PRM-03"}, who
        assert alert["distanceMetres"] == pytest.approx(100, abs=1), who
        assert alert["summary"].startswith("Was located near premises"), who
        assert withheld(alert) == {}, who
    await done(client, settings, OM, ACKNOWLEDGE, id=alert["id"],
               note="His tag put him at the playground gates at 16:05")
    # The coordinator holds CONDITIONS and OFFENDER_ADDRESS, not EM_LOCATION: that the tag
    # placed him by the playground, and how near, is not hers to read, in the note neither.
    [told] = await alerts_seen(client, settings, COORDINATOR, "NEAR_RESTRICTED_PREMISES",
                               "DEMO-OFF-08", status=None)
    assert (told["counterpart"], told["distanceMetres"], told["note"]) == (None, None, None)
    assert "located" not in told["summary"].lower()
    assert withheld(told) == {"summary": "EM_LOCATION", "counterpart": "EM_LOCATION",
                              "distanceMetres": "EM_LOCATION", "note": "EM_LOCATION"}


async def test_premises_near_his_home_are_told_as_before_and_a_fix_there_once_he_moves_is_not(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await involve_em(client, settings, graph, "DEMO-OFF-07")  # lives 250 m from a barred school
    [home] = await settled(client, settings, COORDINATOR, "NEAR_RESTRICTED_PREMISES",
                           "DEMO-OFF-07", until=lambda seen: len(seen) == 1)
    assert home["counterpart"] == {"__typename": "Premises", "id": "DEMO-PRM-01"}
    assert home["distanceMetres"] == pytest.approx(250, abs=1)
    assert home["summary"].startswith("Lives near premises")
    assert withheld(home) == {}
    # His tag puts him by the school; then he moves 5 km away: the alert that stands is the fix's.
    await report(client, settings, [fix("DEMO-OFF-07", await near_premises(
        graph, "DEMO-PRM-01", 50), 1)])
    [row] = await cypher(graph, "MATCH (p:Premises {id: 'DEMO-PRM-01'}) RETURN p.location AS at")
    lon, lat = destination(row["at"].latitude, row["at"].longitude, 90, 5_000)
    await done(client, settings, OM, MOVE, input={
        "personId": "DEMO-OFF-07", "from": NOW.date().isoformat(),
        "address": {"line1": "4 Far Lane", "town": "Droylsden", "postcode": "M43 6AA",
                    "latitude": lat, "longitude": lon}})
    [moved] = await settled(client, settings, COORDINATOR, "NEAR_RESTRICTED_PREMISES",
                            "DEMO-OFF-07", until=lambda seen: [a["id"] for a in seen] != [
                                home["id"]])
    assert (moved["counterpart"], moved["distanceMetres"]) == (None, None)
    assert withheld(moved)["counterpart"] == "EM_LOCATION"
    [em] = await alerts_seen(client, settings, EM, "NEAR_RESTRICTED_PREMISES", "DEMO-OFF-07")
    assert (em["id"], em["counterpart"]["id"]) == (moved["id"], "DEMO-PRM-01")
    assert em["distanceMetres"] == pytest.approx(50, abs=1)


async def test_the_zone_a_fix_entered_is_told_only_under_em_location(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    inside, _ = await zone_points(graph, "DEMO-ZON-04A")
    await report(client, settings, [fix("DEMO-OFF-04", inside, 1)])
    await evaluated(graph)
    [em] = await alerts_seen(client, settings, EM, "EXCLUSION_ZONE_ENTRY", "DEMO-OFF-04")
    assert em["counterpart"] == {"__typename": "Zone", "id": "DEMO-ZON-04A"}
    assert withheld(em) == {}
    # The coordinator sees his zones among his conditions, but not which one his tag was in.
    [told] = await alerts_seen(client, settings, COORDINATOR, "EXCLUSION_ZONE_ENTRY",
                               "DEMO-OFF-04")
    assert told["counterpart"] is None
    assert told["summary"].startswith("Location risk on this case")
    assert withheld(told) == {"summary": "EM_LOCATION", "counterpart": "EM_LOCATION"}
