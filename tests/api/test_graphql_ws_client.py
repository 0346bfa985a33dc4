"""alertRaised through the reference graphql-transport-ws client, npm graphql-ws (pinned in
tests/clients/graphql-ws), unmodified, under Node, against the app under uvicorn and a real
Neo4j: it receives raised alerts as the alerts query shows them; a client that disconnects and
resumes with `after` receives every alert once, in order, and so does one whose server restarts
under it (graphql-ws reconnecting by itself), and one whose token expires when it subscribes
again with a new one; a connection refused for its token or its rate ends at once, after one
attempt, with 4401 or 4429 and the reason; a refused purpose reaches a client that does not retry
with its reason. (tests/api/test_subscriptions.py speaks the protocol
by hand over Python websockets; these show that what partners run can read it: they fail if the
server sends binary frames.)"""

import asyncio
import json
import os
import shutil
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager, suppress
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from app.access.tokens import issue_dev_token
from app.core.enums import Role
from app.platform.neo4j.driver import Graph
from app.settings import PROJECT_ROOT, Settings
from seed.load import load_demo
from tests.api.live import (
    alert_settings,
    bearer,
    demo_alert_server,
    free_port,
    init,
    live_server,
    persona,
    raise_on,
    subscribe,
)
from tests.graph import cypher

FIELDS = """id sequence rule severity status summary offender { id name }
  counterpart { __typename ... on PersonSummary { id name } } distanceMetres
  redactions { field fieldClass reason }"""
ALERT_RAISED = f"subscription($after: Int) {{ alertRaised(after: $after) {{ {FIELDS} }} }}"
ALERTS = f"{{ alerts(first: 100) {{ edges {{ node {{ {FIELDS} }} }} }} }}"
CLIENT_DIR = PROJECT_ROOT / "tests" / "clients" / "graphql-ws"
SCRIPT = CLIENT_DIR / "subscribe.mjs"
WAIT_S = 15.0  # for any one event; graphql-ws's retries would take longer than this to give up
PPO = persona("demo.police.ppo")
HOUSING = persona("demo.housing.partner")


@pytest.fixture(scope="session")
def node() -> str:
    """Node, with the client package installed as pinned: CI must run these tests, so an
    absent or stale install fails them rather than skipping them."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not installed: these tests run the npm graphql-ws client under it")
    pinned = json.loads((CLIENT_DIR / "package.json").read_text())["dependencies"]
    for package, version in pinned.items():
        manifest = CLIENT_DIR / "node_modules" / package / "package.json"
        installed = json.loads(manifest.read_text())["version"] if manifest.is_file() else None
        if installed != version:
            pytest.fail(f"{CLIENT_DIR.relative_to(PROJECT_ROOT)}/node_modules has {package} "
                        f"{installed or 'missing'}, not {version}: run `make setup` "
                        "(it runs npm ci there)")
    return node


class Client:
    """subscribe.mjs running: graphql-ws subscribed to alertRaised, its events read line by line."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.events: list[dict[str, Any]] = []

    async def next(self, wait: float = WAIT_S) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = await asyncio.wait_for(self.process.stdout.readline(), wait)
        if not line:
            assert self.process.stderr is not None
            errors = await self.process.stderr.read()
            pytest.fail(f"the client stopped without an end: {errors.decode()}\n{self.events}")
        event = dict(json.loads(line))
        self.events.append(event)
        return event

    async def until(self, kind: str, wait: float = WAIT_S) -> dict[str, Any]:
        """The next event of `kind`; `end` (the subscription over) before it fails."""
        while (event := await self.next(wait))["event"] != kind:
            assert event["event"] != "end", f"ended before {kind}: {self.events}"
        return event

    async def alerts(self, count: int) -> list[dict[str, Any]]:
        """The next `count` alerts; an error or the subscription's end before them fails."""
        received = []
        while len(received) < count:
            event = await self.next()
            assert event["event"] not in {"error", "errors", "end"}, self.events
            if event["event"] == "alert":
                received.append(event["alert"])
        return received

    async def disconnect(self) -> list[dict[str, Any]]:
        """Close the client's standard input: it disposes of its connection and ends. Return
        every alert it received."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        await self.until("end")
        return [event["alert"] for event in self.events if event["event"] == "alert"]

    def count(self, kind: str) -> int:
        return sum(event["event"] == kind for event in self.events)


@asynccontextmanager
async def graphql_ws(
    node: str, url: str, payload: dict[str, str] | None, variables: dict[str, Any] | None = None,
    **options: str,
) -> AsyncIterator[Client]:
    """Run subscribe.mjs: `payload` is connection_init's, `options` its GRAPHQL_WS_* settings."""
    env = dict(os.environ, GRAPHQL_WS_URL=url, GRAPHQL_WS_QUERY=ALERT_RAISED,
               GRAPHQL_WS_VARIABLES=json.dumps(variables or {}),
               **{f"GRAPHQL_WS_{name.upper()}": value for name, value in options.items()})
    if payload is not None:
        env["GRAPHQL_WS_INIT"] = json.dumps(payload)
    process = await asyncio.create_subprocess_exec(
        node, str(SCRIPT), cwd=CLIENT_DIR, env=env, stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        yield Client(process)
    finally:
        if process.returncode is None:
            with suppress(ProcessLookupError):
                process.kill()
        await process.wait()


@pytest.fixture
async def server(settings: Settings, graph: Graph) -> AsyncIterator[str]:
    async with demo_alert_server(settings, graph) as url:
        yield url


async def test_graphql_ws_receives_raised_alerts_as_the_alerts_query_shows_them(
    node: str, server: str, graph: Graph, settings: Settings
) -> None:
    earlier = await raise_on(graph, "DEMO-OFF-01")
    async with graphql_ws(node, server, init(settings, PPO), {"after": 0}) as client:
        [replayed] = await client.alerts(1)
        live = await raise_on(graph, "DEMO-OFF-05")  # raised once the client is subscribed
        [arrived] = await client.alerts(1)
        await client.disconnect()
    assert [replayed["sequence"], arrived["sequence"]] == [earlier, live]
    assert (arrived["offender"]["id"], arrived["rule"], arrived["severity"]) == (
        "DEMO-OFF-05", "NON_COMPLIANCE", "HIGH")
    async with httpx.AsyncClient() as http:
        response = await http.post(server.replace("ws://", "http://"), json={"query": ALERTS},
                                   headers={"Authorization": bearer(settings, PPO),
                                            "X-Purpose-Of-Use": "RISK_MANAGEMENT"})
    listed = {edge["node"]["sequence"]: edge["node"]
              for edge in response.json()["data"]["alerts"]["edges"]}
    assert [replayed, arrived] == [listed[earlier], listed[live]]
    assert (client.count("connecting"), client.count("connected")) == (1, 1)


async def test_graphql_ws_resuming_with_after_receives_every_alert_once_in_order(
    node: str, server: str, graph: Graph, settings: Settings
) -> None:
    raised = [await raise_on(graph, "DEMO-OFF-01") for _ in range(3)]
    async with graphql_ws(node, server, init(settings, PPO), {"after": 0}) as client:
        await client.alerts(2)
        before = await client.disconnect()  # two, or three if the third came meanwhile
    raised += [await raise_on(graph, "DEMO-OFF-02") for _ in range(2)]  # while disconnected
    last = before[-1]["sequence"]
    async with graphql_ws(node, server, init(settings, PPO), {"after": last}) as client:
        await client.alerts(len(raised) - len(before))
        live = await raise_on(graph, "DEMO-OFF-01")
        await client.alerts(1)
        resumed = await client.disconnect()  # with anything that came twice
    assert [alert["sequence"] for alert in before + resumed] == [*raised, live]
    assert client.count("connecting") == 1


async def test_graphql_ws_reconnects_by_itself_when_the_server_restarts_and_resumes_after_the_last(
    node: str, graph: Graph, settings: Settings
) -> None:
    """A restart (a deployment) closes the connection 1012; graphql-ws waits, connects again and
    subscribes again with its payload, in which the client keeps `after` at the last sequence
    received: the alert raised meanwhile arrives, and nothing twice."""
    await load_demo(graph, datetime.now(UTC).date())
    port = free_port()
    first = await raise_on(graph, "DEMO-OFF-01")
    async with AsyncExitStack() as first_server:
        url = await first_server.enter_async_context(live_server(alert_settings(settings), port))
        resuming = graphql_ws(node, url, init(settings, PPO), {"after": 0}, resume="true")
        async with resuming as client:
            await client.alerts(1)
            await first_server.aclose()  # the server stops under the client
            closed = await client.until("closed")
            meanwhile = await raise_on(graph, "DEMO-OFF-02")
            async with live_server(alert_settings(settings), port):
                await client.until("connected")
                await client.alerts(1)
                live = await raise_on(graph, "DEMO-OFF-01")
                await client.alerts(1)
                received = await client.disconnect()
    assert closed["code"] == 1012
    assert [alert["sequence"] for alert in received] == [first, meanwhile, live]
    assert [event["retrying"] for event in client.events if event["event"] == "connecting"] == [
        False, True]


@pytest.mark.parametrize(("expired", "reason"), [
    (False, "a bearer token is required (authorization: Bearer <token>)"),
    (True, "the token has expired"),
], ids=["no token", "expired token"])
async def test_graphql_ws_refused_for_its_token_ends_at_once_after_one_attempt_with_4401(
    node: str, server: str, graph: Graph, settings: Settings, expired: bool, reason: str
) -> None:
    """graphql-ws does not retry 4401 (with its default retry options, as here): the partner
    learns why at once, and the server sees one connection."""
    payload = {"purpose": "RISK_MANAGEMENT"}
    if expired:
        token = issue_dev_token(settings, PPO.officer_id, PPO.agency_id, [Role(PPO.role)],
                                ttl_s=-60)
        payload["authorization"] = f"Bearer {token}"
    started = time.monotonic()
    async with graphql_ws(node, server, payload) as client:
        error = await client.until("error")
        end = await client.until("end")
    took = time.monotonic() - started
    assert (error["code"], error["reason"]) == (4401, reason)
    assert (end["how"], end["alerts"], end["connecting"], end["opened"], end["connected"]) == (
        "error", 0, 1, 1, 0)
    rows = await cypher(graph, """
        MATCH (e:AuditEvent {operation: 'subscription connection_init'})
        RETURN e.outcome AS outcome""")
    assert rows == [{"outcome": "UNAUTHENTICATED"}], "one connection_init, refused"
    assert took < 5.0, f"{took:.2f} s: graphql-ws's first retry alone waits 1.3 s or more"


@pytest.mark.parametrize("no_retry", [{"retry_attempts": "0"}, {"should_retry": "false"}],
                         ids=["retryAttempts 0", "shouldRetry false"])
@pytest.mark.parametrize(("purpose", "reason"), [
    (None, "purpose is required; one of: RISK_MANAGEMENT,"),
    ("GOSSIP", "purpose 'GOSSIP' is not a purpose; one of: RISK_MANAGEMENT,"),
], ids=["no purpose", "unknown purpose"])
async def test_graphql_ws_told_not_to_retry_learns_why_its_purpose_is_refused(
    node: str, server: str, settings: Settings, purpose: str | None, reason: str,
    no_retry: dict[str, str],
) -> None:
    """4403 is one graphql-ws retries by default (access may be granted later); a partner that
    says not to sees the close and its reason at once."""
    payload = {"authorization": bearer(settings, PPO)} | ({"purpose": purpose} if purpose else {})
    async with graphql_ws(node, server, payload, **no_retry) as client:
        error = await client.until("error")
        end = await client.until("end")
    assert error["code"] == 4403
    assert error["reason"].startswith(reason)
    assert (end["connecting"], end["connected"]) == (1, 0)


async def test_graphql_ws_at_its_tokens_exp_fails_unauthenticated_then_4401_and_a_new_token_resumes(
    node: str, server: str, graph: Graph, settings: Settings
) -> None:
    """At the token's exp the subscription fails with the coded error and the socket closes
    4401, which graphql-ws does not retry; subscribing again, with connectionParams (a function)
    giving a new token and `after` the last sequence received, gets what was raised meanwhile."""
    first = await raise_on(graph, "DEMO-OFF-01")
    token = issue_dev_token(settings, PPO.officer_id, PPO.agency_id, [Role(PPO.role)], ttl_s=4)
    payload = {"authorization": f"Bearer {token}", "purpose": "RISK_MANAGEMENT"}
    async with graphql_ws(node, server, payload, {"after": first - 1}, resume="true",
                          renewed_init=json.dumps(init(settings, PPO))) as client:
        await client.alerts(1)
        error = await client.until("error")
        closed = await client.until("closed")
        await client.until("renewing")
        meanwhile = await raise_on(graph, "DEMO-OFF-02")
        await client.alerts(1)
        received = await client.disconnect()
    assert (error["codes"], error["message"]) == (["UNAUTHENTICATED"], "the token has expired")
    assert (closed["code"], closed["reason"]) == (4401, "the token has expired")
    assert [alert["sequence"] for alert in received] == [first, meanwhile]
    assert [event["retrying"] for event in client.events if event["event"] == "connecting"] == [
        False, False], "not retried: subscribed again"


async def test_graphql_ws_over_the_principals_rate_ends_at_once_with_4429_and_when_to_retry(
    node: str, graph: Graph, settings: Settings
) -> None:
    """graphql-ws does not retry 4429 either: the reason says when the partner may."""
    async with (
        demo_alert_server(settings, graph, rate_limit_per_s=1 / 3600, rate_limit_burst=1) as url,
        subscribe(url, init(settings, PPO), ALERT_RAISED),  # its connection: the one operation
        graphql_ws(node, url, init(settings, PPO)) as client,
    ):
        error = await client.until("error")
        end = await client.until("end")
        async with graphql_ws(node, url, init(settings, HOUSING), {"after": 0}) as other:
            await other.until("connected")  # another principal connects
            await other.disconnect()
    assert error["code"] == 4429
    assert error["reason"].startswith("rate limit exceeded: retry after ")
    assert (end["connecting"], end["connected"]) == (1, 0)
