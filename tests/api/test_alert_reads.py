"""Alerts through HTTP on the demo scenario: each persona lists the alerts on the cases it may see,
each alert told through its classes (a housing officer learns there is a proximity risk, not who
or where the victim is), newest first, filtered and paged; hidden cases' alerts are neither shown
nor counted. (Alerts are written directly here; the evaluator that raises them comes next.)"""

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
from neo4j import AsyncManagedTransaction

from app.access.tokens import issue_dev_token
from app.platform.neo4j.driver import Graph, queries_run
from app.settings import Settings
from seed.demo import PERSONAS, Persona
from seed.load import load_demo
from tests.api.client import extensions, http_client

ALERTS = """query Alerts($filter: AlertFilter, $first: Int, $after: String) {
  alerts(filter: $filter, first: $first, after: $after) {
    edges { cursor node {
      id sequence rule severity status raisedAt resolvedAt summary distanceMetres note
      offender { id name }
      counterpart {
        __typename
        ... on PersonSummary { id name dateOfBirth }
        ... on Zone { id kind shape }
        ... on Premises { id premisesName: name premisesKind: kind }
      }
      redactions { field fieldClass reason }
    } }
    pageInfo { hasNextPage endCursor }
  }
}"""
CASELOAD = "{ offenders(first: 100) { edges { node { id } } } }"
ON_OFFENDER = """query($id: ID!) { offender(id: $id) {
  alerts(first: 10) { edges { node { id rule } } pageInfo { hasNextPage } }
} }"""

# Three alerts with counterparts of each kind, and one on a case housing does not share.
ALERTS_WRITTEN = """
MATCH (o1:Offender {id: 'DEMO-OFF-01'})-[:OFFENDED_AGAINST]->(victim:Victim)
MATCH (o2:Offender {id: 'DEMO-OFF-02'}), (o7:Offender {id: 'DEMO-OFF-07'})
MATCH (o3:Offender {id: 'DEMO-OFF-03'})-[:SUBJECT_TO]->(:LicenceCondition)-[:DEFINES_ZONE]->(zone)
WITH o1, victim, o2, o7, o3, zone ORDER BY zone.id LIMIT 1
CREATE (a1:Alert {id: 'AL-1', sequence: 1, rule: 'PROXIMITY_TO_VICTIM', severity: 'HIGH',
                  status: 'OPEN', dedupeKey: 'P|01|V', raisedAt: datetime(),
                  distanceMetres: 850.5}),
       (a1)-[:CONCERNS {role: 'OFFENDER'}]->(o1), (a1)-[:CONCERNS {role: 'COUNTERPART'}]->(victim)
CREATE (a2:Alert {id: 'AL-2', sequence: 2, rule: 'OFFENDER_ASSOCIATION', severity: 'MEDIUM',
                  status: 'ACKNOWLEDGED', dedupeKey: 'A|02|07', raisedAt: datetime(),
                  acknowledgedBy: 'demo.police.ppo', note: 'known to the unit'}),
       (a2)-[:CONCERNS {role: 'OFFENDER'}]->(o2), (a2)-[:CONCERNS {role: 'COUNTERPART'}]->(o7)
CREATE (a3:Alert {id: 'AL-3', sequence: 3, rule: 'RESIDENCE_IN_EXCLUSION_ZONE',
                  severity: 'CRITICAL', status: 'OPEN', dedupeKey: 'R|03|Z', raisedAt: datetime()}),
       (a3)-[:CONCERNS {role: 'OFFENDER'}]->(o3), (a3)-[:CONCERNS {role: 'COUNTERPART'}]->(zone)
"""


def persona(officer_id: str) -> Persona:
    return next(p for p in PERSONAS if p.officer_id == officer_id)


async def write(graph: Graph, cypher: str, **params: Any) -> None:
    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run(cypher, params)

    await graph.write(work)


async def more_alerts(graph: Graph, offender_id: str, sequences: range) -> None:
    await write(graph, """
        MATCH (o:Offender {id: $offenderId})
        UNWIND $sequences AS n
        CREATE (a:Alert {id: 'AL-' + n, sequence: n, rule: 'NON_COMPLIANCE', severity: 'HIGH',
                         status: CASE WHEN n % 2 = 0 THEN 'RESOLVED' ELSE 'OPEN' END,
                         dedupeKey: 'N|' + n, raisedAt: datetime()})
        CREATE (a)-[:CONCERNS {role: 'OFFENDER'}]->(o)""",
        offenderId=offender_id, sequences=list(sequences))


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, date.today())
    await write(graph, ALERTS_WRITTEN)
    async with http_client(settings) as c:
        yield c


async def gql(
    client: httpx.AsyncClient, settings: Settings, officer_id: str, query: str, **variables: Any
) -> dict[str, Any]:
    who = persona(officer_id)
    token = issue_dev_token(settings, who.officer_id, who.agency_id, [who.role])
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"})
    return dict(response.json())


async def alerts(
    client: httpx.AsyncClient, settings: Settings, officer_id: str, **variables: Any
) -> dict[str, Any]:
    body = await gql(client, settings, officer_id, ALERTS, **variables)
    assert "errors" not in body, body
    found: dict[str, Any] = body["data"]["alerts"]
    return found


def by_id(found: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["node"]["id"]: e["node"] for e in found["edges"]}


def withheld(alert: dict[str, Any]) -> dict[str, str]:
    return {r["field"]: r["fieldClass"] for r in alert["redactions"]}


@pytest.mark.parametrize("who", PERSONAS, ids=lambda p: p.officer_id)
async def test_each_persona_lists_the_alerts_of_the_cases_it_may_see(
    client: httpx.AsyncClient, settings: Settings, who: Persona
) -> None:
    caseload = await gql(client, settings, who.officer_id, CASELOAD)
    visible = {e["node"]["id"] for e in caseload["data"]["offenders"]["edges"]}
    listed = {a["offender"]["id"] for a in by_id(
        await alerts(client, settings, who.officer_id)).values()}
    assert listed == visible & {"DEMO-OFF-01", "DEMO-OFF-02", "DEMO-OFF-03"}


async def test_housing_learns_of_a_proximity_risk_but_not_who_or_where(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    found = by_id(await alerts(client, settings, "demo.housing.partner"))
    assert list(found) == ["AL-1"]
    alert = found["AL-1"]
    assert (alert["rule"], alert["severity"], alert["status"]) == (
        "PROXIMITY_TO_VICTIM", "HIGH", "OPEN")
    assert alert["offender"] == {"id": "DEMO-OFF-01", "name": "Darren Holt"}
    assert alert["summary"] == "Proximity risk on this case: contact the MAPPA coordinator"
    assert alert["counterpart"] is None
    assert alert["distanceMetres"] is None
    assert withheld(alert) == {"summary": "VICTIM_LOCATION", "counterpart": "VICTIM_IDENTITY",
                               "distanceMetres": "VICTIM_LOCATION"}


async def test_the_victim_liaison_officer_sees_the_victim_and_the_distance(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    alert = by_id(await alerts(client, settings, "demo.probation.vlo"))["AL-1"]
    assert alert["counterpart"]["__typename"] == "PersonSummary"
    assert alert["counterpart"]["name"] == "Kelly Marsh"
    assert alert["distanceMetres"] == pytest.approx(850.5)
    assert alert["summary"].startswith("Lives within reach of a protected address")
    assert alert["redactions"] == []


async def test_the_analyst_sees_the_victim_but_not_how_near(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    found = by_id(await alerts(client, settings, "demo.police.analyst"))
    alert = found["AL-1"]
    assert alert["counterpart"]["name"] == "Kelly Marsh"
    assert alert["distanceMetres"] is None
    assert withheld(alert) == {"summary": "VICTIM_LOCATION", "distanceMetres": "VICTIM_LOCATION"}
    association = found["AL-2"]
    assert (association["counterpart"]["id"], association["counterpart"]["name"]) == (
        "DEMO-OFF-07", "Graham Pennington")
    assert association["note"] == "known to the unit"
    # Police are not involved in DEMO-OFF-03: its alert is not theirs to see.
    assert "AL-3" not in found


async def test_probation_sees_the_zone_but_children_services_do_not(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    probation = by_id(await alerts(client, settings, "demo.probation.om"))
    assert probation["AL-3"]["counterpart"]["__typename"] == "Zone"
    health = by_id(await alerts(client, settings, "demo.health.partner"))
    assert list(health) == ["AL-3"]
    assert health["AL-3"]["counterpart"] is None
    assert withheld(health["AL-3"]) == {"summary": "CONDITIONS", "counterpart": "CONDITIONS"}


async def test_filters_and_pages_newest_first(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await more_alerts(graph, "DEMO-OFF-01", range(10, 15))
    ppo = "demo.police.ppo"
    first = await alerts(client, settings, ppo, first=3)
    assert [e["node"]["sequence"] for e in first["edges"]] == [14, 13, 12]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = await alerts(client, settings, ppo, first=100, after=first["pageInfo"]["endCursor"])
    assert [e["node"]["sequence"] for e in rest["edges"]] == [11, 10, 2, 1]
    assert rest["pageInfo"] == {"hasNextPage": False, "endCursor": rest["edges"][-1]["cursor"]}

    def sequences(found: dict[str, Any]) -> list[int]:
        return [e["node"]["sequence"] for e in found["edges"]]

    assert sequences(await alerts(client, settings, ppo, filter={"status": "RESOLVED"})) == [
        14, 12, 10]
    assert sequences(await alerts(client, settings, ppo, filter={"rule": "NON_COMPLIANCE",
                                                                  "status": "OPEN"})) == [13, 11]
    assert sequences(await alerts(client, settings, ppo, filter={"severity": "MEDIUM"})) == [2]
    assert sequences(await alerts(client, settings, ppo,
                                  filter={"offenderId": "DEMO-OFF-02"})) == [2]


async def test_a_hidden_case_gives_no_alerts_even_by_offender_id(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await more_alerts(graph, "DEMO-OFF-02", range(20, 25))
    hidden = await alerts(client, settings, "demo.housing.partner",
                          filter={"offenderId": "DEMO-OFF-02"}, first=1)
    assert hidden == {"edges": [], "pageInfo": {"hasNextPage": False, "endCursor": None}}
    # Housing's one case: its one alert, and no next page however many others exist.
    own = await alerts(client, settings, "demo.housing.partner", first=1)
    assert own["pageInfo"]["hasNextPage"] is False


@pytest.mark.parametrize(("variables", "field"), [
    ({"first": 101}, "first"), ({"first": 0}, "first"), ({"after": "bm9wZQ=="}, "after"),
    ({"filter": {"offenderId": "X" * 101}}, "filter.offenderId"),  # found by tests/fuzz
])
async def test_bad_paging_or_filter_is_a_validation_error(
    client: httpx.AsyncClient, settings: Settings, variables: dict[str, Any], field: str
) -> None:
    body = await gql(client, settings, "demo.police.ppo", ALERTS, **variables)
    assert extensions(body["errors"][0]) == {"code": "VALIDATION", "field": field}


async def test_an_offender_lists_its_own_alerts(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    body = await gql(client, settings, "demo.police.ppo", ON_OFFENDER, id="DEMO-OFF-02")
    assert body["data"]["offender"]["alerts"] == {
        "edges": [{"node": {"id": "AL-2", "rule": "OFFENDER_ASSOCIATION"}}],
        "pageInfo": {"hasNextPage": False}}


async def test_one_round_trip_and_an_audit_event_naming_what_was_shown(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    log: list[str] = []
    token = queries_run.set(log)
    try:
        await alerts(client, settings, "demo.probation.vlo")
    finally:
        queries_run.reset(token)
    assert [q for q in log if not q.startswith(("principal/", "audit/"))] == ["alert/list_alerts"]

    trail = await gql(client, settings, "demo.auditor", """{
      auditTrail(filter: {userId: "demo.probation.vlo"}, first: 10) {
        edges { node { operation subjectIds fieldClasses } } } }""")
    [event] = [e["node"] for e in trail["data"]["auditTrail"]["edges"]]
    assert event["operation"] == "query alerts"
    assert "DEMO-OFF-01" in event["subjectIds"]
    assert "VICTIM_LOCATION" in event["fieldClasses"]
