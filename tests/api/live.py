"""A real server for WebSocket tests: the app under uvicorn on a free loopback port, and a
graphql-transport-ws client; the demo scenario served for alert subscriptions, and alerts raised
as the evaluator raises them."""

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import uvicorn
from websockets.asyncio.client import ClientConnection, connect

from app.access.tokens import issue_dev_token
from app.alerts.models import NewAlert
from app.alerts.queue import raise_alerts
from app.core.enums import AlertRule, CounterpartType, Role, Severity
from app.main import create_app
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.demo import PERSONAS, Persona
from seed.load import load_demo

PROTOCOL = "graphql-transport-ws"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def serving(app: Any, port: int | None = None) -> AsyncIterator[int]:
    """Serve an ASGI app under uvicorn on a loopback port (a free one unless given); yield it."""
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="auto"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        await task


@asynccontextmanager
async def live_server(settings: Settings, port: int | None = None) -> AsyncIterator[str]:
    """Serve the app on a loopback port (a free one unless given); yield its ws:// URL for
    /graphql."""
    async with serving(create_app(settings), port) as served:
        yield f"ws://127.0.0.1:{served}/graphql"


def bearer(settings: Settings, persona: Persona) -> str:
    token = issue_dev_token(settings, persona.officer_id, persona.agency_id, [Role(persona.role)])
    return f"Bearer {token}"


async def receive(socket: ClientConnection, wait: float = 10.0) -> dict[str, Any]:
    """The next message, which must come as a text frame: the standard clients (graphql-ws, gql,
    GraphiQL) fail on a binary one."""
    frame = await asyncio.wait_for(socket.recv(), wait)
    assert isinstance(frame, str), f"a binary frame: {frame!r}"
    return dict(json.loads(frame))


class Subscriber:
    """One acknowledged graphql-transport-ws connection, carrying subscriptions and operations."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket

    async def next(self, wait: float = 10.0) -> dict[str, Any]:
        """The next message on the connection (pings answered on the way)."""
        while True:
            message = await receive(self.socket, wait)
            if message["type"] == "ping":
                await self.socket.send(json.dumps({"type": "pong"}))
                continue
            return message

    async def alert(self, wait: float = 10.0) -> dict[str, Any]:
        message = await self.next(wait)
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        return dict(message["payload"]["data"]["alertRaised"])

    async def quiet(self, seconds: float) -> bool:
        """True when nothing arrives for `seconds`."""
        try:
            await self.next(seconds)
        except TimeoutError:
            return True
        return False

    async def start(
        self, operation_id: str, query: str, variables: dict[str, Any] | None = None
    ) -> None:
        """Send an operation (a query, a mutation or a subscription) under `operation_id`."""
        await self.socket.send(json.dumps({"id": operation_id, "type": "subscribe", "payload": {
            "query": query, "variables": variables or {}}}))

    async def run(
        self, query: str, variables: dict[str, Any] | None = None, operation_id: str = "op"
    ) -> dict[str, Any]:
        """Run a query or a mutation and return its one answer: a `next` message's payload, or an
        `error` message's as {"errors": [...]}."""
        await self.start(operation_id, query, variables)
        answer = await self.next()
        assert answer.get("id") == operation_id, answer
        if answer["type"] == "error":
            return {"errors": answer["payload"]}
        assert answer["type"] == "next", answer
        assert (await self.next())["type"] == "complete"
        return dict(answer["payload"])


@asynccontextmanager
async def connection(url: str, init: dict[str, Any]) -> AsyncIterator[Subscriber]:
    """A graphql-transport-ws connection, acknowledged."""
    async with connect(url, subprotocols=[PROTOCOL]) as socket:  # type: ignore[list-item]
        await socket.send(json.dumps({"type": "connection_init", "payload": init}))
        ack = await receive(socket)
        assert ack["type"] == "connection_ack", ack
        yield Subscriber(socket)


@asynccontextmanager
async def subscribe(
    url: str, init: dict[str, Any], query: str, variables: dict[str, Any] | None = None,
) -> AsyncIterator[Subscriber]:
    """A connection carrying one subscription, under the id "1"."""
    async with connection(url, init) as subscriber:
        await subscriber.start("1", query, variables)
        yield subscriber


# Alert subscriptions on the demo scenario (shared by test_subscriptions and the standard-client
# tests).


def persona(officer_id: str) -> Persona:
    return next(p for p in PERSONAS if p.officer_id == officer_id)


def init(settings: Settings, who: Persona, purpose: str = "RISK_MANAGEMENT") -> dict[str, str]:
    """The connection_init payload of `who`."""
    return {"authorization": bearer(settings, who), "purpose": purpose}


def alert_settings(settings: Settings, **overrides: Any) -> Settings:
    """`settings` with the worker off, since the tests raise alerts themselves (`raise_on`) and
    the bus finds them by polling (often), and with `overrides`."""
    return settings.model_copy(update={"worker_poll_s": 0.05, "run_worker": False, **overrides})


@asynccontextmanager
async def demo_alert_server(
    settings: Settings, graph: Graph, **overrides: Any
) -> AsyncIterator[str]:
    """The demo scenario served on a free port with `alert_settings`; yield its ws:// URL for
    /graphql."""
    await load_demo(graph, datetime.now(UTC).date())
    async with live_server(alert_settings(settings, **overrides)) as url:
        yield url


_made = 0


async def raise_on(
    graph: Graph, offender_id: str, rule: AlertRule = AlertRule.NON_COMPLIANCE,
    counterpart: str | None = None, distance: float | None = None,
) -> int:
    """Raise one alert the way the evaluator does; return its sequence."""
    global _made  # noqa: PLW0603 - unique keys across the tests of a session
    _made += 1
    alert = NewAlert(
        id=f"ALR-T{_made}", key=f"{rule}|{offender_id}|T{_made}", rule=rule,
        severity=Severity.HIGH, offender_id=offender_id,
        counterpart_type=CounterpartType.PERSON if counterpart else None,
        counterpart_id=counterpart, distance_metres=distance,
    )
    [raised] = await graph.write(raise_alerts, [alert])
    return raised.sequence
