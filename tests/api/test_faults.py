"""Faults, on real servers: Neo4j stopped under load (a local Neo4j of this module's own, stopped
and started again while clients read and write through a live API), and the API process killed
while it evaluates alerts. Nothing may be lost: every answered write is evaluated once Neo4j is
back, every request that got data left its durable audit event, and the chain verifies.

Waits are bounded by generous timeouts that only catch hangs; the figures (how fast requests
failed, how long recovery took) are printed for the report, not asserted."""

import asyncio
import os
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from app import local_neo4j
from app.audit.trail import verify_chain
from app.graph import migrations
from app.graph.driver import Graph, open_graph
from app.main import create_app
from app.settings import PROJECT_ROOT, Settings
from seed.demo import PERSONAS
from seed.load import load_demo, reset_graph
from tests.api.live import bearer, free_port, serving
from tests.graph import cypher

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
    written: set[str] = field(default_factory=set)
    slowest_failure_s: float = 0.0
    slowest_answer_s: float = 0.0

    def saw(self, operation: str, body: dict[str, Any], took: float) -> bool:
        if body.get("errors"):
            self.codes.update(e["extensions"]["code"] for e in body["errors"])
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
    async with asyncio.timeout(within):
        while True:
            if await check():
                return time.monotonic() - started
            await asyncio.sleep(0.2)


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
            return (await counts(own_graph))["pending"] == 0

        catch_up_s = await wait_for(drained, "the API's worker catches up with the queue")

    assert (up.status_code, up.json()["ready"]) == (200, True)
    assert set(tally.codes) == {"UNAVAILABLE"}, tally.codes  # never INTERNAL, nor anything else
    after = await counts(own_graph)
    kept = await cypher(own_graph, "MATCH (a:Alert) WHERE a.id IN $ids RETURN count(a) AS n",
                        ids=[row["id"] for row in alerts_before])
    assert kept == [{"n": len(alerts_before)}], "no alert raised before the fault is lost"
    assert after["alerts"] == after["sequence"], "alert sequence numbers have no gap"
    breached = await cypher(own_graph, """
        MATCH (a:Alert {rule: 'NON_COMPLIANCE', status: 'OPEN'})-[:CONCERNS]->(o:Offender)
        RETURN collect(DISTINCT o.id) AS ids""")
    assert tally.written <= set(breached[0]["ids"]), "every answered write was evaluated"
    # Every answer with data had its durable audit event; a failure may have one too (UNAVAILABLE
    # when its transaction committed but the answer was lost), never one claiming success.
    assert after["okEvents"] - baseline["okEvents"] >= sum(tally.answered.values())
    status = await verify_chain(own_graph)
    assert status.ok, status.detail
    print(f"\nNeo4j stopped under load: {dict(tally.answered)} answered, {dict(tally.codes)}; "
          f"slowest failure {tally.slowest_failure_s:.1f} s, slowest answer "
          f"{tally.slowest_answer_s:.1f} s; answers again "
          f"{recovery_s:.1f} s after Neo4j was up ({restarted_at - stopped_at:.1f} s down); "
          f"queue caught up {catch_up_s:.1f} s later; alerts {before['alerts']} -> "
          f"{after['alerts']}, audit events {before['events']} -> {after['events']}, chain "
          f"{status.length} events verified")
