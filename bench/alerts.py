"""Alerts at national scale (W6 to W8 of `mappa bench`), on the bench's seeded graph:

- the sweep: every rule over every offender, first raising everything (alerts emptied before),
  then again over a graph whose alerts already stand;
- writes per second with every rule evaluated: `recordAddress` through the service at
  concurrency 1 and 10, timed until every write is answered and the evaluation queue is empty;
- write-to-alert latency: a `recordAddress` that moves an offender within reach of his victim,
  from the request to the frame at an open `alertRaised` subscription and to the POST at a
  webhook receiver on a local port (each move is undone, resolving the alert, between samples).

    .venv/bin/python -m bench.alerts --latency-only    # W7 alone, printed
    .venv/bin/python -m bench.alerts --baseline CHECKOUT --runs 3   # W6, this code beside that
    .venv/bin/python -m bench.alerts --baseline CHECKOUT --processes 2 --concurrency 1 10 20
    .venv/bin/python -m bench.alerts --latency-only --load 10     # W7 alone, then beside W6
    .venv/bin/python -m bench.alerts --baseline CHECKOUT --latency-only --load 10 --runs 3
    .venv/bin/python -m bench.alerts --baseline CHECKOUT --sweep-only --runs 3   # W8 side by side

W7 is split into stages (the write, on to the worker's claim of its request, the rules, the
settling, on to the frame) and the Neo4j stop-the-world pauses that overlapped each sample are
counted; W8 tells its phases (each rule's reads, the claims, the settling, the commits, the pages
of ids), summed over its batches. Each W8 starts with no alerts at all, so every run raises the
same alerts on the same graph.

With `--baseline`, W6 alone runs against this checkout's service and the other checkout's, one
after the other in each run (on the same graph and the same machine), and prints the medians and
their ratios; `--writes-only` runs this checkout's alone. With `--processes 2` each side is
measured as one service process and as two sharing the Neo4j (both with the alert worker, the
writes sent to each in turn). After each W6 run on code with the transparency log (issue 23),
the merge delay of the events it made: from each event's `at` to the first signed checkpoint
whose tree holds it (the code before it: n/a, a hash chain).

`mappa bench` runs these with the reads and writes the report (bench/run.py). The graph is
the one bench/latency.py uses (.mappa/bench, port 7697); these writes move some
offenders, and the population marker is updated to the counts they leave.
"""

import argparse
import asyncio
import itertools
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import (
    AsyncExitStack,
    ExitStack,
    asynccontextmanager,
    contextmanager,
    redirect_stdout,
)
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.access.tokens import issue_dev_token
from app.alerts.worker import sweep
from app.core.enums import Role
from app.core.geometry import destination
from app.platform.neo4j.driver import Graph, open_graph
from app.queries import load_all_queries
from app.settings import PROJECT_ROOT, Settings
from bench.latency import (
    BENCH_PORT,
    CLIENT,
    MARKER,
    QUICK_OFFENDERS,
    STATE_DIR,
    Caller,
    audit_trail_of,
    bench_settings,
    count,
    prepare,
    running_service,
    settle_audit,
    wait_ready,
)
from seed.repository import count_nodes_by_label
from tests.api.live import PROTOCOL, serving
from tests.graph import cypher

RECORD_ADDRESS = """mutation($input: RecordAddressInput!) { recordAddress(input: $input) {
  personId } }"""
SUBSCRIBE = "subscription { alertRaised { id sequence rule raisedAt offender { id } } }"
REGISTER = """mutation($url: String!) { registerWebhook(input: {url: $url}) { id } }"""

# Offenders of the caller's agency, their current home, and (for the latency workload) the
# protected address of a victim more than 2 km from that home.
MOVABLE = """
MATCH (:Agency {id: $agency})-[i:INVOLVED_IN]->(o:Offender)-[r:RESIDES_AT]->(home:Address)
WHERE (i.until IS NULL OR i.until > date()) AND r.to IS NULL AND r.kind = 'HOME'
OPTIONAL MATCH (o)-[:OFFENDED_AGAINST]->(:Victim)-[l:LOCATED_AT]->(v:Address)
WHERE l.to IS NULL AND point.distance(home.location, v.location) > 2500
WITH o, home, head(collect(v)) AS victimHome
RETURN o.id AS id, home.location AS home, victimHome.location AS victim,
       EXISTS { MATCH (a:Alert {rule: 'PROXIMITY_TO_VICTIM'})-[:CONCERNS {role: 'OFFENDER'}]->(o)
                WHERE a.dedupeKey IS NOT NULL } AS standing
ORDER BY o.id LIMIT 2000
"""

# Webhooks of earlier runs point at receivers long gone: retired, so that each run delivers to
# its own receiver only.
RETIRE_WEBHOOKS = """
MATCH (w:Webhook) SET w.enabled = false
WITH w MATCH (w)-[:DELIVERS]->(d:Delivery {state: 'PENDING'})
SET d.state = 'DROPPED', d.droppedReason = 'a later bench run'
"""


# Each move's first line is this run's own, so that the offenders moved do not all meet at one
# place (a postcode and first line are a place, whichever case records them).
RUN = uuid.uuid4().hex[:8]


def address(at: Any, bearing: float, metres: float, n: int) -> dict[str, Any]:
    lon, lat = destination(at.latitude, at.longitude, bearing, metres)
    return {"line1": f"{n} Bench Street {RUN}-{bearing:.0f}-{metres:.0f}", "town": "Benchton",
            "postcode": "M1 1AA", "latitude": lat, "longitude": lon}


def move(offender_id: str, where: dict[str, Any]) -> dict[str, Any]:
    return {"query": RECORD_ADDRESS, "variables": {"input": {
        "personId": offender_id, "address": where, "kind": "HOME",
        "from": date.today().isoformat()}}}


async def measure_sweep(graph: Graph) -> dict[str, Any]:
    settings = bench_settings()
    async with graph.driver.session(database=graph.database) as session:  # batched: implicit
        await (await session.run(
            "MATCH (n) WHERE n:Alert OR n:AlertHead OR n:Delivery OR n:Webhook "
            "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS")).consume()
    started = time.perf_counter()
    first = await sweep(graph, settings)
    raising = time.perf_counter() - started
    started = time.perf_counter()
    again = await sweep(graph, settings)
    steady = time.perf_counter() - started
    print(f"sweep: {first.offenders:,} offenders, {first.raised:,} raised in {raising:.1f} s; "
          f"again in {steady:.1f} s ({again.raised} raised)", flush=True)
    # Where the batches' time went (the code before issue 24 did not say: none).
    phases = {"raising": getattr(first, "seconds", {}), "steady": getattr(again, "seconds", {})}
    print(phases_table(phases), flush=True)
    return {"offenders": first.offenders, "raised": first.raised, "raisingSeconds": raising,
            "steadySeconds": steady, "phases": phases}


def phases_table(phases: dict[str, dict[str, float]]) -> str:
    """W8's phases, summed over its batches (which overlap), each sweep's, largest first."""
    if not phases["raising"]:
        return "sweep phases: n/a (this code does not time them)"
    order = sorted(phases["raising"], key=phases["raising"].__getitem__, reverse=True)
    return "\n".join(["| W8 phase (summed over batches) | raising s | steady s |",
                      "|---|---:|---:|",
                      *[f"| {phase} | {phases['raising'][phase]:.1f} | "
                        f"{phases['steady'].get(phase, 0):.1f} |" for phase in order]])


# Each measurement's moves go to addresses of its own: the same moves again would find the
# addresses and places the first one made, and the side measured first would pay for them all.
MEASUREMENTS = itertools.count()


async def measure_writes(clients: list[httpx.AsyncClient], graph: Graph,
                         people: list[dict[str, Any]], writes: int,
                         concurrency: int) -> dict[str, Any]:
    """`writes` moves, `concurrency` at a time, each sent to the next of `clients` in turn (a
    load balancer's round robin over the service's processes); timed until every write is
    answered and the evaluation queue is empty. Then the audit log's merge delay of the events
    the run made."""
    rng, first = random.Random(1), next(MEASUREMENTS) * 100_000
    jobs = [move(p["id"], address(p["home"], rng.uniform(0, 360), rng.uniform(50, 900),
                                  first + i))
            for i, p in enumerate(rng.choices(people, k=writes))]
    queue: asyncio.Queue[tuple[httpx.AsyncClient, dict[str, Any]]] = asyncio.Queue()
    for n, job in enumerate(jobs):
        queue.put_nowait((clients[n % len(clients)], job))
    failures = 0

    async def writer() -> None:
        nonlocal failures
        while not queue.empty():
            client, job = queue.get_nowait()
            answer = (await client.post("/graphql", json=job)).json()
            failures += "errors" in answer

    since = datetime.now(UTC)
    started = time.perf_counter()
    await asyncio.gather(*(writer() for _ in range(concurrency)))
    answered = time.perf_counter() - started
    while await pending(graph):  # noqa: ASYNC110 - the queue is in Neo4j: polled
        await asyncio.sleep(0.05)
    evaluated = time.perf_counter() - started
    delay = await merge_delay(graph, since, datetime.now(UTC))
    print(f"writes: {writes} in {evaluated:.1f} s over {len(clients)} process(es) "
          f"({writes / evaluated:.0f}/s evaluated, {writes / answered:.0f}/s answered), "
          f"{failures} failed; merge delay {merge_delay_text(delay)}", flush=True)
    return {"writes": writes, "concurrency": concurrency, "processes": len(clients),
            "failures": failures, "answeredPerSecond": writes / answered,
            "evaluatedPerSecond": writes / evaluated, "mergeDelay": delay}


# The transparency log (issue 23): its checkpoints. Before it, a hash chain.
CHECKPOINTS_SINCE = "MATCH (c:AuditCheckpoint) WHERE c.at >= $since RETURN count(c) AS n"
# Each event of the window and the time of the first checkpoint that holds it (none: null).
INTEGRATED = """
MATCH (e:AuditEvent) WHERE $since <= e.at <= $until
CALL (e) {
  OPTIONAL MATCH (c:AuditCheckpoint) WHERE c.size >= e.sequence
  RETURN c.at AS integrated ORDER BY c.size LIMIT 1
}
RETURN e.at AS at, integrated
"""


async def merge_delay(graph: Graph, since: datetime, until: datetime) -> dict[str, float] | None:
    """From each audit event of [since, until] to the first signed checkpoint whose tree holds
    it: p50, p99 and max, and the events still pending after SETTLE_S. None when the events
    were chained, not integrated: the code before the transparency log (the graph has no tree,
    or no checkpoint was made in the window)."""
    left = await settle_audit(graph)
    if left is None or not await count(graph, CHECKPOINTS_SINCE, since=since):
        return None
    rows = await cypher(graph, INTEGRATED, since=since, until=until)
    delays = sorted((row["integrated"].to_native() - row["at"].to_native()).total_seconds()
                    for row in rows if row["integrated"] is not None)
    if not delays:
        return {"events": len(rows), "pending": left}
    return {**figures(delays), "maxMs": delays[-1] * 1000, "events": len(rows),
            "pending": left}


def merge_delay_text(delay: dict[str, float] | None) -> str:
    if delay is None:
        return "n/a (hash chain)"
    if "p50Ms" not in delay:
        return f"none integrated ({delay['pending']:.0f} pending)"
    return (f"p50 {delay['p50Ms']:.0f} / p99 {delay['p99Ms']:.0f} / max {delay['maxMs']:.0f} ms"
            f" over {delay['count']:.0f} events, {delay['pending']:.0f} pending")


async def pending(graph: Graph) -> int:
    return await count(graph, "MATCH (q:EvaluationRequest {pending: true}) RETURN count(q) AS n")


class Receiver:
    def __init__(self) -> None:
        self.arrived: dict[int, float] = {}
        self.app = Starlette(routes=[Route("/hook", self.hook, methods=["POST"])])

    async def hook(self, request: Request) -> Response:
        self.arrived[json.loads(await request.body())["data"]["sequence"]] = time.perf_counter()
        return Response(status_code=204)


@asynccontextmanager
async def subscription(base_url: str, init: dict[str, str]) -> AsyncIterator[Any]:
    from websockets.asyncio.client import connect  # noqa: PLC0415 - bench-only

    url = base_url.replace("http://", "ws://") + "/graphql"
    async with connect(url, subprotocols=[PROTOCOL]) as socket:  # type: ignore[list-item]
        await socket.send(json.dumps({"type": "connection_init", "payload": init}))
        json.loads(await socket.recv())
        await socket.send(json.dumps({"id": "1", "type": "subscribe",
                                      "payload": {"query": SUBSCRIBE}}))
        yield socket


def figures(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"count": len(ordered), "p50Ms": statistics.median(ordered) * 1000,
            "p99Ms": ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000}


WARM_UP = 5  # samples taken and not counted


async def undo(client: httpx.AsyncClient, person: dict[str, Any], n: int) -> None:
    """Back home, so that the alert resolves; its evaluation is let finish, so that samples are
    taken one at a time."""
    await client.post("/graphql", json=move(person["id"], address(person["home"], 0, 1, n)))
    await asyncio.sleep(0.3)


def since(instant: datetime, arrived: float) -> float:
    """Seconds from a Neo4j timestamp (the same clock as this machine's) to `arrived`."""
    return (datetime.now(UTC) - instant).total_seconds() - (time.perf_counter() - arrived)


# Each W7 sample's evaluation request, read once its frame arrived: when the write queued it,
# when the worker claimed it and when its evaluation closed it (Neo4j's statement clocks).
STAMPS = """
MATCH (q:EvaluationRequest {offenderId: $id})
RETURN q.requestedAt AS requested, q.claimedAt AS claimed, q.evaluatedAt AS evaluated
"""
# W7's stages, one after the other: the write until it queues its request (`write`), on to the
# worker's claim of it (`toClaim`: the write's commit, the worker woken, the claim), the rules
# read (`rules`, to the raising statement), the alerts settled (`settle`, to the request's
# closing statement), and on to the frame (`toFrame`: the evaluation's commit, the bus, the
# subscription's check, read and audit of the stretch, the frame sent).
STAGES = ("write", "toClaim", "rules", "settle", "toFrame")


def stages_of(sent: float, arrived: float, *instants: datetime) -> dict[str, float]:
    """The stages of one sample (seconds), from the instants (this machine's clock, which
    Neo4j's shares) of the request queued, claimed, the alert raised and the request closed."""
    wall, now = datetime.now(UTC), time.perf_counter()
    marks = [sent, *(now - (wall - at).total_seconds() for at in instants), arrived]
    return {stage: marks[n + 1] - marks[n] for n, stage in enumerate(STAGES)}


async def keep_writing(client: httpx.AsyncClient, people: list[dict[str, Any]],
                       concurrency: int, stop: asyncio.Event) -> dict[str, float]:
    """W6's writes (moves near home), `concurrency` at a time, until `stop`; writes/s answered."""
    rng, first, done = random.Random(2), next(MEASUREMENTS) * 100_000, 0
    started = time.perf_counter()

    async def writer() -> None:
        nonlocal done
        while not stop.is_set():
            p = rng.choice(people)
            await client.post("/graphql", json=move(p["id"], address(
                p["home"], rng.uniform(0, 360), rng.uniform(50, 900), first + done)))
            done += 1

    await asyncio.gather(*(writer() for _ in range(concurrency)))
    return {"concurrency": concurrency, "answeredPerSecond": done / (time.perf_counter() - started)}


async def measure_latency(client: httpx.AsyncClient, graph: Graph, base_url: str,
                          headers: dict[str, str], people: list[dict[str, Any]], *,
                          samples: int, load: int = 0) -> dict[str, Any]:
    """W7, one sample at a time; with `load`, W6's writes at that concurrency beside it (on
    other offenders). A write commits after it stamps the evaluation request it queues and
    before its answer leaves, so commit-to-frame lies between `afterAnswer` and `afterWrite`.
    `stages` splits each sample (STAGES); `slowest` shows the slowest samples' stages."""
    # Offenders with a proximity alert standing (an earlier run cut short, or W6's moves) would
    # raise no new one.
    near = [p for p in people if p["victim"] is not None and not p["standing"]][
        :samples + WARM_UP]
    others = [p for p in people if p["victim"] is None]
    receiver = Receiver()
    frames, posts, after_answer, after_write, after_raise = [], [], [], [], []
    split: list[dict[str, float]] = []
    windows: list[tuple[datetime, datetime]] = []  # each sample's, from request to frame
    missed = 0
    stop = asyncio.Event()
    async with serving(receiver.app) as port, AsyncExitStack() as stack:
        await client.post("/graphql", json={"query": REGISTER, "variables": {
            "url": f"http://127.0.0.1:{port}/hook"}})
        init = {"authorization": headers["Authorization"], "purpose": "RISK_MANAGEMENT"}
        socket = await stack.enter_async_context(subscription(base_url, init))
        await asyncio.sleep(0.5)
        loader = asyncio.create_task(keep_writing(client, others, load, stop)) if load else None
        for n, person in enumerate(near):
            sent = time.perf_counter()
            await client.post("/graphql", json=move(
                person["id"], address(person["victim"], 90, 500, n)))
            answered = time.perf_counter()  # the write committed before its answer left
            try:
                alert = await frame_for(socket, person["id"])
            except TimeoutError:
                missed += 1
                await undo(client, person, n)
                continue
            arrived = time.perf_counter()
            if n < WARM_UP:  # the service's first evaluations plan their queries
                await undo(client, person, n)
                continue
            frames.append(arrived - sent)
            after_answer.append(max(0.0, arrived - answered))
            [stamps] = await cypher(graph, STAMPS, id=person["id"])
            after_write.append(since(stamps["requested"].to_native(), arrived))
            raised = datetime.fromisoformat(alert["raisedAt"])
            # From the raising transaction's clock to the frame.
            after_raise.append(since(raised, arrived))
            split.append(stages_of(sent, arrived, stamps["requested"].to_native(),
                                   stamps["claimed"].to_native(), raised,
                                   stamps["evaluated"].to_native()))
            windows.append((datetime.now(UTC) - timedelta(seconds=time.perf_counter() - sent),
                            datetime.now(UTC)))
            for _ in range(200):
                if alert["sequence"] in receiver.arrived:
                    posts.append(receiver.arrived[alert["sequence"]] - sent)
                    break
                await asyncio.sleep(0.01)
            await undo(client, person, n)
        stop.set()
        beside = await loader if loader else None
    pauses = neo4j_pauses()
    totals = [sum(s.values()) for s in split]
    slowest = sorted(range(len(split)), key=totals.__getitem__)[-3:][::-1]
    result: dict[str, Any] = {"subscription": figures(frames), "afterAnswer": figures(after_answer),
              "afterWrite": figures(after_write), "afterRaise": figures(after_raise),
              "webhook": figures(posts), "missed": missed, "load": beside,
              "stages": {stage: figures([s[stage] for s in split]) for stage in STAGES},
              "slowest": [{**{stage: round(split[i][stage] * 1000) for stage in STAGES},
                           "neo4jPause": paused_within(pauses, *windows[i])}
                          for i in slowest],
              "samplesWithNeo4jPause": sum(bool(paused_within(pauses, *w)) for w in windows)}
    print(f"write-to-alert{f' beside W6 at {load}' if load else ''}: subscription p50 "
          f"{result['subscription']['p50Ms']:.0f} ms, p99 {result['subscription']['p99Ms']:.0f}"
          f" ms; webhook p50 {result['webhook']['p50Ms']:.0f} ms; {missed} missed", flush=True)
    print(stages_table(result), flush=True)
    return result


# Neo4j's own note of each stop-the-world pause of its JVM (collections above all) of 200 ms or
# more, in its debug log.
PAUSE = re.compile(r"^(\S+ \S+)\s+WARN .*Detected VM stop-the-world pause: \{pauseTime=(\d+)")


def neo4j_pauses() -> list[tuple[datetime, float]]:
    """The bench Neo4j's stop-the-world pauses its debug log noted: when each ended, and ms."""
    log = STATE_DIR / "neo4j" / "logs" / "debug.log"
    if not log.exists():
        return []
    found = []
    for line in log.read_text(errors="replace").splitlines()[-20_000:]:
        if match := PAUSE.match(line):
            found.append((datetime.strptime(match[1], "%Y-%m-%d %H:%M:%S.%f%z"),
                          float(match[2])))
    return found


def paused_within(pauses: list[tuple[datetime, float]], start: datetime, end: datetime) -> int:
    """Milliseconds of Neo4j's pauses that overlap [start, end]."""
    return round(sum(max(0.0, (min(end, at) - max(start, at - timedelta(milliseconds=ms)))
                         .total_seconds() * 1000) for at, ms in pauses))


async def frame_for(socket: Any, offender_id: str) -> dict[str, Any]:
    """The next frame of a proximity alert on this offender (10 s at most)."""
    async with asyncio.timeout(10):
        while True:
            frame = json.loads(await socket.recv())
            if frame["type"] == "next":
                alert: dict[str, Any] = frame["payload"]["data"]["alertRaised"]
                if (alert["offender"]["id"], alert["rule"]) == (
                        offender_id, "PROXIMITY_TO_VICTIM"):
                    return alert


def stages_table(latency: dict[str, Any]) -> str:
    """W7's stages, p50 and p99 each, and the slowest samples split the same way."""
    stages = latency["stages"]
    return "\n".join([
        "| W7 stage | p50 ms | p99 ms |", "|---|---:|---:|",
        *[f"| {stage} | {stages[stage]['p50Ms']:.0f} | {stages[stage]['p99Ms']:.0f} |"
          for stage in STAGES],
        f"| request to frame | {latency['subscription']['p50Ms']:.0f} | "
        f"{latency['subscription']['p99Ms']:.0f} |",
        "", f"samples that a Neo4j stop-the-world pause overlapped: "
        f"{latency['samplesWithNeo4jPause']} of {latency['subscription']['count']}",
        "slowest samples (ms): " + "; ".join(
            ", ".join(f"{stage} {ms}" for stage, ms in sample.items())
            for sample in latency["slowest"])])


async def run(settings: Settings, caller: Caller, samples: int, writes: int, *,
              latency_only: bool = False, load: int = 0) -> dict[str, Any]:
    """W7 write-to-alert latency, W6 writes/s at concurrency 1 and 10 (and at 10 over two
    service processes), then W8 the sweep."""
    token = issue_dev_token(settings, caller.user, caller.agency, [Role.OFFENDER_MANAGER])
    headers = {"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"}
    results: dict[str, Any] = {}
    async with open_graph(settings) as graph:
        try:
            await cypher(graph, RETIRE_WEBHOOKS)
            people = await cypher(graph, MOVABLE, agency=caller.agency)
            with running_service() as base_url:
                async with httpx.AsyncClient(base_url=base_url, headers=headers,
                                             **CLIENT) as client:
                    await wait_ready(client)
                    results["latency"] = await measure_latency(client, graph, base_url, headers,
                                                               people, samples=samples)
                    if load:
                        results["latencyUnderLoad"] = await measure_latency(
                            client, graph, base_url, headers, people, samples=samples, load=load)
                    if not latency_only:
                        results["writes"] = {
                            str(c): await measure_writes([client], graph, people, writes // k, c)
                            for c, k in ((1, 5), (10, 1))}
                        with running_service() as second:  # a replica beside it: two processes
                            async with httpx.AsyncClient(base_url=second, headers=headers,
                                                         **CLIENT) as other:
                                await wait_ready(other)
                                await measure_writes([other], graph, people, WARM_UP * 10, 1)
                                results["writesTwoProcesses"] = await measure_writes(
                                    [client, other], graph, people, writes, 10)
            if not latency_only:  # last: a sweep writes every alert, which the others would feel
                results["sweep"] = await measure_sweep(graph)
        finally:  # a run cut short leaves the marker right, or the next would seed again
            await count_population(graph)
    return results


async def count_population(graph: Graph) -> None:
    """The population marker updated to the counts these writes leave, so that the next run
    finds the graph it seeded rather than seeding it again."""
    marker = json.loads(MARKER.read_text())
    marker["byLabel"] = await graph.read(count_nodes_by_label)
    MARKER.write_text(json.dumps(marker, indent=2))


@contextmanager
def running_services(
    checkout: Path, processes: int, *, one_worker: bool = False
) -> Iterator[list[str]]:
    """`processes` services of `checkout` (each as `mappa serve` runs it, with the alert worker;
    with `one_worker`, the first only) on the one Neo4j; their base URLs."""
    with ExitStack() as stack:
        yield [stack.enter_context(running_service(
            checkout, {"MAPPA_RUN_WORKER": "false"} if one_worker and n else None))
            for n in range(processes)]


async def compare_writes(settings: Settings, caller: Caller, writes: int, baseline: Path | None,
                         runs: int, *, processes: list[int],
                         concurrencies: list[int], one_worker: bool = False) -> dict[str, Any]:
    """W6 of this checkout's service (and of `baseline`'s), as one process and as several
    sharing the Neo4j, alternately, `runs` times: the medians of writes/s evaluated (and
    answered) at each concurrency, the merge delay's, and this one's over that one's."""
    token = issue_dev_token(settings, caller.user, caller.agency, [Role.OFFENDER_MANAGER])
    headers = {"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"}
    sides = [("service", PROJECT_ROOT)] + ([("baseline", baseline)] if baseline else [])
    seen: dict[str, dict[str, list[dict[str, Any]]]] = {
        side: {f"{p}x{c}": [] for p in processes for c in concurrencies} for side, _ in sides}
    async with open_graph(settings) as graph:
        await cypher(graph, RETIRE_WEBHOOKS)
        people = await cypher(graph, MOVABLE, agency=caller.agency)
        try:
            for n in range(runs):  # each side and count of processes first every other run
                for side, checkout in sides[::-1] if n % 2 else sides:
                    for p in processes[::-1] if n % 2 else processes:
                        print(f"run {n + 1} of {runs}: {side} ({checkout}), {p} process(es)",
                              flush=True)
                        async with audit_trail_of(graph, checkout), AsyncExitStack() as stack:
                            urls = stack.enter_context(
                                running_services(checkout, p, one_worker=one_worker))
                            # Idle between measurements: connections dropped before the
                            # server drops them (bench/latency.py, CLIENT).
                            clients = [await stack.enter_async_context(httpx.AsyncClient(
                                base_url=url, headers=headers, **CLIENT)) for url in urls]
                            for client in clients:
                                await wait_ready(client)
                            # Not counted: a new process plans its queries on its first writes.
                            await measure_writes(clients, graph, people, WARM_UP * 10 * p, 1)
                            for c in concurrencies:
                                seen[side][f"{p}x{c}"].append(await measure_writes(
                                    clients, graph, people, writes // 5 if c == 1 else writes, c))
        finally:  # a run cut short leaves the marker right, or the next would seed again
            await count_population(graph)
    medians = {side: {key: median_writes(samples) for key, samples in by_key.items()}
               for side, by_key in seen.items()}
    result: dict[str, Any] = {"runs": runs, "baseline": str(baseline) if baseline else None,
                              "medians": medians, "seen": seen}
    if baseline:
        result["ratio"] = {key: medians["service"][key]["evaluatedPerSecond"] /
                           medians["baseline"][key]["evaluatedPerSecond"]
                           for key in medians["service"]}
    print(writes_table(medians), flush=True)
    return result


async def compare_latency(settings: Settings, caller: Caller, baseline: Path, runs: int, *,
                          samples: int, load: int) -> dict[str, Any]:
    """W7 of this checkout's service and of `baseline`'s, alternately, `runs` times: alone and,
    with `load`, beside W6's writes at that concurrency; the medians over runs of each figure,
    and this one's p50 and p99 over that one's."""
    token = issue_dev_token(settings, caller.user, caller.agency, [Role.OFFENDER_MANAGER])
    headers = {"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"}
    sides = [("service", PROJECT_ROOT), ("baseline", baseline)]
    kinds = ["alone"] + ([f"beside W6 at {load}"] if load else [])
    seen: dict[str, dict[str, list[dict[str, Any]]]] = {
        side: {kind: [] for kind in kinds} for side, _ in sides}
    async with open_graph(settings) as graph:
        try:
            for n in range(runs):
                for side, checkout in sides[::-1] if n % 2 else sides:
                    print(f"run {n + 1} of {runs}: W7 of {side} ({checkout})", flush=True)
                    await cypher(graph, RETIRE_WEBHOOKS)
                    # Read again each time: the moves change who lives where.
                    people = await cypher(graph, MOVABLE, agency=caller.agency)
                    async with audit_trail_of(graph, checkout), AsyncExitStack() as stack:
                        url = stack.enter_context(running_service(checkout))
                        client = await stack.enter_async_context(httpx.AsyncClient(
                            base_url=url, headers=headers, **CLIENT))
                        await wait_ready(client)
                        for kind in kinds:
                            seen[side][kind].append(await measure_latency(
                                client, graph, url, headers, people, samples=samples,
                                load=load if kind != "alone" else 0))
        finally:
            await count_population(graph)
    medians = {side: {kind: {figure: {key: statistics.median(run[figure][key] for run in got)
                                      for key in ("p50Ms", "p99Ms")}
                             for figure in ("subscription", "afterWrite", "afterAnswer",
                                            "webhook")}
                      for kind, got in by_kind.items()}
               for side, by_kind in seen.items()}
    ratio = {kind: {key: medians["service"][kind]["subscription"][key] /
                    medians["baseline"][kind]["subscription"][key] for key in ("p50Ms", "p99Ms")}
             for kind in kinds}
    lines = ["| side | W7 | request to frame p50 / p99 ms | commit to frame (between) p50 / "
             "p99 ms | request to webhook p50 / p99 ms |", "|---|---|---|---|---|"]
    for side, by_kind in medians.items():
        for kind, m in by_kind.items():
            lines.append(
                f"| {side} | {kind} | {m['subscription']['p50Ms']:.0f} / "
                f"{m['subscription']['p99Ms']:.0f} | {m['afterAnswer']['p50Ms']:.0f}-"
                f"{m['afterWrite']['p50Ms']:.0f} / {m['afterAnswer']['p99Ms']:.0f}-"
                f"{m['afterWrite']['p99Ms']:.0f} | {m['webhook']['p50Ms']:.0f} / "
                f"{m['webhook']['p99Ms']:.0f} |")
    lines += [f"\nthis over the baseline, {kind}: p50 {r['p50Ms']:.2f}x, p99 {r['p99Ms']:.2f}x"
              for kind, r in ratio.items()]
    print("\n".join(lines), flush=True)
    return {"runs": runs, "baseline": str(baseline), "medians": medians, "ratio": ratio,
            "seen": seen}


async def compare_sweep(baseline: Path, runs: int) -> dict[str, Any]:
    """W8 by this checkout's code and by `baseline`'s, alternately, `runs` times, each from no
    alerts at all (so every run raises the same alerts on the same graph): the medians of the
    raising and the standing sweep's seconds, and this one's over that one's."""
    sides = [("service", PROJECT_ROOT), ("baseline", baseline)]
    seen: dict[str, list[dict[str, Any]]] = {side: [] for side, _ in sides}
    for n in range(runs):
        for side, checkout in sides[::-1] if n % 2 else sides:
            print(f"run {n + 1} of {runs}: W8 of {side} ({checkout})", flush=True)
            seen[side].append(await sweep_phase(checkout))
    medians = {side: {key: statistics.median(run[key] for run in got)
                      for key in ("raisingSeconds", "steadySeconds")}
               for side, got in seen.items()}
    ratio = {key: medians["service"][key] / medians["baseline"][key]
             for key in ("raisingSeconds", "steadySeconds")}
    print("| side | W8 raising s | W8 standing s |\n|---|---:|---:|\n" + "\n".join(
        f"| {side} | {m['raisingSeconds']:.1f} | {m['steadySeconds']:.1f} |"
        for side, m in medians.items()) + f"\n\nthis over the baseline: raising "
        f"{ratio['raisingSeconds']:.2f}x, standing {ratio['steadySeconds']:.2f}x", flush=True)
    return {"runs": runs, "baseline": str(baseline), "medians": medians, "ratio": ratio,
            "seen": seen}


async def sweep_phase(checkout: Path) -> dict[str, Any]:
    """`measure_sweep` by `checkout`'s code, in a child process that imports its `app`
    (bench/with_checkout.py), this one's too, so that both sides start alike; its figures."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.with_checkout", str(checkout), "bench.alerts",
        "--sweep-phase", cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
        env={**os.environ, "MAPPA_BENCH_DIR": str(STATE_DIR), "MAPPA_BENCH_PORT": str(BENCH_PORT)})
    out, _ = await child.communicate()
    if child.returncode:
        raise RuntimeError(f"the sweep of {checkout} failed (exit {child.returncode})")
    return dict(json.loads(out.decode().strip().splitlines()[-1]))


def sweep_phase_main() -> None:
    """The child of `sweep_phase`: W8 by this process's `app`; figures on stdout's last line."""
    settings = bench_settings()
    load_all_queries(settings.queries_dir)

    async def one() -> dict[str, Any]:
        async with open_graph(settings) as graph:
            try:
                return await measure_sweep(graph)
            finally:
                await count_population(graph)

    with redirect_stdout(sys.stderr):
        found = asyncio.run(one())
    print(json.dumps(found))


def median_writes(samples: list[dict[str, Any]]) -> dict[str, Any]:
    """The median over runs of each figure: writes/s, and the merge delay's (None: chained)."""
    found: dict[str, Any] = {key: statistics.median(run[key] for run in samples)
                             for key in ("evaluatedPerSecond", "answeredPerSecond")}
    found["failures"] = sum(run["failures"] for run in samples)
    delays = [run["mergeDelay"] for run in samples if run["mergeDelay"] is not None]
    found["mergeDelay"] = ({key: statistics.median(d.get(key, 0) for d in delays)
                            for key in ("p50Ms", "p99Ms", "maxMs", "pending")}
                           if delays else None)
    return found


def writes_table(medians: dict[str, dict[str, dict[str, Any]]]) -> str:
    """W6 as a markdown table: one row per side, processes and concurrency."""
    lines = ["| side | processes | concurrency | writes/s evaluated | writes/s answered "
             "| failed | merge delay p50 / p99 / max ms (pending) |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for side, by_key in medians.items():
        for key, m in by_key.items():
            p, c = key.split("x")
            delay = m["mergeDelay"]
            shown = ("n/a (hash chain)" if delay is None else
                     f"{delay['p50Ms']:.0f} / {delay['p99Ms']:.0f} / {delay['maxMs']:.0f} "
                     f"({delay['pending']:.0f})")
            lines.append(f"| {side} | {p} | {c} | {m['evaluatedPerSecond']:.1f} | "
                         f"{m['answeredPerSecond']:.1f} | {m['failures']} | {shown} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offenders", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="5,000 offenders, fewer samples")
    parser.add_argument("--latency-only", action="store_true", help="only W7")
    parser.add_argument("--load", type=int, default=0, metavar="C",
                        help="W7 again beside W6's writes at concurrency C")
    parser.add_argument("--baseline", type=Path, metavar="CHECKOUT",
                        help="this code beside that checkout's, side by side: W6 alone, or W7 "
                        "with --latency-only (and --load), or W8 with --sweep-only")
    parser.add_argument("--writes-only", action="store_true",
                        help="W6 alone, this service only (as --baseline, without one)")
    parser.add_argument("--sweep-only", action="store_true", help="only W8")
    parser.add_argument("--sweep-phase", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=3, help="with --baseline: runs (median)")
    parser.add_argument("--processes", type=int, default=1, metavar="N",
                        help="with --baseline or --writes-only: W6 with one service process "
                        "and with N sharing the Neo4j, side by side")
    parser.add_argument("--one-worker", action="store_true",
                        help="with --processes: the alert worker (and the audit sequencer) in "
                        "the first process only, the others serving requests alone")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10],
                        help="with --baseline or --writes-only: W6's concurrencies")
    args = parser.parse_args()
    if args.sweep_phase:
        sweep_phase_main()
        return
    offenders = QUICK_OFFENDERS if args.quick else args.offenders
    settings = bench_settings()

    async def measure() -> dict[str, Any]:
        caller = await prepare(settings, offenders, 1, 10)
        if args.baseline is not None and args.latency_only:
            return await compare_latency(settings, caller, args.baseline.resolve(), args.runs,
                                         samples=30 if args.quick else 100, load=args.load)
        if args.sweep_only:
            if args.baseline is not None:
                return await compare_sweep(args.baseline.resolve(), args.runs)
            return await sweep_phase(PROJECT_ROOT)
        if args.baseline is not None or args.writes_only:
            return await compare_writes(
                settings, caller, 200 if args.quick else 1_000,
                args.baseline.resolve() if args.baseline else None, args.runs,
                processes=sorted({1, args.processes}), concurrencies=args.concurrency,
                one_worker=args.one_worker)
        return await run(settings, caller, samples=30 if args.quick else 100,
                         writes=200 if args.quick else 1_000, latency_only=args.latency_only,
                         load=args.load)

    print(json.dumps(asyncio.run(measure()), indent=2))


if __name__ == "__main__":
    main()
