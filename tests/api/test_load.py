"""A bounded load test on loopback (issue 7 part 5): `mappa serve` (uvicorn, in development mode,
so with no rate limit) over the demo scenario; MAPPA_LOAD_CLIENTS clients (default 20) for
MAPPA_LOAD_SECONDS (default 20), each holding an `alertRaised` subscription open while it reads
(offender, caseload, network, search, alerts) or, for the writers, moves an offender of its own
next to his victim and away again (recordAddress, an addIntervention between) and waits for the
alert to be raised and resolved (MAPPA_LOAD_WRITERS of them, default 6).

Asserted: every response has data and no error; every subscription stays open and receives,
in order and once, exactly the alerts the `alerts` query shows its persona (its own writers'
among them); every write has its audit event and the chain verifies; the server logs no error;
its memory (RSS) does not keep growing and it holds no more file descriptors once the clients
have gone. Reported, not asserted: latency per operation kind, throughput, write-to-frame time
(printed, and written to MAPPA_LOAD_REPORT when set); the server's /metrics as scraped at the end
of the run, its subscriptions still open, is written to .mappa/test/load-metrics.prom.

    MAPPA_LOAD_CLIENTS=20 MAPPA_LOAD_SECONDS=60 MAPPA_LOAD_REPORT=bench/results/load.md \\
        .venv/bin/pytest -q -s -p no:randomly tests/api/test_load.py
"""

import asyncio
import json
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from app.audit.repository import list_chain
from app.core.geometry import destination
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.demo import PERSONAS, Persona
from seed.load import load_demo
from tests.api.live import PROTOCOL, bearer, free_port, receive
from tests.graph import cypher

CLIENTS = int(os.environ.get("MAPPA_LOAD_CLIENTS", "20"))
SECONDS = float(os.environ.get("MAPPA_LOAD_SECONDS", "20"))
REPORT = os.environ.get("MAPPA_LOAD_REPORT")
WRITERS = int(os.environ.get("MAPPA_LOAD_WRITERS", max(1, min(6, CLIENTS // 3))))
WAIT = 60.0  # how long an alert may take to be raised or resolved before it counts as lost
PURPOSE = "RISK_MANAGEMENT"
METRICS_FILE = "load-metrics.prom"  # in the state folder

SUBSCRIPTION = """subscription($after: Int) { alertRaised(after: $after) {
  id sequence rule offender { id } counterpart { __typename ... on PersonSummary { id } } } }"""
OFFENDER = """query($id: ID!) { offender(id: $id) { id name category level
  currentAddress { line1 town } conditions { kind validFrom } victims { id name }
  contacts { relationship person { id } } redactions { field fieldClass reason }
  alerts(first: 5) { edges { node { id rule status } } } } }"""
CASELOAD = """query($after: String) { offenders(first: 20, after: $after) {
  edges { node { id name level } } pageInfo { hasNextPage endCursor } } }"""
NETWORK = """query($id: ID!) { network(personId: $id, depth: 2, limit: 50) {
  truncated nodes { id kind label } edges { source target type } } }"""
SEARCH = """query($text: String!) { searchPeople(text: $text, first: 10) {
  kind score person { id name } } }"""
ALERTS = """query($filter: AlertFilter, $after: String) { alerts(filter: $filter, first: 100,
  after: $after) { edges { node { id sequence rule status counterpart {
  __typename ... on PersonSummary { id } } } } pageInfo { hasNextPage endCursor } } }"""
RECORD_ADDRESS = """mutation($input: RecordAddressInput!) { recordAddress(input: $input) {
  personId addressId } }"""
ADD_INTERVENTION = """mutation($input: AddInterventionInput!) { addIntervention(input: $input) {
  id offenderId } }"""
VERIFY = "{ verifyAuditChain { ok length firstBrokenId detail } }"

# Offenders the police are involved in, each with his victim's protected address.
MOVABLE = """
MATCH (:Agency {id: $agency})-[i:INVOLVED_IN]->(o:Person:Offender)-[:OFFENDED_AGAINST]->(v:Victim)
      -[l:LOCATED_AT]->(a:Address)
WHERE i.until IS NULL AND l.to IS NULL
RETURN o.id AS offender, v.id AS victim, a.location.latitude AS latitude,
       a.location.longitude AS longitude
ORDER BY o.id
"""


def persona(officer_id: str) -> Persona:
    return next(p for p in PERSONAS if p.officer_id == officer_id)


PPO = persona("demo.police.ppo")
AUDITOR = persona("demo.auditor")
READERS = [persona(officer_id) for officer_id in (
    "demo.police.analyst", "demo.probation.om", "demo.probation.coordinator",
    "demo.housing.partner", "demo.childrens.partner", "demo.health.partner",
    "demo.dwp.partner", "demo.prison.om", "demo.youth.om", "demo.probation.vlo",
    "demo.em.system", "demo.police.ppo",
)]


class LoadFailure(Exception):
    """Something a user of the service would notice."""


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    writes: list[tuple[str, str]] = field(default_factory=list)  # (user, id written)
    write_to_frame: list[float] = field(default_factory=list)


class Subscription:
    """One client's alertRaised subscription, read in the background."""

    def __init__(self, who: Persona, tally: Tally) -> None:
        self.who, self.tally = who, tally
        self.frames: list[dict[str, Any]] = []
        self.arrived = asyncio.Condition()
        self.closed: str | None = None

    async def run(self, socket: ClientConnection) -> None:
        try:
            async for raw in socket:
                message = json.loads(raw)
                if message["type"] == "ping":
                    await socket.send(json.dumps({"type": "pong"}))
                elif message["type"] == "next" and "errors" not in message["payload"]:
                    async with self.arrived:
                        self.frames.append(message["payload"]["data"]["alertRaised"])
                        self.arrived.notify_all()
                else:
                    self.closed = f"{self.who.officer_id}'s subscription: {message}"
                    return
        except ConnectionClosed as closed:
            self.closed = f"{self.who.officer_id}'s subscription closed: {closed}"
        if self.closed is None:
            self.closed = f"{self.who.officer_id}'s subscription ended"

    async def frame(self, offender_id: str, victim_id: str, seen: int) -> int:
        """Wait for a PROXIMITY_TO_VICTIM frame (offender, victim) after the first `seen`."""
        def found() -> int | None:
            for index, alert in enumerate(self.frames[seen:], start=seen):
                if (alert["rule"] == "PROXIMITY_TO_VICTIM"
                        and alert["offender"]["id"] == offender_id
                        and (alert["counterpart"] or {}).get("id") == victim_id):
                    return index
            return None

        async with self.arrived:
            await asyncio.wait_for(self.arrived.wait_for(lambda: found() is not None), WAIT)
            index = found()
            assert index is not None
            return index + 1


class Client:
    def __init__(self, http: httpx.AsyncClient, who: Persona, settings: Settings,
                 tally: Tally) -> None:
        self.http, self.who, self.tally = http, who, tally
        self.headers = {"Authorization": bearer(settings, who), "X-Purpose-Of-Use": PURPOSE}
        self.people: list[dict[str, Any]] = []  # its caseload, for readers
        self.seen = 0  # for writers, the frames of its subscription already matched

    async def send(self, kind: str, query: str, **variables: Any) -> dict[str, Any]:
        started = time.perf_counter()
        response = await self.http.post("/graphql", headers=self.headers,
                                        json={"query": query, "variables": variables})
        self.tally.latencies[kind].append(time.perf_counter() - started)
        body = response.json()
        if response.status_code != 200 or body.get("errors") or body.get("data") is None:
            raise LoadFailure(f"{kind} by {self.who.officer_id}: {response.status_code} {body}")
        return dict(body["data"])

    async def caseload(self) -> list[dict[str, Any]]:
        people, after = [], None
        while True:
            page = (await self.send("caseload", CASELOAD, after=after))["offenders"]
            people += [edge["node"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                return people
            after = page["pageInfo"]["endCursor"]

    async def alerts(self, after_sequence: int, **filter_: Any) -> list[dict[str, Any]]:
        """The alerts the caller may see numbered after `after_sequence`, oldest first."""
        found, after = [], None
        while True:
            page = (await self.send("alerts", ALERTS, filter=filter_ or None,
                                    after=after))["alerts"]
            nodes = [edge["node"] for edge in page["edges"]]
            found += [n for n in nodes if n["sequence"] > after_sequence]
            if not page["pageInfo"]["hasNextPage"] or min(
                    (n["sequence"] for n in nodes), default=0) <= after_sequence:
                return sorted(found, key=lambda n: n["sequence"])
            after = page["pageInfo"]["endCursor"]


KINDS = ("offender", "caseload", "network", "search", "alerts")


async def read(client: Client, kind: str, person: dict[str, Any]) -> None:
    if kind == "offender":
        answer = await client.send(kind, OFFENDER, id=person["id"])
        if answer["offender"] is None or answer["offender"]["id"] != person["id"]:
            raise LoadFailure(f"{person['id']} vanished for {client.who.officer_id}")
    elif kind == "caseload":
        await client.caseload()
    elif kind == "network":
        await client.send(kind, NETWORK, id=person["id"])
    elif kind == "search":
        await client.send(kind, SEARCH, text=(person["name"] or "x").split()[-1])
    else:
        await client.send(kind, ALERTS, filter={"offenderId": person["id"]})


async def read_until(client: Client, deadline: float, rng: random.Random) -> None:
    """Each kind of read once (the first time, Neo4j plans its query), then any, at random."""
    if not client.people:
        client.people = await client.caseload()
        assert client.people, f"{client.who.officer_id} sees no offender"
        for kind in KINDS:
            await read(client, kind, client.people[0])
    while time.monotonic() < deadline:
        await read(client, rng.choice(KINDS), rng.choice(client.people))


def place(latitude: float, longitude: float, bearing: float, metres: float,
          line1: str) -> dict[str, Any]:
    lon, lat = destination(latitude, longitude, bearing, metres)
    return {"line1": line1, "town": "Loadton", "postcode": "M99 9LT",
            "latitude": lat, "longitude": lon}


async def write_until(client: Client, subscription: Subscription, movable: dict[str, Any],
                      deadline: float, n: int) -> None:
    """Move the offender 6 km from his victim (his alert resolves), record an intervention,
    move him 600 m from her (a new alert is raised and reaches this client's subscription);
    at least once, and again until the time is up."""
    offender, victim = movable["offender"], movable["victim"]
    far = place(movable["latitude"], movable["longitude"], 45 * n, 6_000, f"1 Far {offender}")
    near = place(movable["latitude"], movable["longitude"], 45 * n, 600, f"2 Near {offender}")
    while True:
        await move(client, offender, far)
        await resolved(client, offender, victim)
        added = await client.send("addIntervention", ADD_INTERVENTION, input={
            "offenderId": offender, "kind": "OTHER", "name": f"Load {len(client.tally.writes)}",
            "start": date.today().isoformat()})
        client.tally.writes.append((client.who.officer_id, added["addIntervention"]["id"]))
        written = await move(client, offender, near)
        try:
            client.seen = await subscription.frame(offender, victim, client.seen)
        except TimeoutError as lost:
            raise LoadFailure(f"no alert reached {client.who.officer_id} for {offender} "
                              f"near {victim} within {WAIT} s") from lost
        client.tally.write_to_frame.append(time.perf_counter() - written)
        if time.monotonic() >= deadline:
            return


async def move(client: Client, offender: str, where: dict[str, Any]) -> float:
    answer = await client.send("recordAddress", RECORD_ADDRESS, input={
        "personId": offender, "address": where, "kind": "HOME",
        "from": date.today().isoformat()})
    client.tally.writes.append((client.who.officer_id, answer["recordAddress"]["addressId"]))
    return time.perf_counter()


async def resolved(client: Client, offender: str, victim: str) -> None:
    """Wait until no open proximity alert stands between the offender and his victim."""
    limit = time.monotonic() + WAIT
    while any((a["counterpart"] or {}).get("id") == victim for a in await client.alerts(
            0, offenderId=offender, rule="PROXIMITY_TO_VICTIM", status="OPEN")):
        if time.monotonic() > limit:
            raise LoadFailure(f"the alert on {offender} near {victim} was not resolved")
        await asyncio.sleep(0.1)


@asynccontextmanager
async def subscribed(url: str, settings: Settings, who: Persona, after: int,
                     tally: Tally) -> AsyncIterator[Subscription]:
    subscription = Subscription(who, tally)
    async with connect(url, subprotocols=[PROTOCOL]) as socket:  # type: ignore[list-item]
        await socket.send(json.dumps({"type": "connection_init", "payload": {
            "authorization": bearer(settings, who), "purpose": PURPOSE}}))
        ack = await receive(socket)
        assert ack["type"] == "connection_ack", ack
        await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {
            "query": SUBSCRIPTION, "variables": {"after": after}}}))
        task = asyncio.create_task(subscription.run(socket))
        try:
            yield subscription
        finally:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task


@dataclass
class Server:
    """`mappa serve` in a process of its own, so that its memory is its own."""

    process: asyncio.subprocess.Process
    port: int
    log: Path

    def rss_bytes(self) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines()
                        if line.startswith("VmRSS:"))) * 1024

    def open_files(self) -> int:
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))


@asynccontextmanager
async def mappa_serve(settings: Settings, log: Path) -> AsyncIterator[Server]:
    port = free_port()
    env = {**os.environ, "MAPPA_ENVIRONMENT": "development", "MAPPA_NEO4J_URI": settings.bolt_uri,
           "MAPPA_NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
           "MAPPA_NEO4J_DATABASE": settings.neo4j_database,
           "MAPPA_STATE_DIR": str(settings.state_dir), "MAPPA_API_PORT": str(port)}
    mappa = Path(sys.executable).parent / "mappa"
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            str(mappa), "serve", env=env, stdout=out, stderr=asyncio.subprocess.STDOUT)
    server = Server(process, port, log)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as probe:
            for _ in range(600):
                with suppress(httpx.TransportError):
                    if (await probe.get("/readyz")).status_code == 200:
                        break
                assert process.returncode is None, log.read_text()
                await asyncio.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()


async def sample_memory(server: Server, samples: list[tuple[float, int]]) -> None:
    while True:
        samples.append((time.monotonic(), server.rss_bytes()))
        await asyncio.sleep(0.5)


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


def report(tally: Tally, elapsed: float, clients: int, rss: list[tuple[float, int]],
           frames: int, warm_up: float) -> str:
    operations = sum(len(v) for v in tally.latencies.values())
    lines = [
        f"# Load on loopback: {clients} clients for {SECONDS:.0f} s "
        f"({datetime.now(UTC):%Y-%m-%d}, `mappa serve` in development mode: no rate limit)",
        "",
        f"After a warm-up of {warm_up:.1f} s (each client's first round, not counted): "
        f"{operations} operations in {elapsed:.1f} s, {operations / elapsed:.1f} per second; "
        f"{len(tally.writes)} writes in all; {frames} alert frames delivered to {clients} "
        f"subscriptions; {len(tally.errors)} errors.",
        "",
        "| operation | count | p50 ms | p99 ms |",
        "|---|---:|---:|---:|",
    ]
    for kind, values in sorted(tally.latencies.items()):
        p50, p99 = percentiles(values)
        lines.append(f"| {kind} | {len(values)} | {p50:.1f} | {p99:.1f} |")
    if tally.write_to_frame:
        p50, p99 = percentiles(tally.write_to_frame)
        lines.append(f"| recordAddress answered to alert frame | {len(tally.write_to_frame)} "
                     f"| {p50:.1f} | {p99:.1f} |")
    sizes = [size / 2**20 for _, size in rss]
    half = len(sizes) // 2
    lines += ["", f"Server RSS: {sizes[0]:.0f} MiB at the start, peak {max(sizes[:half]):.0f} "
              f"MiB in the first half and {max(sizes[half:]):.0f} MiB in the second, "
              f"{sizes[-1]:.0f} MiB at the end.",
              "", f"The machine's load average at the end: {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} cores (the latencies say as much about it as about the service)."]
    return "\n".join(lines) + "\n"


@pytest.mark.slow
async def test_many_clients_reading_writing_and_subscribing_see_no_error(
    settings: Settings, graph: Graph, tmp_path: Path
) -> None:
    await load_demo(graph, date.today())
    [head] = await cypher(graph, "MATCH (a:Alert) RETURN coalesce(max(a.sequence), 0) AS s")
    start_sequence = int(head["s"])
    movables = await cypher(graph, MOVABLE, agency=PPO.agency_id)
    assert len(movables) >= WRITERS
    people = [PPO] * WRITERS + [READERS[i % len(READERS)] for i in range(CLIENTS - WRITERS)]
    tally = Tally()
    rss: list[tuple[float, int]] = []
    async with (
        mappa_serve(settings, tmp_path / "serve.log") as server,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", timeout=60,
                          limits=httpx.Limits(max_connections=CLIENTS * 2)) as http,
    ):
        url = f"ws://127.0.0.1:{server.port}/graphql"
        files_before = server.open_files()
        async with AsyncExitStack() as stack:
            subscriptions = await asyncio.gather(*(stack.enter_async_context(
                subscribed(url, settings, who, start_sequence, tally)) for who in people))
            clients = [Client(http, who, settings, tally) for who in people]
            # A warm-up, not counted: every client's first round (Neo4j plans each query the
            # first time it sees it, seconds for the largest on a busy machine).
            warm_up = await run_clients(clients, subscriptions, movables, tally, 0)
            tally.latencies.clear()
            tally.write_to_frame.clear()
            sampler = asyncio.create_task(sample_memory(server, rss))
            elapsed = await run_clients(clients, subscriptions, movables, tally, SECONDS)
            sampler.cancel()
            frames = await check_deliveries(graph, clients, subscriptions, start_sequence,
                                            tally)
            scrape = (await http.get("/metrics")).text  # the subscriptions still open
        (settings.state_dir / METRICS_FILE).write_text(scrape)
        text = report(tally, elapsed, CLIENTS, rss, frames, warm_up)
        print("\n" + text + f"\n/metrics after the run: {settings.state_dir / METRICS_FILE}")
        if REPORT:
            Path(REPORT).write_text(text)
        auditor = Client(http, AUDITOR, settings, tally)
        chain = (await auditor.send("verifyAuditChain", VERIFY))["verifyAuditChain"]
        await http.aclose()
        await asyncio.sleep(1)  # the server lets go of the closed connections
        files_after = server.open_files()
    assert tally.errors == []
    assert sum(len(v) for v in tally.latencies.values()) > CLIENTS
    assert tally.write_to_frame, "the writers raised no alert"
    # Every write left its audit event, and the chain holds.
    events = [e for e in await graph.read(list_chain, 0, 10**7)
              if e.operation.startswith("mutation")]
    audited = {(e.user_id, subject) for e in events for subject in e.subject_ids}
    assert [w for w in tally.writes if w not in audited] == []
    assert len(events) == len(tally.writes)
    assert chain["ok"], chain
    assert chain["length"] >= sum(len(v) for v in tally.latencies.values())
    # Memory does not keep growing: the second half's peak stays near the first half's.
    sizes = [size for _, size in rss]
    half = len(sizes) // 2
    assert max(sizes[half:]) <= max(sizes[:half]) * 1.25 + 32 * 2**20, sizes
    # Nor do sockets or files pile up: beyond those it started with, the server holds at most
    # its pool of Neo4j connections once the clients have gone.
    assert files_after <= files_before + settings.neo4j_pool_size, (files_before, files_after)
    # What an operator scraping /metrics sees of the run: every answered operation by its
    # name and outcome, every subscription open, and no person.
    answered = sum(sample.value for family in text_string_to_metric_families(scrape)
                   for sample in family.samples
                   if sample.name == "mappa_graphql_operation_duration_seconds_count")
    assert answered >= sum(len(v) for v in tally.latencies.values())
    assert f"mappa_websocket_operations_open {float(CLIENTS)}" in scrape
    assert "DEMO-OFF" not in scrape
    log = server.log.read_text()
    assert "Traceback" not in log, log[-5000:]
    assert "ERROR" not in log, log[-5000:]


async def run_clients(clients: list[Client], subscriptions: list[Subscription],
                      movables: list[dict[str, Any]], tally: Tally, seconds: float) -> float:
    """The first WRITERS clients write, the others read, until `seconds` have passed."""
    rng = random.Random(7)
    started = time.monotonic()
    deadline = started + seconds
    try:
        async with asyncio.TaskGroup() as group:
            for n, (client, subscription) in enumerate(zip(clients, subscriptions, strict=True)):
                if n < WRITERS:
                    group.create_task(write_until(client, subscription, movables[n], deadline, n))
                else:
                    group.create_task(read_until(client, deadline, random.Random(rng.random())))
    except* LoadFailure as failures:
        tally.errors += [str(e) for e in failures.exceptions]
    return time.monotonic() - started


async def check_deliveries(graph: Graph, clients: list[Client],
                           subscriptions: list[Subscription], start_sequence: int,
                           tally: Tally) -> int:
    """Once everything written is evaluated, each subscription holds exactly what the alerts
    query shows its persona, in order, and is still open. Returns the frames delivered."""
    await drained(graph)
    frames = 0
    for client, subscription in zip(clients, subscriptions, strict=True):
        expected = [a["sequence"] for a in await client.alerts(start_sequence)]
        await settled(subscription, len(expected))
        received = [f["sequence"] for f in subscription.frames]
        frames += len(received)
        if received != expected:
            tally.errors.append(f"{client.who.officer_id}'s subscription received {received}, "
                                f"the alerts query shows {expected}")
        if subscription.closed is not None:
            tally.errors.append(subscription.closed)
    return frames


async def drained(graph: Graph) -> None:
    limit = time.monotonic() + WAIT
    while (await cypher(graph, "MATCH (q:EvaluationRequest {pending: true}) "
                               "RETURN count(q) AS n"))[0]["n"]:
        assert time.monotonic() < limit, "the evaluation queue did not drain"
        await asyncio.sleep(0.1)


async def settled(subscription: Subscription, count: int) -> None:
    """Wait until the subscription has received `count` alerts (or a while has passed)."""
    with suppress(TimeoutError):
        async with subscription.arrived:
            await asyncio.wait_for(subscription.arrived.wait_for(
                lambda: len(subscription.frames) >= count), 15)
    await asyncio.sleep(0.3)  # anything more would be a duplicate

