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

With `--baseline`, W6 alone runs against this checkout's service and the other checkout's, one
after the other in each run (on the same graph and the same machine), and prints the medians and
their ratios.

`mappa bench` runs these with the reads and writes the report (bench/run.py). The graph is
the one bench/latency.py uses (.mappa/bench, port 7697); these writes move some
offenders, and the population marker is updated to the counts they leave.
"""

import argparse
import asyncio
import json
import random
import statistics
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
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
from app.settings import PROJECT_ROOT, Settings
from bench.latency import (
    MARKER,
    QUICK_OFFENDERS,
    Caller,
    bench_settings,
    prepare,
    running_service,
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
RETURN o.id AS id, home.location AS home, victimHome.location AS victim
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


async def measure_sweep(graph: Graph) -> dict[str, float]:
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
    return {"offenders": first.offenders, "raised": first.raised, "raisingSeconds": raising,
            "steadySeconds": steady}


async def measure_writes(client: httpx.AsyncClient, graph: Graph, people: list[dict[str, Any]],
                         writes: int, concurrency: int) -> dict[str, float]:
    rng = random.Random(1)
    jobs = [move(p["id"], address(p["home"], rng.uniform(0, 360), rng.uniform(50, 900), i))
            for i, p in enumerate(rng.choices(people, k=writes))]
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    failures = 0

    async def writer() -> None:
        nonlocal failures
        while not queue.empty():
            answer = (await client.post("/graphql", json=queue.get_nowait())).json()
            failures += "errors" in answer

    started = time.perf_counter()
    await asyncio.gather(*(writer() for _ in range(concurrency)))
    answered = time.perf_counter() - started
    while await pending(graph):  # noqa: ASYNC110 - the queue is in Neo4j: polled
        await asyncio.sleep(0.05)
    evaluated = time.perf_counter() - started
    print(f"writes: {writes} in {evaluated:.1f} s ({writes / evaluated:.0f}/s evaluated, "
          f"{writes / answered:.0f}/s answered), {failures} failed", flush=True)
    return {"writes": writes, "concurrency": concurrency, "failures": failures,
            "answeredPerSecond": writes / answered, "evaluatedPerSecond": writes / evaluated}


async def pending(graph: Graph) -> int:
    rows = await cypher(graph, "MATCH (q:EvaluationRequest {pending: true}) RETURN count(q) AS n")
    return int(rows[0]["n"])


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


async def measure_latency(client: httpx.AsyncClient, graph: Graph, base_url: str,
                          headers: dict[str, str], people: list[dict[str, Any]], *,
                          samples: int) -> dict[str, Any]:
    """W7. A write commits after it stamps the evaluation request it queues and before its
    answer leaves, so commit-to-frame lies between `afterAnswer` and `afterWrite`."""
    near = [p for p in people if p["victim"] is not None][:samples + WARM_UP]
    receiver = Receiver()
    frames, posts, after_answer, after_write, after_raise = [], [], [], [], []
    async with serving(receiver.app) as port:
        await client.post("/graphql", json={"query": REGISTER, "variables": {
            "url": f"http://127.0.0.1:{port}/hook"}})
        init = {"authorization": headers["Authorization"], "purpose": "RISK_MANAGEMENT"}
        async with subscription(base_url, init) as socket:
            await asyncio.sleep(0.5)
            for n, person in enumerate(near):
                sent = time.perf_counter()
                await client.post("/graphql", json=move(
                    person["id"], address(person["victim"], 90, 500, n)))
                answered = time.perf_counter()  # the write committed before its answer left
                while True:
                    frame = json.loads(await asyncio.wait_for(socket.recv(), 10))
                    if frame["type"] == "next":
                        alert = frame["payload"]["data"]["alertRaised"]
                        if (alert["offender"]["id"], alert["rule"]) == (
                                person["id"], "PROXIMITY_TO_VICTIM"):
                            break
                arrived = time.perf_counter()
                if n < WARM_UP:  # the service's first evaluations plan their queries
                    await undo(client, person, n)
                    continue
                frames.append(arrived - sent)
                after_answer.append(max(0.0, arrived - answered))
                [queued] = await cypher(graph, "MATCH (q:EvaluationRequest {offenderId: $id}) "
                                        "RETURN q.requestedAt AS at", id=person["id"])
                after_write.append(since(queued["at"].to_native(), arrived))
                # From the raising transaction's clock to the frame.
                after_raise.append(since(datetime.fromisoformat(alert["raisedAt"]), arrived))
                for _ in range(200):
                    if alert["sequence"] in receiver.arrived:
                        posts.append(receiver.arrived[alert["sequence"]] - sent)
                        break
                    await asyncio.sleep(0.01)
                await undo(client, person, n)
    result = {"subscription": figures(frames), "afterAnswer": figures(after_answer),
              "afterWrite": figures(after_write), "afterRaise": figures(after_raise),
              "webhook": figures(posts)}
    print(f"write-to-alert: subscription p50 {result['subscription']['p50Ms']:.0f} ms, "
          f"p99 {result['subscription']['p99Ms']:.0f} ms; webhook p50 "
          f"{result['webhook']['p50Ms']:.0f} ms", flush=True)
    return result


async def run(settings: Settings, caller: Caller, samples: int, writes: int,
              latency_only: bool = False) -> dict[str, Any]:
    """W7 write-to-alert latency, W6 writes/s at concurrency 1 and 10, then W8 the sweep."""
    token = issue_dev_token(settings, caller.user, caller.agency, [Role.OFFENDER_MANAGER])
    headers = {"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"}
    results: dict[str, Any] = {}
    async with open_graph(settings) as graph:
        await cypher(graph, RETIRE_WEBHOOKS)
        people = await cypher(graph, MOVABLE, agency=caller.agency)
        with running_service() as base_url:
            async with httpx.AsyncClient(base_url=base_url, headers=headers,
                                         timeout=60) as client:
                await wait_ready(client)
                results["latency"] = await measure_latency(client, graph, base_url, headers,
                                                           people, samples=samples)
                if not latency_only:
                    results["writes"] = {
                        str(c): await measure_writes(client, graph, people, writes // k, c)
                        for c, k in ((1, 5), (10, 1))}
        if not latency_only:  # last: a sweep writes every alert, which the others would feel
            results["sweep"] = await measure_sweep(graph)
        await count_population(graph)
    return results


async def count_population(graph: Graph) -> None:
    """The population marker updated to the counts these writes leave, so that the next run
    finds the graph it seeded rather than seeding it again."""
    marker = json.loads(MARKER.read_text())
    marker["byLabel"] = await graph.read(count_nodes_by_label)
    MARKER.write_text(json.dumps(marker, indent=2))


async def compare_writes(settings: Settings, caller: Caller, writes: int, baseline: Path,
                         runs: int) -> dict[str, Any]:
    """W6 of this checkout's service and of `baseline`'s, alternately, `runs` times: the medians
    of writes/s evaluated (and answered) at concurrency 1 and 10, and this one's over that one's."""
    token = issue_dev_token(settings, caller.user, caller.agency, [Role.OFFENDER_MANAGER])
    headers = {"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"}
    seen: dict[str, dict[int, list[dict[str, float]]]] = {
        side: {1: [], 10: []} for side in ("service", "baseline")}
    async with open_graph(settings) as graph:
        await cypher(graph, RETIRE_WEBHOOKS)
        people = await cypher(graph, MOVABLE, agency=caller.agency)
        sides = [("service", PROJECT_ROOT), ("baseline", baseline)]
        for n in range(runs):  # each side first in every other run
            for side, checkout in sides[::-1] if n % 2 else sides:
                with running_service(checkout) as base_url:
                    async with httpx.AsyncClient(base_url=base_url, headers=headers,
                                                 timeout=60) as client:
                        await wait_ready(client)
                        # Not counted: a new process plans its queries on its first writes.
                        await measure_writes(client, graph, people, WARM_UP * 10, 1)
                        for c, k in ((1, 5), (10, 1)):
                            seen[side][c].append(
                                await measure_writes(client, graph, people, writes // k, c))
        await count_population(graph)
    medians = {side: {str(c): {key: statistics.median(run[key] for run in samples)
                               for key in ("evaluatedPerSecond", "answeredPerSecond")}
                      for c, samples in by_c.items()} for side, by_c in seen.items()}
    return {"runs": runs, "baseline": str(baseline), "medians": medians,
            "ratio": {c: medians["service"][c]["evaluatedPerSecond"] /
                      medians["baseline"][c]["evaluatedPerSecond"] for c in ("1", "10")}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offenders", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="5,000 offenders, fewer samples")
    parser.add_argument("--latency-only", action="store_true", help="only W7")
    parser.add_argument("--baseline", type=Path, metavar="CHECKOUT",
                        help="W6 alone, this service beside that checkout's, side by side")
    parser.add_argument("--runs", type=int, default=3, help="with --baseline: runs (median)")
    args = parser.parse_args()
    offenders = QUICK_OFFENDERS if args.quick else args.offenders
    settings = bench_settings()

    async def measure() -> dict[str, Any]:
        caller = await prepare(settings, offenders, 1, 10)
        if args.baseline is not None:
            return await compare_writes(settings, caller, 200 if args.quick else 1_000,
                                        args.baseline.resolve(), args.runs)
        return await run(settings, caller, samples=30 if args.quick else 100,
                         writes=200 if args.quick else 1_000, latency_only=args.latency_only)

    print(json.dumps(asyncio.run(measure()), indent=2))


if __name__ == "__main__":
    main()
