"""The plan alerts through HTTP on the demo scenario (issue 22): an ACTION_OVERDUE alert goes to
the agency that owns the action and to the lead agency. The owner reads it in full, with the
action, even when it is not involved in the case and holds no RISK_PLAN (the owner exception),
but not the offender's name. The lead reads it through its own classes. A third agency involved
in the case never hears of it: not in the list, not from the alertRaised subscription, not by a
webhook, and not when it tries to acknowledge it. A REVIEW_OVERDUE alert goes to everyone who
sees the case. The plans and meetings are written straight into the graph (tests/graph.py), and
the evaluator raises the alerts."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from standardwebhooks import Webhook
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.access.alerts import CASE_NOT_SHARED
from app.access.tokens import issue_dev_token
from app.alerts.evaluator import evaluate
from app.alerts.rules import RULE, Limits
from app.audit.trail import AuditLog
from app.core.enums import AlertRule, Role
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from app.webhooks.delivery import DeliveryWorker
from seed.demo import PERSONAS, Persona
from seed.load import load_demo
from tests.api.client import http_client
from tests.api.live import demo_alert_server, init, persona, serving, subscribe
from tests.graph import add_action, add_meeting, clear_plans, cypher, set_action

R = AlertRule
CASE = "DEMO-OFF-12"  # level 2, led by probation; police, prison and children's services involved
HOUSING = persona("demo.housing.partner")  # owns the action; not involved in CASE; no RISK_PLAN
LEAD = persona("demo.probation.om")
THIRD = persona("demo.police.ppo")  # involved in CASE, holds RISK_PLAN: neither owner nor lead
OVERDUE_SUMMARY = RULE[R.ACTION_OVERDUE].summary
DUE = datetime.now(UTC).date() - timedelta(days=3)
ACTION_TEXT = "Review the tenancy and report any new occupant to the lead agency"

FIELDS = """id sequence rule severity status summary note offender { id name }
  action { id text dueOn ownerAgency { id name kind } }
  redactions { field fieldClass reason }"""
ALERTS = f"""query($filter: AlertFilter) {{ alerts(filter: $filter, first: 100) {{
  edges {{ node {{ {FIELDS} }} }} }} }}"""
SUBSCRIPTION = f"subscription($after: Int) {{ alertRaised(after: $after) {{ {FIELDS} }} }}"
DECIDE = """mutation($id: ID!, $note: String) { %s(id: $id, note: $note) { id status note } }"""
REGISTER = """mutation($url: String!) { registerWebhook(input: {url: $url}) { id secret } }"""
OFFENDER = """query($id: ID!) { offender(id: $id) { id } }"""


async def overdue_action(graph: Graph, offender_id: str = CASE, action_id: str = "ACT-H1",
                         owner: str = HOUSING.agency_id) -> None:
    await add_action(graph, offender_id, action_id, owner, DUE, text=ACTION_TEXT)


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, datetime.now(UTC).date())
    await clear_plans(graph, CASE)  # the case's actions are this test's own
    await overdue_action(graph)
    await evaluate(graph, [CASE], Limits())
    async with http_client(settings.model_copy(update={"run_worker": False})) as c:
        yield c


async def ask(client: httpx.AsyncClient, settings: Settings, who: Persona, query: str,
              **variables: Any) -> dict[str, Any]:
    token = issue_dev_token(settings, who.officer_id, who.agency_id, [Role(who.role)])
    response = await client.post("/graphql", json={"query": query, "variables": variables},
                                 headers={"Authorization": f"Bearer {token}",
                                          "X-Purpose-Of-Use": "RISK_MANAGEMENT"})
    return dict(response.json())


async def listed(client: httpx.AsyncClient, settings: Settings, who: Persona,
                 rule: AlertRule | None = R.ACTION_OVERDUE) -> list[dict[str, Any]]:
    body = await ask(client, settings, who, ALERTS,
                     filter={"rule": rule.value} if rule else None)
    assert "errors" not in body, body
    return [edge["node"] for edge in body["data"]["alerts"]["edges"]]


def withheld(alert: dict[str, Any]) -> dict[str, str]:
    return {r["field"]: r["fieldClass"] for r in alert["redactions"]}


SHOWN_ACTION = {"id": "ACT-H1", "text": ACTION_TEXT, "dueOn": DUE.isoformat(), "ownerAgency": {
    "id": "AG-DEMO-HOUSING", "name": "Manchester City Council – Housing Options",
    "kind": "HOUSING"}}


async def test_the_owner_agency_reads_the_alert_in_full_with_its_action_but_not_the_case(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    [alert] = await listed(client, settings, HOUSING, rule=None)  # nothing else of the case
    assert (alert["rule"], alert["severity"], alert["status"]) == (
        "ACTION_OVERDUE", "MEDIUM", "OPEN")
    assert alert["summary"] == OVERDUE_SUMMARY.full
    assert alert["action"] == SHOWN_ACTION
    assert alert["offender"] == {"id": CASE, "name": None}
    assert alert["redactions"] == [
        {"field": "offender.name", "fieldClass": "IDENTITY", "reason": CASE_NOT_SHARED}]
    assert (await ask(client, settings, HOUSING, OFFENDER, id=CASE))["data"] == {
        "offender": None}, "owning an action opens nothing else of the case"


async def test_the_lead_agency_reads_it_through_its_classes(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    for who in (LEAD, persona("demo.probation.coordinator")):
        [alert] = await listed(client, settings, who)
        assert alert["summary"] == OVERDUE_SUMMARY.full, who.officer_id
        assert alert["action"] == SHOWN_ACTION, who.officer_id
        assert alert["offender"] == {"id": CASE, "name": "Mark Heywood"}, who.officer_id
        assert alert["redactions"] == [], who.officer_id


async def test_a_lead_officer_without_risk_plan_learns_only_that_an_action_is_overdue(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await overdue_action(graph, "DEMO-OFF-05", "ACT-H2")  # led by the police
    await evaluate(graph, ["DEMO-OFF-05"], Limits())
    [alert] = await listed(client, settings, persona("demo.police.analyst"))
    assert alert["offender"]["id"] == "DEMO-OFF-05"
    assert alert["summary"] == OVERDUE_SUMMARY.restricted
    assert alert["action"] is None
    assert withheld(alert) == {"summary": "RISK_PLAN", "action": "RISK_PLAN"}
    owned = await listed(client, settings, HOUSING)
    assert {a["action"]["id"] for a in owned} == {"ACT-H1", "ACT-H2"}


async def test_a_third_agency_involved_in_the_case_does_not_hear_of_it(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    for who in (THIRD, persona("demo.prison.om"), persona("demo.childrens.partner")):
        assert await listed(client, settings, who) == [], who.officer_id
        others = await listed(client, settings, who, rule=None)
        assert CASE in {a["offender"]["id"] for a in others}, "it still gets the case's others"


@pytest.mark.parametrize("who", PERSONAS, ids=lambda p: p.officer_id)
async def test_only_the_owner_and_the_lead_get_it(
    client: httpx.AsyncClient, settings: Settings, who: Persona
) -> None:
    got = bool(await listed(client, settings, who))
    assert got == (who.agency_id in {"AG-DEMO-HOUSING", "AG-DEMO-PROBATION"}
                   and who.role not in {Role.ADMIN, Role.AUDITOR}), who.officer_id


async def test_an_owner_inside_the_case_sees_the_name_too(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await overdue_action(graph, "DEMO-OFF-01", "ACT-H3")  # housing is involved in DEMO-OFF-01
    await evaluate(graph, ["DEMO-OFF-01"], Limits())
    [alert] = [a for a in await listed(client, settings, HOUSING)
               if a["offender"]["id"] == "DEMO-OFF-01"]
    assert alert["offender"]["name"] == "Darren Holt"
    assert (alert["summary"], alert["redactions"]) == (OVERDUE_SUMMARY.full, [])


async def test_marking_the_action_done_resolves_it_for_both(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await set_action(graph, "ACT-H1", status="DONE", outcome="Tenancy reviewed")
    await evaluate(graph, [CASE], Limits())
    for who in (HOUSING, LEAD):
        [alert] = await listed(client, settings, who)
        assert alert["status"] == "RESOLVED", who.officer_id


async def test_the_lead_acknowledges_it_and_the_owner_reads_the_note(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    [alert] = await listed(client, settings, LEAD)
    note = "Chased housing by phone; new date agreed at the next meeting"
    done = await ask(client, settings, LEAD, DECIDE % "acknowledgeAlert", id=alert["id"],
                     note=note)
    assert done["data"]["acknowledgeAlert"] == {"id": alert["id"], "status": "ACKNOWLEDGED",
                                                "note": note}
    [owned] = await listed(client, settings, HOUSING)
    assert (owned["status"], owned["note"]) == ("ACKNOWLEDGED", note)


@pytest.mark.parametrize(("who", "code"), [(THIRD, "NOT_FOUND"), (HOUSING, "FORBIDDEN")],
                         ids=["third agency", "owner outside the case"])
async def test_only_an_involved_officer_it_goes_to_may_decide_on_it(
    client: httpx.AsyncClient, settings: Settings, graph: Graph, who: Persona, code: str
) -> None:
    [alert] = await listed(client, settings, LEAD)
    answer = await ask(client, settings, who, DECIDE % "resolveAlert", id=alert["id"])
    assert answer["errors"][0]["extensions"]["code"] == code
    if code == "NOT_FOUND":  # as a missing alert answers
        missing = await ask(client, settings, who, DECIDE % "resolveAlert", id="ALR-none")
        assert answer["errors"][0]["message"] == missing["errors"][0]["message"]
    assert [a["status"] for a in await listed(client, settings, LEAD)] == ["OPEN"]


async def test_a_review_overdue_alert_goes_to_everyone_who_sees_the_case(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    case = "DEMO-OFF-04"  # level 2: probation leads, police and electronic monitoring involved
    covered = "DEMO-OFF-01"  # level 2 too, but on next week's agenda
    await cypher(graph, """MATCH (o:Offender) WHERE o.id IN $ids
                           SET o.reviewDate = date() - duration('P1D')""", ids=[case, covered])
    await add_meeting(graph, "MTG-1", date.today() + timedelta(days=7), offender_ids=[covered])
    await evaluate(graph, [case, covered], Limits())
    seeing = {"AG-DEMO-PROBATION", "AG-DEMO-POLICE", "AG-DEMO-EM"}
    review = RULE[R.REVIEW_OVERDUE].summary
    for who in PERSONAS:
        found = await listed(client, settings, who, R.REVIEW_OVERDUE)
        sees = who.agency_id in seeing and who.role not in {Role.ADMIN, Role.AUDITOR}
        assert [a["offender"]["id"] for a in found] == ([case] if sees else []), who.officer_id
        if sees and who.role is Role.PARTNER_SYSTEM:  # electronic monitoring: no MAPPA_STATUS
            assert (found[0]["summary"], withheld(found[0])) == (
                review.restricted, {"summary": "MAPPA_STATUS"})
        elif sees:
            assert found[0]["summary"] == review.full, who.officer_id
            assert found[0]["action"] is None


# The alertRaised subscription and webhooks deliver it to the owner.


@pytest.fixture
async def server(settings: Settings, graph: Graph) -> AsyncIterator[str]:
    async with demo_alert_server(settings, graph) as url:
        await clear_plans(graph, CASE)  # the case's actions are this test's own
        yield url


async def test_the_subscription_streams_it_to_the_owner_and_the_lead_only(
    server: str, graph: Graph, settings: Settings
) -> None:
    async with (subscribe(server, init(settings, HOUSING), SUBSCRIPTION) as owner,
                subscribe(server, init(settings, LEAD), SUBSCRIPTION) as lead,
                subscribe(server, init(settings, THIRD), SUBSCRIPTION) as third):
        await asyncio.sleep(0.3)  # subscribed before the sweep finds the action overdue
        await overdue_action(graph)
        await evaluate(graph, [CASE], Limits())
        got = await owner.alert()
        assert (got["rule"], got["summary"], got["action"]) == (
            "ACTION_OVERDUE", OVERDUE_SUMMARY.full, SHOWN_ACTION)
        assert got["offender"] == {"id": CASE, "name": None}
        assert await owner.quiet(0.5), "nothing else of the case"
        lead_got = [await lead.alert() for _ in range(2)]  # and the case's CHILD_IN_HOUSEHOLD
        assert sorted(a["rule"] for a in lead_got) == ["ACTION_OVERDUE", "CHILD_IN_HOUSEHOLD"]
        third_got = await third.alert()
        assert third_got["rule"] == "CHILD_IN_HOUSEHOLD"
        assert await third.quiet(0.5), "the third agency never hears of the overdue action"
    disclosed = await cypher(graph, """
        MATCH (e:AuditEvent {operation: 'subscription alertRaised', userId: $user})
        RETURN e.subjectIds AS subjects, e.fieldClasses AS classes""", user=HOUSING.officer_id)
    assert disclosed == [{"subjects": sorted([CASE, "ACT-H1"]), "classes": ["RISK_PLAN"]}]


class Receiver:
    """A partner's endpoints, one per agency (/hook/<agency>): records what each receives."""

    def __init__(self) -> None:
        self.received: dict[str, list[tuple[dict[str, str], bytes]]] = {}
        self.app = Starlette(routes=[Route("/hook/{agency}", self.hook, methods=["POST"])])

    async def hook(self, request: Request) -> Response:
        self.received.setdefault(request.path_params["agency"], []).append(
            (dict(request.headers), await request.body()))
        return Response(status_code=200)


@pytest.fixture
async def hooks(settings: Settings, graph: Graph) -> AsyncIterator[tuple[Receiver, Any]]:
    """The demo with the overdue action, a receiver, an API and a delivery worker (the worker and
    the evaluator run when the test says)."""
    quick = settings.model_copy(update={"run_worker": False})
    await load_demo(graph, datetime.now(UTC).date())
    await clear_plans(graph, CASE)  # the case's actions are this test's own
    await overdue_action(graph)
    endpoint, audit = Receiver(), AuditLog(graph)
    worker = DeliveryWorker(graph, quick, audit)
    try:
        async with serving(endpoint.app) as port, http_client(quick) as api:
            async def register(who: Persona) -> str:
                made = await ask(api, quick, who, REGISTER,
                                 url=f"http://127.0.0.1:{port}/hook/{who.agency_id}")
                return str(made["data"]["registerWebhook"]["secret"])

            yield endpoint, (register, worker)
    finally:
        await worker.close()
        await audit.close()


async def test_a_webhook_of_the_owner_delivers_it_and_one_of_a_third_agency_does_not(
    graph: Graph, hooks: tuple[Receiver, Any]
) -> None:
    endpoint, (register, worker) = hooks
    secrets = {who.agency_id: await register(who) for who in (HOUSING, THIRD)}
    await evaluate(graph, [CASE], Limits())
    assert await worker.deliver_due() == 2
    told = {agency: [Webhook(secrets[agency]).verify(body, headers)["data"]
                     for headers, body in received]
            for agency, received in endpoint.received.items()}
    assert [(m["rule"], m["offenderId"]) for m in told[HOUSING.agency_id]] == [
        ("ACTION_OVERDUE", CASE)]
    assert [m["rule"] for m in told[THIRD.agency_id]] == ["CHILD_IN_HOUSEHOLD"]


async def test_a_webhook_delivery_is_dropped_once_the_agency_no_longer_owns_the_action(
    graph: Graph, hooks: tuple[Receiver, Any]
) -> None:
    endpoint, (register, worker) = hooks
    await register(HOUSING)
    await evaluate(graph, [CASE], Limits())
    await set_action(graph, "ACT-H1", ownerAgencyId="AG-DEMO-DWP")  # reassigned before sending
    await worker.deliver_due()
    states = await cypher(graph, "MATCH (:Webhook)-[:DELIVERS]->(d) RETURN d.state AS state")
    assert states == [{"state": "DROPPED"}]
    assert endpoint.received == {}
