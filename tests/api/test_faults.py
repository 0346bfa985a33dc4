"""Faults, on real servers: Neo4j stopped under load (a local Neo4j of this module's own, stopped
and started again while clients read and write through a live API), and the API process killed
while it evaluates alerts. Nothing may be lost: every answered write is evaluated once Neo4j is
back, every request that got data left its durable audit event, and the chain verifies.

Waits are bounded by generous timeouts that only catch hangs; the figures (how fast requests
failed, how long recovery took) are printed for the report, not asserted."""

import asyncio
import os
import signal
import sys
import time
from asyncio.subprocess import Process
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.alerts.evaluator import evaluate
from app.alerts.rules import Limits
from app.main import create_app
from app.platform.neo4j import migrations
from app.platform.neo4j.driver import Graph, open_graph
from app.settings import PROJECT_ROOT, Settings
from dev import local_neo4j
from seed.demo import PERSONAS
from seed.load import load_demo, reset_graph
from tests.api.live import bearer, free_port, serving
from tests.graph import cypher, verified

HANG = 90.0  # no request may take this long: they fail in seconds while Neo4j is away (a cold
# Neo4j on a busy two-core machine may take tens of seconds over its first queries)
OFFICER = next(p for p in PERSONAS if p.officer_id == "demo.probation.om")
# Offenders whose cases probation works (each condition breach raises NON_COMPLIANCE).
CASES = ["DEMO-OFF-01", "DEMO-OFF-02", "DEMO-OFF-03", "DEMO-OFF-04", "DEMO-OFF-06",
         "DEMO-OFF-07", "DEMO-OFF-08", "DEMO-OFF-09", "DEMO-OFF-10", "DEMO-OFF-11",
         "DEMO-OFF-12", "DEMO-OFF-13", "DEMO-OFF-14"]
READ = "query($id: ID!) { offender(id: $id) { id name level } }"
BREACH = """mutation($id: ID!, $at: DateTime!) { recordComplianceEvent(input: {offenderId: $id,
  kind: CONDITION_BREACH, at: $at, outcome: "WARNING"}) { id } }"""


@pytest.fixture(scope="module")
def own_neo4j(settings: Settings) -> Iterator[Settings]:
    """A Neo4j of this module's own (never the shared test server), for stopping."""
    own = settings.model_copy(update={
        "state_dir": PROJECT_ROOT / ".mappa" / "faults",
        "local_neo4j_cache_dir": settings.local_neo4j_cache_dir or settings.state_dir,
        "neo4j_uri": None,
        "local_neo4j_port": int(os.environ.get("MAPPA_FAULT_NEO4J_PORT") or free_port()),
        "local_neo4j_heap": "512m", "local_neo4j_pagecache": "256m",
        "worker_poll_s": 0.2, "worker_lease_s": 3.0,
    })
    local_neo4j.stop(own, echo=lambda _: None)  # one a crashed run left behind
    local_neo4j.start(own, echo=lambda _: None)
    try:
        yield own
    finally:
        local_neo4j.stop(own, echo=lambda _: None)


@pytest.fixture
async def own_graph(own_neo4j: Settings, session_graph: Graph) -> AsyncIterator[Graph]:
    """The demo scenario on the module's own Neo4j (queries loaded by session_graph)."""
    async with open_graph(own_neo4j) as graph:
        await migrations.migrate(graph, own_neo4j.schema_dir)
        await reset_graph(graph)
        await load_demo(graph, datetime.now(UTC).date())
        yield graph


@dataclass
class Tally:
    """What the clients saw: answers with data, error codes, the slowest failure."""

    answered: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    messages: Counter[str] = field(default_factory=Counter)
    written: set[str] = field(default_factory=set)
    slowest_failure_s: float = 0.0
    slowest_answer_s: float = 0.0

    def saw(self, operation: str, body: dict[str, Any], took: float) -> bool:
        if body.get("errors"):
            self.codes.update(e["extensions"]["code"] for e in body["errors"])
            self.messages.update(e["message"] for e in body["errors"])
            self.slowest_failure_s = max(self.slowest_failure_s, took)
            return False
        self.answered[operation] += 1
        self.slowest_answer_s = max(self.slowest_answer_s, took)
        return True


async def client_loop(
    client: httpx.AsyncClient, headers: dict[str, str], number: int, tally: Tally,
    stop: asyncio.Event,
) -> None:
    """Alternate a read and a condition breach on this client's own cases until told to stop."""
    step = 0
    while not stop.is_set():
        offender = CASES[(number + 4 * step) % len(CASES)]
        write = step % 2 == 1
        payload = ({"query": BREACH, "variables": {"id": offender,
                                                   "at": datetime.now(UTC).isoformat()}}
                   if write else {"query": READ, "variables": {"id": offender}})
        started = time.monotonic()
        async with asyncio.timeout(HANG):
            response = await client.post("/graphql", json=payload, headers=headers)
        if tally.saw("write" if write else "read", response.json(),
                     time.monotonic() - started) and write:
            tally.written.add(offender)
        step += 1
        await asyncio.sleep(0.05)


async def wait_for(check: Any, what: str, within: float = 120.0) -> float:
    """Poll `check()` until true; return how long it took (fails only on a hang)."""
    started = time.monotonic()
    try:
        async with asyncio.timeout(within):
            while True:
                if await check():
                    return time.monotonic() - started
                await asyncio.sleep(0.2)
    except TimeoutError:
        raise AssertionError(f"hung after {within:.0f} s waiting until {what}") from None


async def counts(graph: Graph) -> dict[str, Any]:
    [row] = await cypher(graph, """
        CALL () { MATCH (e:AuditEvent) RETURN count(e) AS events,
                  count(CASE WHEN e.outcome = 'OK' THEN 1 END) AS okEvents }
        CALL () { MATCH (a:Alert) RETURN count(a) AS alerts, max(a.sequence) AS sequence }
        CALL () { MATCH (q:EvaluationRequest {pending: true}) RETURN count(q) AS pending }
        RETURN events, okEvents, alerts, sequence, pending""")
    return row


async def test_neo4j_stopped_under_load_fails_fast_then_recovers_losing_nothing(
    own_neo4j: Settings, own_graph: Graph,
) -> None:
    headers = {"Authorization": bearer(own_neo4j, OFFICER), "X-Purpose-Of-Use": "RISK_MANAGEMENT"}
    tally, stop = Tally(), asyncio.Event()
    async with serving(create_app(own_neo4j)) as port, httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", timeout=HANG) as client:
        baseline = await counts(own_graph)
        clients = [asyncio.create_task(client_loop(client, headers, n, tally, stop))
                   for n in range(4)]
        await wait_for(lambda: asyncio.sleep(0, tally.answered["write"] >= 8), "writes")

        async def raised() -> bool:
            return bool((await counts(own_graph))["alerts"] > 0)

        await wait_for(raised, "the first writes' alerts are raised")
        before = await counts(own_graph)
        alerts_before = await cypher(own_graph, "MATCH (a:Alert) RETURN a.id AS id")

        stopped_at = time.monotonic()
        await asyncio.to_thread(local_neo4j.stop, own_neo4j, lambda _: None)
        async with asyncio.timeout(HANG):
            down = await client.get("/readyz")
        assert (down.status_code, down.json()["ready"]) == (503, False)
        failed_before = sum(tally.codes.values())
        await wait_for(lambda: asyncio.sleep(0, sum(tally.codes.values()) >= failed_before + 8),
                       "failures while Neo4j is away")

        await asyncio.to_thread(local_neo4j.start, own_neo4j, lambda _: None)
        restarted_at = time.monotonic()
        answered = sum(tally.answered.values())
        recovery_s = await wait_for(
            lambda: asyncio.sleep(0, sum(tally.answered.values()) >= answered + 8),
            "answers again, without a restart of the API")
        async with asyncio.timeout(HANG):
            up = await client.get("/readyz")
        stop.set()
        await asyncio.gather(*clients)

        async def drained() -> bool:
            return bool((await counts(own_graph))["pending"] == 0)

        catch_up_s = await wait_for(drained, "the API's worker catches up with the queue")

    assert (up.status_code, up.json()["ready"]) == (200, True)
    assert set(tally.codes) == {"UNAVAILABLE"}, tally.codes  # never INTERNAL, nor anything else
    bolt_port = str(own_neo4j.local_neo4j_port)
    assert not [m for m in tally.messages if bolt_port in m], "no answer says where Neo4j lives"
    after = await counts(own_graph)
    kept = await cypher(own_graph, "MATCH (a:Alert) WHERE a.id IN $ids RETURN count(a) AS n",
                        ids=[row["id"] for row in alerts_before])
    assert kept == [{"n": len(alerts_before)}], "no alert raised before the fault is lost"
    assert after["alerts"] == after["sequence"], "alert sequence numbers have no gap"
    breached = await cypher(own_graph, """
        MATCH (a:Alert {rule: 'NON_COMPLIANCE', status: 'OPEN'})-[:CONCERNS]->(o:Offender)
        RETURN collect(DISTINCT o.id) AS ids""")
    assert tally.written <= set(breached[0]["ids"]), "every answered write was evaluated"
    # Every answer with data had its durable audit event (a write whose transaction committed
    # while its answer was lost to the fault may have one too).
    assert after["okEvents"] - baseline["okEvents"] >= sum(tally.answered.values())
    status = await verified(own_graph, own_neo4j)
    assert status.ok, status.detail
    print(f"\nNeo4j stopped under load: {dict(tally.answered)} answered, {dict(tally.codes)}; "
          f"slowest failure {tally.slowest_failure_s:.1f} s, slowest answer "
          f"{tally.slowest_answer_s:.1f} s; answers again "
          f"{recovery_s:.1f} s after Neo4j was up ({restarted_at - stopped_at:.1f} s down); "
          f"queue caught up {catch_up_s:.1f} s later; alerts {before['alerts']} -> "
          f"{after['alerts']}, audit events {before['events']} -> {after['events']}, chain "
          f"{status.length} events verified")


@asynccontextmanager
async def mappa_serve(settings: Settings, port: int) -> AsyncIterator[Process]:
    """`mappa serve` as a real process on `port`, on the module's Neo4j, with a short lease;
    yielded once /readyz says ready, stopped (if still running) on exit."""
    env = os.environ | {
        "MAPPA_STATE_DIR": str(settings.state_dir),  # its development key signs our tokens
        "MAPPA_LOCAL_NEO4J_PORT": str(settings.local_neo4j_port),
        "MAPPA_WORKER_LEASE_S": "2", "MAPPA_WORKER_POLL_S": "0.2", "MAPPA_WORKER_BATCH": "1",
    }
    env.pop("MAPPA_NEO4J_URI", None)
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "mappa"), "serve", "--port", str(port),
        env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:

            async def ready() -> bool:
                assert process.returncode is None, "mappa serve exited"
                try:
                    return (await client.get("/readyz")).status_code == 200
                except httpx.TransportError:
                    return False

            await wait_for(ready, "mappa serve answers")
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
            async with asyncio.timeout(HANG):
                await process.wait()


async def test_the_api_killed_during_evaluation_loses_nothing(
    own_neo4j: Settings, own_graph: Graph,
) -> None:
    """kill -9 while the worker inside `mappa serve` evaluates (held mid-transaction on the alert
    head's lock, which this test takes, so that the kill lands inside an evaluation); the next
    process takes the dead one's claims once their lease lapses and raises every alert."""
    headers = {"Authorization": bearer(own_neo4j, OFFICER), "X-Purpose-Of-Use": "RISK_MANAGEMENT"}
    await cypher(own_graph, "MERGE (h:AlertHead {id: 'alerts'}) ON CREATE SET h.sequence = 0")
    baseline = await counts(own_graph)
    port = free_port()
    async with own_graph.driver.session(database=own_graph.database) as session:
        holding = await session.begin_transaction()
        await (await holding.run(
            "MATCH (h:AlertHead {id: 'alerts'}) SET h.heldByTest = true")).consume()
        async with mappa_serve(own_neo4j, port) as first, httpx.AsyncClient(
                base_url=f"http://127.0.0.1:{port}", timeout=HANG) as client:
            for offender in CASES:
                response = await client.post("/graphql", headers=headers, json={
                    "query": BREACH,
                    "variables": {"id": offender, "at": datetime.now(UTC).isoformat()}})
                assert "errors" not in response.json(), response.json()

            async def evaluating() -> bool:
                [row] = await cypher(own_graph, """
                    MATCH (q:EvaluationRequest {pending: true})
                    WHERE q.leasedBy STARTS WITH 'worker:' RETURN count(q) AS n""")
                return bool(row["n"])

            await wait_for(evaluating, "the worker has claimed a request")
            first.send_signal(signal.SIGKILL)
            async with asyncio.timeout(HANG):
                await first.wait()
        await holding.rollback()
    killed = await counts(own_graph)
    assert killed["pending"] == len(CASES), "the dead process's claims are still pending"
    assert killed["alerts"] == baseline["alerts"]

    started = time.monotonic()
    async with mappa_serve(own_neo4j, port):

        async def drained() -> bool:
            return bool((await counts(own_graph))["pending"] == 0)

        await wait_for(drained, "the next process evaluates what the dead one held")
    recovered_s = time.monotonic() - started
    after = await counts(own_graph)
    assert after["alerts"] == after["sequence"], "alert sequence numbers have no gap"
    [breached] = await cypher(own_graph, """
        MATCH (a:Alert {rule: 'NON_COMPLIANCE', status: 'OPEN'})-[:CONCERNS]->(o:Offender)
        RETURN collect(DISTINCT o.id) AS ids""")
    assert sorted(breached["ids"]) == sorted(CASES)
    again = await evaluate(own_graph, CASES, Limits.from_settings(own_neo4j))
    assert again.raised == [], "evaluating the written cases again finds nothing missed"
    assert after["okEvents"] - baseline["okEvents"] >= len(CASES)
    status = await verified(own_graph, own_neo4j)
    assert status.ok, status.detail
    print(f"\nmappa serve killed during evaluation: {len(CASES)} writes answered, "
          f"{killed['pending']} requests pending at the kill; alerts {killed['alerts']} -> "
          f"{after['alerts']}, audit events {killed['events']} -> {after['events']}, chain "
          f"{status.length} verified; the restarted process (start included) drained the queue "
          f"in {recovered_s:.1f} s")
