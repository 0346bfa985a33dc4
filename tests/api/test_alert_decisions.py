"""acknowledgeAlert and resolveAlert through HTTP: officers of an involved Responsible Authority
agency decide; partners are refused; a case the caller may not see is NOT_FOUND like a missing
alert; a decision is audited and a resolved alert is not raised again while its situation holds."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from app.access.tokens import issue_dev_token
from app.alerts.evaluator import evaluate
from app.alerts.rules import Limits
from app.core.enums import Role
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.demo import PERSONAS
from seed.load import load_demo
from tests.api.client import http_client, without_request_ids
from tests.graph import cypher

ESCALATED = "DEMO-OFF-13"  # RISK_ESCALATION holds on the demo
DECIDE = """mutation($id: ID!, $note: String) { %s(id: $id, note: $note) {
  id status note acknowledgedBy acknowledgedAt resolvedAt offender { id } } }"""



@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, datetime.now(UTC).date())
    await evaluate(graph, [ESCALATED], Limits())
    async with http_client(settings.model_copy(update={"run_worker": False})) as c:
        yield c


async def alert_id(graph: Graph) -> str:
    [row] = await cypher(graph, "MATCH (a:Alert {rule: 'RISK_ESCALATION'}) RETURN a.id AS id")
    return str(row["id"])


async def decide(
    client: httpx.AsyncClient, settings: Settings, officer_id: str, mutation: str,
    alert: str, note: str | None = None,
) -> dict[str, Any]:
    who = next(p for p in PERSONAS if p.officer_id == officer_id)
    token = issue_dev_token(settings, who.officer_id, who.agency_id, [Role(who.role)])
    response = await client.post("/graphql", json={
        "query": DECIDE % mutation, "variables": {"id": alert, "note": note}}, headers={
        "Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"})
    return dict(response.json())


def code(answer: dict[str, Any]) -> str:
    return str(answer["errors"][0]["extensions"]["code"])


async def test_an_officer_acknowledges_then_resolves_an_alert(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    alert = await alert_id(graph)
    om = "demo.probation.om"
    acknowledged = await decide(client, settings, om, "acknowledgeAlert", alert, "referring")
    made = acknowledged["data"]["acknowledgeAlert"]
    assert (made["status"], made["acknowledgedBy"], made["note"]) == (
        "ACKNOWLEDGED", om, "referring")
    assert made["acknowledgedAt"] is not None
    assert code(await decide(client, settings, om, "acknowledgeAlert", alert)) == "CONFLICT"

    resolved = (await decide(client, settings, om, "resolveAlert", alert, "level 2 agreed"))
    assert resolved["data"]["resolveAlert"]["status"] == "RESOLVED"
    assert resolved["data"]["resolveAlert"]["resolvedAt"] is not None
    assert code(await decide(client, settings, om, "resolveAlert", alert)) == "CONFLICT"

    rows = await cypher(graph, """
        MATCH (e:AuditEvent) WHERE e.operation STARTS WITH 'mutation'
        RETURN e.operation AS operation, e.action AS action, e.subjectIds AS subjects,
               e.outcome AS outcome ORDER BY e.at, e.id""")
    assert [(r["operation"], r["action"]) for r in rows if r["outcome"] == "OK"] == [
        ("mutation acknowledgeAlert", "ALTERATION"), ("mutation resolveAlert", "ALTERATION")]
    assert all(alert in r["subjects"] and ESCALATED in r["subjects"]
               for r in rows if r["outcome"] == "OK")

    # Resolved by hand while the risk still stands: evaluation does not raise it again.
    await evaluate(graph, [ESCALATED], Limits())
    assert [r["status"] for r in await cypher(
        graph, "MATCH (a:Alert {rule: 'RISK_ESCALATION'}) RETURN a.status AS status")] == [
        "RESOLVED"]


@pytest.mark.parametrize(("officer_id", "expected"), [
    ("demo.police.analyst", "FORBIDDEN"),  # sees the case, but decides nothing on it
    ("demo.housing.partner", "NOT_FOUND"),  # housing is not involved in DEMO-OFF-13
    ("demo.auditor", "NOT_FOUND"),
])
async def test_who_may_not_decide(
    client: httpx.AsyncClient, settings: Settings, graph: Graph, officer_id: str, expected: str,
) -> None:
    alert = await alert_id(graph)
    answer = await decide(client, settings, officer_id, "acknowledgeAlert", alert)
    assert code(answer) == expected
    [row] = await cypher(graph, "MATCH (a:Alert {id: $id}) RETURN a.status AS status", id=alert)
    assert row["status"] == "OPEN", "a refused decision changes nothing"


async def test_a_hidden_alert_is_answered_like_a_missing_one(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    hidden = await decide(client, settings, "demo.housing.partner", "resolveAlert",
                          await alert_id(graph))
    missing = await decide(client, settings, "demo.housing.partner", "resolveAlert", "ALR-none")
    assert hidden["data"] == missing["data"]
    assert without_request_ids(hidden["errors"]) == without_request_ids(missing["errors"])


async def test_a_note_too_long_is_refused_naming_it(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    answer = await decide(client, settings, "demo.probation.om", "acknowledgeAlert",
                          await alert_id(graph), "x" * 2_001)
    assert code(answer) == "VALIDATION"
    assert answer["errors"][0]["extensions"]["field"] == "note"


async def test_a_note_reaches_only_those_holding_every_class_of_the_alert(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    """A PPO's note naming a victim's street must not reach housing, which lacks VICTIM_LOCATION
    (it reads that there is a proximity risk and that a note was withheld)."""
    await evaluate(graph, ["DEMO-OFF-01"], Limits())
    [row] = await cypher(graph, """
        MATCH (a:Alert {rule: 'PROXIMITY_TO_VICTIM'})-[:CONCERNS]->(:Offender {id: 'DEMO-OFF-01'})
        RETURN a.id AS id""")
    note = "Victim still at 8 Clarendon Street: police visited"
    assert "errors" not in await decide(client, settings, "demo.police.ppo", "acknowledgeAlert",
                                        row["id"], note)
    query = """{ alerts(filter: {rule: PROXIMITY_TO_VICTIM, offenderId: "DEMO-OFF-01"}) {
      edges { node { id note redactions { field fieldClass } } } } }"""
    seen = {}
    for officer_id in ("demo.police.ppo", "demo.housing.partner"):
        who = next(p for p in PERSONAS if p.officer_id == officer_id)
        token = issue_dev_token(settings, who.officer_id, who.agency_id, [Role(who.role)])
        response = await client.post("/graphql", json={"query": query}, headers={
            "Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"})
        [edge] = response.json()["data"]["alerts"]["edges"]
        seen[officer_id] = edge["node"]
    assert seen["demo.police.ppo"]["note"] == note
    housing = seen["demo.housing.partner"]
    assert housing["note"] is None
    assert {"field": "note", "fieldClass": "VICTIM_LOCATION"} in housing["redactions"]
