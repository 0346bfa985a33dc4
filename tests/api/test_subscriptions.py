"""alertRaised over graphql-transport-ws, against the app under uvicorn and a real Neo4j: replay
then live, in sequence order; resuming with `after` gives every alert once; each persona
receives an alert exactly as the alerts query shows it to them (or not at all); withdrawal ends
what a subscription receives; a refused connection is closed and audited."""

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from app.access.tokens import issue_dev_token
from app.core.enums import AlertRule, Role
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.demo import PERSONAS
from seed.load import load_demo
from tests.api.client import extensions
from tests.api.live import (
    bearer,
    demo_alert_server,
    init,
    live_server,
    persona,
    raise_on,
    subscribe,
)
from tests.graph import cypher

FIELDS = """id sequence rule severity status summary offender { id name }
  counterpart { __typename ... on PersonSummary { id name } ... on Zone { id }
                ... on Premises { id } }
  distanceMetres redactions { field fieldClass reason }"""
SUBSCRIPTION = f"subscription($after: Int) {{ alertRaised(after: $after) {{ {FIELDS} }} }}"
REPORT = """mutation($fixes: [LocationFixInput!]!) {
  reportLocations(fixes: $fixes) { accepted } }"""
LIST = f"{{ alerts(first: 100) {{ edges {{ node {{ {FIELDS} }} }} }} }}"


PPO = persona("demo.police.ppo")
HOUSING = persona("demo.housing.partner")


@pytest.fixture
async def server(settings: Settings, graph: Graph) -> AsyncIterator[str]:
    async with demo_alert_server(settings, graph) as url:
        yield url


async def test_replays_what_the_caller_may_see_then_streams_new_alerts_in_order(
    server: str, graph: Graph, settings: Settings
) -> None:
    seen_by_police = [await raise_on(graph, "DEMO-OFF-01"), await raise_on(graph, "DEMO-OFF-02")]
    await raise_on(graph, "DEMO-OFF-03")  # no police involvement: never sent to police
    async with subscribe(server, init(settings, PPO), SUBSCRIPTION, {"after": 0}) as sub:
        replayed = [(await sub.alert())["sequence"] for _ in seen_by_police]
        assert replayed == seen_by_police
        live = await raise_on(graph, "DEMO-OFF-05")
        arrived = await sub.alert()
        assert (arrived["sequence"], arrived["offender"]["id"]) == (live, "DEMO-OFF-05")
        assert await sub.quiet(0.5)


async def test_without_after_only_new_alerts_arrive(
    server: str, graph: Graph, settings: Settings
) -> None:
    await raise_on(graph, "DEMO-OFF-01")
    async with subscribe(server, init(settings, PPO), SUBSCRIPTION) as sub:
        await asyncio.sleep(0.3)  # subscribed before the next alert is raised
        new = await raise_on(graph, "DEMO-OFF-01")
        assert (await sub.alert())["sequence"] == new


async def test_a_subscriber_that_resumes_with_after_receives_every_alert_once_in_order(
    server: str, graph: Graph, settings: Settings
) -> None:
    raised = [await raise_on(graph, "DEMO-OFF-01") for _ in range(3)]
    async with subscribe(server, init(settings, PPO), SUBSCRIPTION, {"after": 0}) as sub:
        got = [(await sub.alert())["sequence"] for _ in range(2)]
    raised += [await raise_on(graph, "DEMO-OFF-02") for _ in range(2)]  # while disconnected
    async with subscribe(server, init(settings, PPO), SUBSCRIPTION, {"after": got[-1]}) as sub:
        got += [(await sub.alert())["sequence"] for _ in range(3)]
        live = await raise_on(graph, "DEMO-OFF-01")
        got.append((await sub.alert())["sequence"])
        assert await sub.quiet(0.5), "nothing twice"
    assert got == [*raised, live]


async def test_each_persona_receives_an_alert_as_the_alerts_query_shows_it(
    server: str, graph: Graph, settings: Settings
) -> None:
    sequence = await raise_on(graph, "DEMO-OFF-01", AlertRule.PROXIMITY_TO_VICTIM,
                              counterpart="DEMO-VIC-01", distance=1200.0)
    http = server.replace("ws://", "http://")
    received: dict[str, dict[str, Any] | None] = {}
    async with httpx.AsyncClient() as client:
        for who in PERSONAS:
            response = await client.post(http, json={"query": LIST}, headers={
                "Authorization": bearer(settings, who), "X-Purpose-Of-Use": "RISK_MANAGEMENT"})
            listed = [edge["node"] for edge in response.json()["data"]["alerts"]["edges"]
                      if edge["node"]["sequence"] == sequence]
            async with subscribe(server, init(settings, who), SUBSCRIPTION,
                                 {"after": sequence - 1}) as sub:
                if listed:
                    assert await sub.alert() == listed[0], who.officer_id
                else:
                    assert await sub.quiet(1.0), who.officer_id
            received[who.officer_id] = listed[0] if listed else None
    housing = received["demo.housing.partner"]
    assert housing is not None
    assert housing["counterpart"] is None
    assert housing["distanceMetres"] is None
    assert housing["summary"].startswith("Proximity risk on this case")
    vlo = received["demo.probation.vlo"]
    assert vlo is not None
    assert (vlo["counterpart"]["id"], vlo["distanceMetres"]) == ("DEMO-VIC-01", 1200.0)
    assert received["demo.dwp.partner"] is None, "DWP is not involved in this case"
    assert received["demo.auditor"] is None


async def test_withdrawal_ends_what_a_subscription_receives(
    server: str, graph: Graph, settings: Settings
) -> None:
    async with subscribe(server, init(settings, HOUSING), SUBSCRIPTION) as sub:
        await asyncio.sleep(0.3)
        first = await raise_on(graph, "DEMO-OFF-01")
        assert (await sub.alert())["sequence"] == first
        await cypher(graph, """
            MATCH (:Agency {id: 'AG-DEMO-HOUSING'})-[i:INVOLVED_IN]->(:Offender {id: 'DEMO-OFF-01'})
            SET i.until = date() - duration('P1D')""")
        await raise_on(graph, "DEMO-OFF-01")
        assert await sub.quiet(1.0), "a withdrawn agency hears nothing more"
        await cypher(graph, """
            MATCH (:Agency {id: 'AG-DEMO-HOUSING'})-[i:INVOLVED_IN]->(:Offender {id: 'DEMO-OFF-01'})
            SET i.until = null""")
        again = await raise_on(graph, "DEMO-OFF-01")
        assert (await sub.alert())["sequence"] == again


async def test_a_subscription_is_audited_as_a_disclosure(
    server: str, graph: Graph, settings: Settings
) -> None:
    await raise_on(graph, "DEMO-OFF-01")
    async with subscribe(server, init(settings, PPO), SUBSCRIPTION, {"after": 0}) as sub:
        await sub.alert()
    rows = await cypher(graph, """
        MATCH (e:AuditEvent {operation: 'subscription alertRaised'})
        RETURN e.userId AS user, e.action AS action, e.subjectIds AS subjects""")
    assert rows == [{"user": PPO.officer_id, "action": "DISCLOSURE",
                     "subjects": ["DEMO-OFF-01"]}]


async def test_a_fix_in_a_zone_reaches_each_subscriber_as_the_alerts_query_shows_it(
    server: str, graph: Graph, settings: Settings
) -> None:
    """Where the tag placed him (the zone he entered) only under EM_LOCATION, live as listed."""
    em, coordinator = persona("demo.em.system"), persona("demo.probation.coordinator")
    [zone] = await cypher(graph, "MATCH (z:Zone {id: 'DEMO-ZON-04A'}) RETURN z.centre AS at")
    fixes = [{"offenderId": "DEMO-OFF-04", "latitude": zone["at"].latitude,
              "longitude": zone["at"].longitude, "at": datetime.now(UTC).isoformat()}]
    http = server.replace("ws://", "http://")
    async with (httpx.AsyncClient() as client,
                subscribe(server, init(settings, coordinator), SUBSCRIPTION) as told_sub,
                subscribe(server, init(settings, em), SUBSCRIPTION) as em_sub):
        await asyncio.sleep(0.3)  # subscribed before the fix is reported
        response = await client.post(http, json={"query": REPORT, "variables": {
            "fixes": fixes}}, headers={"Authorization": bearer(settings, em),
                                       "X-Purpose-Of-Use": "PARTNER_INTEGRATION"})
        assert "errors" not in response.json(), response.json()
        received = {coordinator.officer_id: await told_sub.alert(),
                    em.officer_id: await em_sub.alert()}
        for who in (coordinator, em):
            response = await client.post(http, json={"query": LIST}, headers={
                "Authorization": bearer(settings, who), "X-Purpose-Of-Use": "RISK_MANAGEMENT"})
            listed = [edge["node"] for edge in response.json()["data"]["alerts"]["edges"]
                      if edge["node"]["sequence"] == received[who.officer_id]["sequence"]]
            assert listed == [received[who.officer_id]], who.officer_id
    told = received[coordinator.officer_id]
    assert (told["rule"], told["counterpart"]) == ("EXCLUSION_ZONE_ENTRY", None)
    assert {(r["field"], r["fieldClass"]) for r in told["redactions"]} == {
        ("summary", "EM_LOCATION"), ("counterpart", "EM_LOCATION")}
    assert received[em.officer_id]["counterpart"] == {"__typename": "Zone", "id": "DEMO-ZON-04A"}
    disclosed = await cypher(graph, """
        MATCH (e:AuditEvent {operation: 'subscription alertRaised'})
        UNWIND e.fieldClasses AS shown
        RETURN e.userId AS user, collect(DISTINCT shown) AS classes""")
    assert {row["user"]: "EM_LOCATION" in row["classes"] for row in disclosed} == {
        coordinator.officer_id: False, em.officer_id: True}


@pytest.mark.parametrize("payload", [
    {"purpose": "RISK_MANAGEMENT"},
    {"authorization": "Bearer not-a-token", "purpose": "RISK_MANAGEMENT"},
    {"authorization": "PPO", "purpose": "RISK_MANAGEMENT"},
], ids=["no token", "bad token", "not bearer"])
async def test_a_connection_without_a_good_token_is_refused_and_audited(
    server: str, graph: Graph, payload: dict[str, str]
) -> None:
    with pytest.raises(ConnectionClosed) as closed:
        async with subscribe(server, payload, SUBSCRIPTION) as sub:
            await sub.next()
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4401
    assert "token" in closed.value.rcvd.reason
    rows = await cypher(graph, """
        MATCH (e:AuditEvent {operation: 'subscription connection_init'})
        RETURN e.outcome AS outcome""")
    assert rows == [{"outcome": "UNAUTHENTICATED"}]


@pytest.mark.parametrize(("purpose", "reason"), [
    (None, "purpose is required; one of: RISK_MANAGEMENT,"),
    ("GOSSIP", "purpose 'GOSSIP' is not a purpose; one of: RISK_MANAGEMENT,"),
], ids=["none", "unknown"])
async def test_a_connection_without_a_purpose_is_refused_naming_the_purpose(
    server: str, graph: Graph, settings: Settings, purpose: str | None, reason: str
) -> None:
    payload = {"authorization": bearer(settings, PPO)} | ({"purpose": purpose} if purpose else {})
    with pytest.raises(ConnectionClosed) as closed:
        async with subscribe(server, payload, SUBSCRIPTION) as sub:
            await sub.next()
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403
    assert closed.value.rcvd.reason.startswith(reason)


async def test_an_expired_token_is_refused_saying_so(
    server: str, graph: Graph, settings: Settings
) -> None:
    expired = issue_dev_token(settings, PPO.officer_id, PPO.agency_id, [Role(PPO.role)], ttl_s=-60)
    with pytest.raises(ConnectionClosed) as closed:
        async with subscribe(server, {"authorization": f"Bearer {expired}",
                                      "purpose": "RISK_MANAGEMENT"}, SUBSCRIPTION) as sub:
            await sub.next()
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4401, "the token has expired")


async def test_subscriptions_per_connection_are_bounded_and_a_freed_slot_is_reused(
    settings: Settings, graph: Graph
) -> None:
    await load_demo(graph, datetime.now(UTC).date())
    bounded = settings.model_copy(update={
        "worker_poll_s": 0.05, "run_worker": False, "graphql_max_subscriptions_per_connection": 2})

    async def send(sub: Any, kind: str, operation_id: str) -> None:
        message: dict[str, Any] = {"id": operation_id, "type": kind}
        if kind == "subscribe":
            message["payload"] = {"query": SUBSCRIPTION, "variables": {"after": 0}}
        await sub.socket.send(json.dumps(message))

    async with live_server(bounded) as url, subscribe(
        url, init(settings, PPO), SUBSCRIPTION, {"after": 0}
    ) as sub:
        await send(sub, "subscribe", "2")
        await send(sub, "subscribe", "3")
        refused = await sub.next()
        assert (refused["id"], refused["type"]) == ("3", "error")
        [error] = refused["payload"]
        assert extensions(error) == {"code": "RATE_LIMITED"}
        assert error["message"] == "subscriptions per connection exceeded: at most 2 at once"
        await send(sub, "complete", "2")
        await send(sub, "subscribe", "4")
        sequence = await raise_on(graph, "DEMO-OFF-01")
        arrived = {}
        for _ in range(2):
            message = await sub.next()
            assert message["type"] == "next", message
            arrived[message["id"]] = message["payload"]["data"]["alertRaised"]["sequence"]
        assert arrived == {"1": sequence, "4": sequence}


async def test_a_connection_over_the_principals_rate_is_refused_and_audited_as_its_own(
    settings: Settings, graph: Graph
) -> None:
    await load_demo(graph, datetime.now(UTC).date())
    limited = settings.model_copy(update={
        "run_worker": False, "rate_limit_per_s": 1 / 3600, "rate_limit_burst": 1})
    async with live_server(limited) as url, subscribe(url, init(settings, PPO), SUBSCRIPTION):
        with pytest.raises(ConnectionClosed) as closed:
            async with subscribe(url, init(settings, PPO), SUBSCRIPTION) as sub:
                await sub.next()
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 4429
        assert closed.value.rcvd.reason.startswith("rate limit exceeded: retry after ")
        async with subscribe(url, init(settings, HOUSING), SUBSCRIPTION):
            pass  # another principal connects
    rows = await cypher(graph, """
        MATCH (e:AuditEvent {operation: 'subscription connection_init'})
        RETURN e.userId AS user, e.outcome AS outcome""")
    assert rows == [{"user": PPO.officer_id, "outcome": "RATE_LIMITED"}]
