"""The partner kit (examples/partner/), unmodified, against the app under uvicorn and a real Neo4j,
as the electronic monitoring provider's system runs it.

The alerts client hands over every alert once and in order, across a server restart, its own
restart (from the sequence it kept) and the end of its token (taking a new one); it waits out a
rate limit as told, and stops, saying why, on what connecting again cannot mend. The webhook
receiver takes the service's real deliveries, handles each once, and refuses a replay: one sent
again is not handled again, one from more than five minutes ago and a tampered one are refused.
Both command lines, run as processes as the README shows, receive the same alert."""

import asyncio
import json
import os
import shlex
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from standardwebhooks import Webhook
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as AsgiMessage

from app.access.tokens import issue_dev_token
from app.core.enums import Role
from app.platform.neo4j.driver import Graph
from app.settings import PROJECT_ROOT, Settings
from examples.partner.alerts_client import Alert, SequenceFile, Stopped, follow_alerts
from examples.partner.webhook_receiver import Message, webhook_app
from seed.load import load_demo
from tests.api.live import (
    alert_settings,
    bearer,
    free_port,
    live_server,
    persona,
    raise_on,
    serving,
)
from tests.graph import cypher

EM = persona("demo.em.system")  # involved in DEMO-OFF-04, -06 and -09
WAIT = 30.0  # seconds for anything the service owes; a ceiling on waiting, not a goal
KIT = PROJECT_ROOT / "examples" / "partner"

REGISTER = """mutation($url: String!) { registerWebhook(input: {url: $url, description: "kit"}) {
  secret } }"""
REPORT = """mutation($fixes: [LocationFixInput!]!) { reportLocations(fixes: $fixes) {
  raised { id sequence rule offender { id } } } }"""


def em_tokens(settings: Settings, ttl_s: int | None = None) -> Callable[[], Awaitable[str]]:
    """The partner's token provider: a new token each time it is asked."""

    async def token() -> str:
        return issue_dev_token(settings, EM.officer_id, EM.agency_id, [Role(EM.role)], ttl_s)

    return token


class Handled:
    """The kit's handler: what it was handed, in order."""

    def __init__(self) -> None:
        self.alerts: asyncio.Queue[Alert] = asyncio.Queue()
        self.sequences: list[int] = []

    async def __call__(self, alert: Alert) -> None:
        self.sequences.append(alert["sequence"])
        await self.alerts.put(alert)

    async def next(self) -> Alert:
        return await asyncio.wait_for(self.alerts.get(), WAIT)


@asynccontextmanager
async def following(
    url: str, tokens: Callable[[], Awaitable[str]], handled: Handled, store: SequenceFile,
    purpose: str = "PARTNER_INTEGRATION",
) -> AsyncIterator[asyncio.Task[None]]:
    """follow_alerts running, cancelled on leaving (as Ctrl-C stops the partner's process)."""
    task: asyncio.Task[None] = asyncio.create_task(
        follow_alerts(url, tokens, handled, store, purpose))
    try:
        yield task
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


async def test_the_client_hands_over_every_alert_once_across_server_and_client_restarts(
    settings: Settings, graph: Graph, tmp_path: Path
) -> None:
    await load_demo(graph, datetime.now(UTC).date())
    port = free_port()
    url = f"ws://127.0.0.1:{port}/graphql"
    store = SequenceFile(tmp_path / "last-sequence")
    raised = [await raise_on(graph, "DEMO-OFF-04")]
    store.save(raised[0] - 1)  # as `--after` does on a first run
    handled = Handled()
    async with following(url, em_tokens(settings), handled, store):
        async with live_server(alert_settings(settings), port):
            await handled.next()  # replayed
            raised.append(await raise_on(graph, "DEMO-OFF-06"))
            await handled.next()  # live
        # The server is gone (closed 1012); alerts are raised meanwhile.
        raised += [await raise_on(graph, "DEMO-OFF-09"), await raise_on(graph, "DEMO-OFF-04")]
        async with live_server(alert_settings(settings), port):
            for _ in range(2):
                await handled.next()  # replayed once the client is back
            raised.append(await raise_on(graph, "DEMO-OFF-06"))
            await handled.next()
    assert handled.sequences == raised
    assert store.last() == raised[-1]
    # The partner's process restarts from the sequence it kept.
    raised.append(await raise_on(graph, "DEMO-OFF-09"))
    restarted = Handled()
    async with live_server(alert_settings(settings), port), \
            following(url, em_tokens(settings), restarted, store):
        await restarted.next()
        raised.append(await raise_on(graph, "DEMO-OFF-04"))
        await restarted.next()
    assert handled.sequences + restarted.sequences == raised
    assert store.last() == raised[-1]


async def test_at_its_tokens_end_the_client_takes_a_new_one_and_resumes(
    settings: Settings, graph: Graph, tmp_path: Path
) -> None:
    """Each token lives 2 s: at its end the subscription fails UNAUTHENTICATED and the socket is
    closed 4401; the client asks for a new token and resumes after the last alert it handled,
    alerts raised meanwhile included."""
    await load_demo(graph, datetime.now(UTC).date())
    short_lived = em_tokens(settings, ttl_s=2)
    asked = [asyncio.Event() for _ in range(3)]

    async def tokens() -> str:
        for event in asked:
            if not event.is_set():
                event.set()
                break
        return await short_lived()

    store = SequenceFile(tmp_path / "last-sequence")
    raised = [await raise_on(graph, "DEMO-OFF-04")]
    store.save(raised[0] - 1)
    handled = Handled()
    async with live_server(alert_settings(settings)) as url, \
            following(url, tokens, handled, store):
        await handled.next()
        for renewed, offender_id in zip(asked[1:], ["DEMO-OFF-06", "DEMO-OFF-09"], strict=True):
            await asyncio.wait_for(renewed.wait(), WAIT)
            raised.append(await raise_on(graph, offender_id))
            await handled.next()
    assert handled.sequences == raised


async def test_the_client_waits_out_a_rate_limit_as_told(
    settings: Settings, graph: Graph, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The principal's operations are used up when it connects (closed 4429, "retry after 2
    s"); then its subscription is refused RATE_LIMITED on the open connection: it waits each
    time as long as the service said, and gets its alerts."""
    await load_demo(graph, datetime.now(UTC).date())
    store = SequenceFile(tmp_path / "last-sequence")
    raised = await raise_on(graph, "DEMO-OFF-04")
    store.save(raised - 1)
    limited = alert_settings(settings, rate_limit_per_s=0.5, rate_limit_burst=2)
    handled = Handled()
    caplog.set_level("INFO", logger="partner.alerts")
    async with live_server(limited) as url:
        http = url.replace("ws://", "http://", 1)
        async with httpx.AsyncClient() as client:
            for _ in range(2):  # the principal's burst, spent elsewhere
                answer = await client.post(http, json={"query": "{ me { userId } }"}, headers={
                    "Authorization": bearer(settings, EM),
                    "X-Purpose-Of-Use": "PARTNER_INTEGRATION"})
                assert "errors" not in answer.json()
        async with following(url, em_tokens(settings), handled, store):
            assert (await handled.next())["sequence"] == raised
    waits = [r.getMessage() for r in caplog.records if "again in" in r.getMessage()]
    assert any(w.startswith("closed 4429: rate limit exceeded: retry after 2 s") and
               w.endswith("connecting again in 2.0 s") for w in waits), waits
    assert any(w.startswith("RATE_LIMITED: rate limit exceeded: retry after 2 s") and
               w.endswith("subscribing again in 2.0 s") for w in waits), waits


@pytest.mark.parametrize(("tokens", "purpose", "why"), [
    ("valid", "GOSSIP", "closed 4403: "),
    ("garbage", "PARTNER_INTEGRATION",
     "two new tokens refused in a row (closed 4401: the token is not a well-formed JWT)"),
], ids=["not a purpose", "tokens refused"])
async def test_the_client_stops_saying_why_when_connecting_again_cannot_help(
    settings: Settings, graph: Graph, tmp_path: Path, tokens: str, purpose: str, why: str
) -> None:
    await load_demo(graph, datetime.now(UTC).date())

    async def garbage() -> str:
        return "not-a-token"

    provider = em_tokens(settings) if tokens == "valid" else garbage
    async with live_server(alert_settings(settings)) as url:
        with pytest.raises(Stopped) as stopped:
            await asyncio.wait_for(follow_alerts(
                url, provider, Handled(), SequenceFile(tmp_path / "s"), purpose), WAIT)
    assert str(stopped.value).startswith(why), stopped.value


# The webhook receiver


class Recorded:
    """Around the kit's app, unchanged: keeps each request it received, so that a test can send
    a delivery again as an attacker who captured it would."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.requests: list[tuple[dict[str, str], bytes]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = b""
        while (message := await receive())["type"] == "http.request":
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        self.requests.append(({k.decode(): v.decode() for k, v in scope["headers"]}, body))

        async def replay() -> AsgiMessage:
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


async def ask(url: str, settings: Settings, query: str, variables: dict[str, Any]
              ) -> dict[str, Any]:
    async with httpx.AsyncClient() as client:
        answer = await client.post(url, json={"query": query, "variables": variables}, headers={
            "Authorization": bearer(settings, EM), "X-Purpose-Of-Use": "PARTNER_INTEGRATION"})
    body = answer.json()
    assert "errors" not in body, body
    return dict(body["data"])


async def report_in_zone(graph: Graph, url: str, settings: Settings) -> dict[str, Any]:
    """The provider reports DEMO-OFF-04 inside his exclusion circle: EXCLUSION_ZONE_ENTRY is
    raised; return it."""
    [zone] = await cypher(graph, "MATCH (z:Zone {id: 'DEMO-ZON-04A'}) RETURN z.centre AS c")
    fix = {"offenderId": "DEMO-OFF-04", "latitude": zone["c"].latitude,
           "longitude": zone["c"].longitude, "at": datetime.now(UTC).isoformat()}
    [alert] = (await ask(url, settings, REPORT, {"fixes": [fix]}))["reportLocations"]["raised"]
    return dict(alert)


async def test_the_receiver_handles_each_delivery_once_and_refuses_replays(
    settings: Settings, graph: Graph
) -> None:
    await load_demo(graph, datetime.now(UTC).date())
    port = free_port()
    hook = f"http://127.0.0.1:{port}/webhooks/mappa"
    delivering = settings.model_copy(update={"run_worker": True, "webhook_poll_s": 0.1})
    async with live_server(delivering) as ws:
        api = ws.replace("ws://", "http://", 1)
        secret = (await ask(api, settings, REGISTER, {"url": hook}))["registerWebhook"]["secret"]
        messages: asyncio.Queue[Message] = asyncio.Queue()
        receiver = Recorded(webhook_app(secret, messages.put))
        async with serving(receiver, port):
            alert = await report_in_zone(graph, api, settings)
            async with asyncio.timeout(WAIT):  # this alert's, past any other alert's
                while (message := await messages.get())["data"]["alertId"] != alert["id"]:
                    pass
            assert message["type"] == "alert.raised"
            assert message["data"] == {
                "alertId": alert["id"], "rule": "EXCLUSION_ZONE_ENTRY", "severity": "CRITICAL",
                "offenderId": "DEMO-OFF-04", "sequence": alert["sequence"]}
            [(headers, body)] = [(h, b) for h, b in receiver.requests
                                 if json.loads(b)["data"]["alertId"] == alert["id"]]

            async with httpx.AsyncClient() as attacker:
                async def send(sent: dict[str, str], content: bytes) -> httpx.Response:
                    kept = {k: v for k, v in sent.items() if k.startswith("webhook-")}
                    return await attacker.post(hook, content=content, headers=kept)

                again = await send(headers, body)
                stale_at = int(time.time()) - 600
                stale = headers | {
                    "webhook-id": "msg_captured_earlier", "webhook-timestamp": str(stale_at),
                    "webhook-signature": Webhook(secret).sign(
                        "msg_captured_earlier", datetime.fromtimestamp(stale_at, UTC), body)}
                old = await send(stale, body)
                tampered = await send(headers, body.replace(b"CRITICAL", b"LOW"))
            # The worker records the receiver's answer once it has it: wait for that.
            async with asyncio.timeout(WAIT):  # only a hang: it takes well under a second
                while True:
                    if (state := await delivery_states(graph, alert["id"])) != ["PENDING"]:
                        break
                    await asyncio.sleep(0.1)
    assert (again.status_code, again.text) == (200, "already received\n")
    assert (old.status_code, tampered.status_code) == (400, 400)
    # Other alerts the worker raised on this offender meanwhile (the demo's review overdue, on
    # its evaluation after the fix) are deliveries of their own; this alert's came once.
    handled = [messages.get_nowait() for _ in range(messages.qsize())]
    assert [m for m in handled if m["data"]["alertId"] == alert["id"]] == [], \
        "a replay was handled"
    assert state == ["DELIVERED"]  # acknowledged once, never tried again


async def delivery_states(graph: Graph, alert_id: str) -> list[str]:
    return [d["state"] for d in await cypher(
        graph, "MATCH (:Alert {id: $id})<-[:FOR_ALERT]-(d:Delivery) RETURN d.state AS state",
        id=alert_id)]


# Both command lines, as the README runs them


async def read_json_line(stream: asyncio.StreamReader) -> dict[str, Any]:
    line = await asyncio.wait_for(stream.readline(), WAIT)
    assert line, "the process ended"
    return dict(json.loads(line))


@asynccontextmanager
async def process(*command: str, env: dict[str, str]) -> AsyncIterator[asyncio.subprocess.Process]:
    started = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, env=os.environ | env, cwd=PROJECT_ROOT)
    try:
        yield started
    finally:
        started.terminate()
        await started.wait()


async def test_the_kits_command_lines_receive_the_same_alert(
    settings: Settings, graph: Graph, tmp_path: Path
) -> None:
    await load_demo(graph, datetime.now(UTC).date())
    port = free_port()
    hook = f"http://127.0.0.1:{port}/webhooks/mappa"
    delivering = settings.model_copy(update={"run_worker": True, "webhook_poll_s": 0.1})
    # `mappa token` signs with the key in the tests' state folder, which the app verifies with.
    mappa_env = {"MAPPA_STATE_DIR": str(settings.state_dir)}
    token_command = shlex.join([
        sys.executable, "-m", "app.cli", "token", "--user", EM.officer_id,
        "--agency", EM.agency_id, "--role", EM.role, "--ttl", "600"])
    async with live_server(delivering) as ws:
        api = ws.replace("ws://", "http://", 1)
        secret = (await ask(api, settings, REGISTER, {"url": hook}))["registerWebhook"]["secret"]
        async with process(sys.executable, str(KIT / "webhook_receiver.py"),
                           "--port", str(port), env={"WEBHOOK_SECRET": secret}) as receiver, \
                process(sys.executable, str(KIT / "alerts_client.py"), "--url", ws,
                        "--token-command", token_command, "--after", "0",
                        "--sequence-file", str(tmp_path / "last-sequence"),
                        env=mappa_env) as client:
            await wait_for_port(port)
            alert = await report_in_zone(graph, api, settings)
            assert receiver.stdout is not None
            assert client.stdout is not None
            delivered = await read_json_line(receiver.stdout)
            subscribed = await read_json_line(client.stdout)
    assert delivered["data"]["alertId"] == subscribed["id"] == alert["id"]
    assert delivered["data"]["sequence"] == subscribed["sequence"] == alert["sequence"]
    assert subscribed["offender"] == {"id": "DEMO-OFF-04"}


async def wait_for_port(port: int) -> None:
    """Until the receiver's process listens (the service would retry a delivery meanwhile)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.1)
            continue
        writer.close()
        return
    pytest.fail(f"nothing listens on port {port}")
