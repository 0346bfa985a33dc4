"""Every operation on a WebSocket is let in, limited and audited on its own, as an HTTP request
is (issue 19), against the app under uvicorn and a real Neo4j, over the raw protocol: at the
token's exp each open subscription gets a coded error and the socket is closed 4401, and an
operation sent after it runs nothing; each operation has an audit event of its own, with its own
subjects, however many share the socket; each takes one of its principal's operations; an officer
removed from the agency is refused on the next operation, and an open subscription receives
nothing more. And an operation's audit event is durable before its answer leaves (if it cannot
be written, the answer discloses nothing)."""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import suppress
from typing import Any

import jwt
import pytest
from websockets.exceptions import ConnectionClosed

from app.access.tokens import issue_dev_token
from app.core.enums import Role
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from tests.api.client import without_request_ids
from tests.api.live import Subscriber, connection, demo_alert_server, init, persona, raise_on
from tests.graph import block_audit_appends, cypher

PPO = persona("demo.police.ppo")
SUBSCRIPTION = "subscription($after: Int) { alertRaised(after: $after) { sequence } }"
VICTIMS = "query($id: ID!) { offender(id: $id) { id victims { name } } }"
OFFENDER = "query($id: ID!) { offender(id: $id) { id name } }"
ME = "{ me { userId } }"
ADD_INTERVENTION = """mutation($o: ID!) { addIntervention(input: {
  offenderId: $o, kind: OTHER, name: "After expiry", start: "2025-01-01"}) { id } }"""
EXPIRED = {"message": "the token has expired", "extensions": {"code": "UNAUTHENTICATED"}}


def without_request_ids_in(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`error` messages as they would read but for their request ids."""
    return [{**m, "payload": without_request_ids(m["payload"])} for m in messages]


REMOVED = {"message": f"the token's officer '{PPO.officer_id}' is not an officer of agency "
                      f"'{PPO.agency_id}'", "extensions": {"code": "UNAUTHENTICATED"}}


@pytest.fixture
async def server(settings: Settings, graph: Graph) -> AsyncIterator[str]:
    async with demo_alert_server(settings, graph) as url:
        yield url


def short_lived(settings: Settings, ttl_s: int) -> tuple[dict[str, str], int]:
    """A connection_init payload for PPO whose token expires in `ttl_s`, and its exp."""
    token = issue_dev_token(settings, PPO.officer_id, PPO.agency_id, [Role(PPO.role)],
                            ttl_s=ttl_s)
    exp = int(jwt.decode(token, options={"verify_signature": False})["exp"])
    return {"authorization": f"Bearer {token}", "purpose": "RISK_MANAGEMENT"}, exp


async def until_closed(socket: Subscriber) -> tuple[list[dict[str, Any]], ConnectionClosed]:
    """Every message up to the server's close, and the close."""
    received = []
    try:
        while True:
            received.append(await socket.next(wait=15))
    except ConnectionClosed as closed:
        return received, closed


def close_of(closed: ConnectionClosed) -> tuple[int, str]:
    assert closed.rcvd is not None, "the server closed the socket"
    return closed.rcvd.code, closed.rcvd.reason


async def test_at_its_tokens_exp_an_open_subscription_gets_a_coded_error_then_the_close_4401(
    server: str, settings: Settings
) -> None:
    payload, _ = short_lived(settings, ttl_s=3)
    async with connection(server, payload) as socket:
        await socket.start("1", SUBSCRIPTION)
        await socket.start("2", SUBSCRIPTION, {"after": 0})
        received, closed = await until_closed(socket)
    assert sorted(without_request_ids_in(received), key=lambda m: m["id"]) == [
        {"id": "1", "type": "error", "payload": [EXPIRED]},
        {"id": "2", "type": "error", "payload": [EXPIRED]}]
    assert close_of(closed) == (4401, "the token has expired")


async def test_after_its_tokens_exp_a_socket_runs_no_query_mutation_or_subscription(
    server: str, graph: Graph, settings: Settings
) -> None:
    await raise_on(graph, "DEMO-OFF-01")  # what a new subscription would replay
    payload, exp = short_lived(settings, ttl_s=4)
    async with connection(server, payload) as socket:
        before = await socket.run(VICTIMS, {"id": "DEMO-OFF-01"})
        assert before["data"]["offender"]["victims"], "answered while the token holds"
        await asyncio.sleep(max(exp - time.time(), 0))
        with suppress(ConnectionClosed):  # the server may have closed it already
            await socket.start("query", VICTIMS, {"id": "DEMO-OFF-01"})
            await socket.start("mutation", ADD_INTERVENTION, {"o": "DEMO-OFF-01"})
            await socket.start("subscription", SUBSCRIPTION, {"after": 0})
        received, closed = await until_closed(socket)
    assert [m for m in received if m != {"id": m["id"], "type": "error", "payload": [EXPIRED]}
            ] == [], "each one refused, or the socket closed before it was read"
    assert close_of(closed) == (4401, "the token has expired")
    assert await cypher(graph, "MATCH (i:Intervention {name: 'After expiry'}) RETURN i") == []


async def test_each_operation_on_a_socket_is_audited_on_its_own(
    server: str, graph: Graph, settings: Settings
) -> None:
    async with connection(server, init(settings, PPO)) as socket:
        await socket.start("a", OFFENDER, {"id": "DEMO-OFF-01"})
        await socket.start("b", OFFENDER, {"id": "DEMO-OFF-02"})  # while the first runs
        answered, completed = {}, set()
        while len(completed) < 2:
            message = await socket.next()
            if message["type"] == "next":
                answered[message["id"]] = message["payload"]["data"]["offender"]["id"]
            else:
                assert message["type"] == "complete", message
                completed.add(message["id"])
        await socket.run(ME)
    assert answered == {"a": "DEMO-OFF-01", "b": "DEMO-OFF-02"}
    rows = await cypher(graph, """
        MATCH (e:AuditEvent {userId: $user}) WHERE e.operation STARTS WITH 'query'
        RETURN e.operation AS operation, e.subjectIds AS subjects, e.outcome AS outcome
        ORDER BY e.at, e.id""", user=PPO.officer_id)
    assert sorted(rows[:2], key=lambda row: row["subjects"]) == [
        {"operation": "query offender", "subjects": ["DEMO-OFF-01"], "outcome": "OK"},
        {"operation": "query offender", "subjects": ["DEMO-OFF-02"], "outcome": "OK"}]
    assert rows[2:] == [{"operation": "query me", "subjects": [], "outcome": "OK"}]


async def test_an_operations_audit_event_is_written_before_its_answer_arrives(
    server: str, graph: Graph, settings: Settings
) -> None:
    async with connection(server, init(settings, PPO)) as socket:
        for sent in range(1, 4):
            await socket.start(f"q{sent}", OFFENDER, {"id": "DEMO-OFF-01"})
            assert (await socket.next())["type"] == "next"  # the answer, before its `complete`
            rows = await cypher(graph, """
                MATCH (e:AuditEvent {operation: 'query offender'}) RETURN count(e) AS n""")
            assert rows == [{"n": sent}]
            assert (await socket.next())["type"] == "complete"


async def test_an_answer_whose_audit_event_cannot_be_written_discloses_nothing(
    server: str, graph: Graph, settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with connection(server, init(settings, PPO)) as socket:
        assert "errors" not in await socket.run(VICTIMS, {"id": "DEMO-OFF-01"})
        block_audit_appends(monkeypatch)
        answer = await socket.run(VICTIMS, {"id": "DEMO-OFF-01"})
    assert answer["data"] is None
    assert without_request_ids(answer["errors"]) == [{
        "message": "The audit trail is unavailable, so nothing can be disclosed; try again.",
        "extensions": {"code": "UNAVAILABLE"}}]


async def test_each_operation_on_a_socket_takes_one_of_its_principals_operations(
    settings: Settings, graph: Graph
) -> None:
    async with demo_alert_server(settings, graph, rate_limit_per_s=1 / 3600,
                                 rate_limit_burst=3) as url:
        await raise_on(graph, "DEMO-OFF-01")  # what a subscription would replay
        async with connection(url, init(settings, PPO)) as socket:  # the connection takes one
            answers = [await socket.run(ME, operation_id=f"me{n}") for n in range(2)]
            refused = await socket.run(ME, operation_id="me2")
            replay = await socket.run(SUBSCRIPTION, {"after": 0}, operation_id="alerts")
    assert [answer["data"]["me"]["userId"] for answer in answers] == [PPO.officer_id] * 2
    for answer in (refused, replay):
        [error] = answer["errors"]
        assert error["message"].startswith("rate limit exceeded: retry after ")
        assert error["extensions"]["code"] == "RATE_LIMITED"
        assert error["extensions"]["retryAfter"] > 0
    rows = await cypher(graph, """
        MATCH (e:AuditEvent) WHERE e.operation IN ['query me', 'subscription alertRaised']
        RETURN e.operation AS operation, e.userId AS user, e.outcome AS outcome
        ORDER BY e.at, e.id""")
    assert rows == [{"operation": "query me", "user": PPO.officer_id, "outcome": "OK"}] * 2 + [
        {"operation": "query me", "user": PPO.officer_id, "outcome": "RATE_LIMITED"},
        {"operation": "subscription alertRaised", "user": PPO.officer_id,
         "outcome": "RATE_LIMITED"}]


async def test_an_officer_removed_from_the_agency_is_refused_on_an_open_socket(
    settings: Settings, graph: Graph
) -> None:
    """The next operation is refused, and an open subscription hears nothing more; each socket
    is then closed (MAPPA_OFFICER_CACHE_S 0 here: the removal shows at once)."""
    async with (
        demo_alert_server(settings, graph, officer_cache_s=0) as url,
        connection(url, init(settings, PPO)) as idle,
        connection(url, init(settings, PPO)) as listening,
    ):
        assert (await idle.run(ME))["data"] == {"me": {"userId": PPO.officer_id}}
        await listening.start("1", SUBSCRIPTION)
        await asyncio.sleep(0.3)  # subscribed before the alert is raised
        first = await raise_on(graph, "DEMO-OFF-01")
        assert (await listening.alert())["sequence"] == first
        await cypher(graph, """
            MATCH (:CaseOfficer {id: $officer})-[w:WORKS_FOR]->(:Agency {id: $agency})
            DELETE w""", officer=PPO.officer_id, agency=PPO.agency_id)
        refused = await idle.run(VICTIMS, {"id": "DEMO-OFF-01"})
        assert without_request_ids(refused.pop("errors")) == [REMOVED]
        assert refused == {}
        _, idle_closed = await until_closed(idle)
        await raise_on(graph, "DEMO-OFF-01")
        heard, listening_closed = await until_closed(listening)
    assert without_request_ids_in(heard) == [{"id": "1", "type": "error", "payload": [REMOVED]}]
    assert close_of(idle_closed) == close_of(listening_closed) == (4401, REMOVED["message"])
    rows = await cypher(graph, """
        MATCH (e:AuditEvent {operation: 'query offender'}) RETURN e.outcome AS outcome""")
    assert rows == [{"outcome": "UNAUTHENTICATED"}]
