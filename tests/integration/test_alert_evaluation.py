"""The alert evaluator and its durable queue, on the demo scenario and a real Neo4j: alerts are
raised once, numbered without gaps, resolved when their situation ends (history kept) and raised
anew if it recurs; a worker that dies mid-claim loses nothing; concurrent evaluators raise once;
the sweep gives what incremental evaluation gives, and a write made during the sweep is not lost
to its older findings."""

import asyncio
from datetime import date
from typing import Any

import pytest
from neo4j import AsyncManagedTransaction

from app.alerts.evaluator import apply, evaluate, find_all
from app.alerts.queue import (
    CLAIM_REQUESTS,
    claim_offenders,
    claim_requests,
    enqueue_offenders,
)
from app.alerts.rules import Limits
from app.alerts.worker import AlertWorker, sweep
from app.core.enums import AlertRule
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.demo import SITUATIONS
from seed.load import load_demo
from tests.graph import cypher

ESCALATED = "DEMO-OFF-13"  # level 1, latest RoSH HIGH: RISK_ESCALATION holds
ESCALATION_KEY = f"RISK_ESCALATION|{ESCALATED}|-"
DEMO_OFFENDERS = sorted({s.offender_id for s in SITUATIONS} | {"DEMO-OFF-17"})



async def alerts(graph: Graph) -> list[dict[str, Any]]:
    return await cypher(graph, """
        MATCH (a:Alert)-[:CONCERNS {role: 'OFFENDER'}]->(o:Offender)
        RETURN a.key AS key, a.sequence AS sequence, a.status AS status,
               a.dedupeKey AS dedupeKey, a.resolvedAt IS NOT NULL AS resolved, o.id AS offender
        ORDER BY a.sequence""")


async def pending(graph: Graph) -> list[str]:
    rows = await cypher(graph, "MATCH (q:EvaluationRequest {pending: true}) "
                               "RETURN q.offenderId AS id ORDER BY id")
    return [row["id"] for row in rows]


async def enqueue(graph: Graph, offender_ids: list[str]) -> None:
    await graph.write(enqueue_offenders, offender_ids)


@pytest.fixture
async def demo(graph: Graph) -> Graph:
    await load_demo(graph, date.today())
    return graph


def keys(found: list[dict[str, Any]]) -> list[str]:
    return [row["key"] for row in found]


async def test_an_alert_is_raised_once_resolved_when_its_situation_ends_and_raised_anew(
    demo: Graph,
) -> None:
    await evaluate(demo, DEMO_OFFENDERS, Limits())
    first = await alerts(demo)
    assert keys(first).count(ESCALATION_KEY) == 1
    assert [row["sequence"] for row in first] == list(range(1, len(first) + 1))

    await evaluate(demo, DEMO_OFFENDERS, Limits())
    assert await alerts(demo) == first, "re-evaluation changed nothing"

    await cypher(demo, "MATCH (o:Offender {id: $id}) SET o.level = 'LEVEL_2'", id=ESCALATED)
    await evaluate(demo, [ESCALATED], Limits())
    [ended] = [row for row in await alerts(demo) if row["key"] == ESCALATION_KEY]
    assert (ended["status"], ended["resolved"], ended["dedupeKey"]) == ("RESOLVED", True, None)

    await cypher(demo, "MATCH (o:Offender {id: $id}) SET o.level = 'LEVEL_1'", id=ESCALATED)
    await evaluate(demo, [ESCALATED], Limits())
    history = [row for row in await alerts(demo) if row["key"] == ESCALATION_KEY]
    assert [row["status"] for row in history] == ["RESOLVED", "OPEN"]
    assert history[1]["sequence"] == len(first) + 1, "the recurrence is the next alert"


async def test_an_alert_resolved_by_hand_is_not_raised_again_while_its_situation_holds(
    demo: Graph,
) -> None:
    await evaluate(demo, [ESCALATED], Limits())
    await cypher(demo, "MATCH (a:Alert {key: $key}) SET a.status = 'RESOLVED'",
                 key=ESCALATION_KEY)
    await evaluate(demo, [ESCALATED], Limits())
    assert [row["status"] for row in await alerts(demo)
            if row["key"] == ESCALATION_KEY] == ["RESOLVED"]


async def test_the_worker_drains_the_queue_and_closes_each_request(
    demo: Graph, settings: Settings
) -> None:
    await enqueue(demo, [ESCALATED, "DEMO-OFF-14"])
    assert await pending(demo) == ["DEMO-OFF-13", "DEMO-OFF-14"]
    worker = AlertWorker(demo, settings)
    assert await worker.drain() == 2
    assert await pending(demo) == []
    assert keys(await alerts(demo)).count(ESCALATION_KEY) == 1
    assert await worker.drain() == 0


async def test_a_worker_that_dies_holding_a_claim_loses_nothing(
    demo: Graph, settings: Settings
) -> None:
    await enqueue(demo, [ESCALATED])
    short_lease = settings.model_copy(update={"worker_lease_s": 0.2})
    dead = AlertWorker(demo, short_lease)
    # The dead worker claimed the request, then never evaluated it.
    claimed = await demo.write(claim_requests, dead.name, 10, 0.2)
    assert [r.offender_id for r in claimed] == [ESCALATED]
    survivor = AlertWorker(demo, short_lease)
    assert await survivor.drain() == 0, "the claim holds while its lease runs"
    await asyncio.sleep(0.4)
    assert await survivor.drain() == 1
    assert keys(await alerts(demo)).count(ESCALATION_KEY) == 1
    assert await pending(demo) == []


async def test_a_write_during_an_evaluation_is_evaluated_again(
    demo: Graph, settings: Settings
) -> None:
    await enqueue(demo, [ESCALATED])
    worker = AlertWorker(demo, settings)
    claimed = await demo.write(claim_requests, worker.name, 10, 60.0)
    await enqueue(demo, [ESCALATED])  # a write lands between the claim and its evaluation
    await evaluate(demo, [ESCALATED], Limits(), claimed)
    assert await pending(demo) == [ESCALATED], "the newer write still asks for evaluation"


async def test_concurrent_evaluations_of_one_offender_raise_its_alert_once(demo: Graph) -> None:
    await asyncio.gather(*(evaluate(demo, [ESCALATED, "DEMO-OFF-14"], Limits())
                           for _ in range(6)))
    found = await alerts(demo)
    assert keys(found).count(ESCALATION_KEY) == 1
    assert [row["sequence"] for row in found] == list(range(1, len(found) + 1))


async def test_the_sweep_gives_what_incremental_evaluation_gives(
    demo: Graph, settings: Settings
) -> None:
    await enqueue(demo, DEMO_OFFENDERS)
    await AlertWorker(demo, settings).drain()
    incremental = sorted(keys(await alerts(demo)))
    assert incremental, "the demo raises alerts"
    await cypher(demo, "MATCH (a:Alert) DETACH DELETE a")
    await cypher(demo, "MATCH (h:AlertHead) DELETE h")
    result = await sweep(demo, settings.model_copy(update={"sweep_batch": 4}))
    assert result.offenders == len(DEMO_OFFENDERS)
    assert sorted(keys(await alerts(demo))) == incremental
    assert result.raised == len(incremental)
    rules = {key.split("|")[0] for key in incremental}
    assert AlertRule.RISK_ESCALATION in rules


async def test_a_write_during_the_sweep_is_not_lost_to_its_older_findings(
    demo: Graph, settings: Settings
) -> None:
    await cypher(demo, "MATCH (o:Offender {id: $id}) SET o.level = 'LEVEL_2'", id=ESCALATED)
    # The sweep claims its batch and reads the rules: no escalation at level 2.
    claimed = await demo.write(claim_offenders, [ESCALATED], "sweep", 60.0)
    assert [r.offender_id for r in claimed] == [ESCALATED]
    before = await demo.read(find_all, [ESCALATED], Limits())
    # A write lands meanwhile: back to level 1, so the escalation holds; its request is queued.
    await cypher(demo, "MATCH (o:Offender {id: $id}) SET o.level = 'LEVEL_1'", id=ESCALATED)
    await enqueue(demo, [ESCALATED])
    worker = AlertWorker(demo, settings)
    assert await worker.drain() == 0, "the sweep holds the offender until it has settled"
    await demo.write(apply, [ESCALATED], before, claimed)  # the sweep settles what it read
    assert ESCALATION_KEY not in keys(await alerts(demo))
    assert await pending(demo) == [ESCALATED], "the write still asks for evaluation"
    assert await worker.drain() == 1
    assert keys(await alerts(demo)).count(ESCALATION_KEY) == 1


async def test_the_sweep_leaves_an_offender_a_worker_holds_to_that_worker(
    demo: Graph, settings: Settings
) -> None:
    await enqueue(demo, [ESCALATED])
    worker = AlertWorker(demo, settings)
    claimed = await demo.write(claim_requests, worker.name, 10, 60.0)
    result = await sweep(demo, settings)
    assert result.offenders == len(await cypher(demo, "MATCH (o:Offender) RETURN o"))
    assert ESCALATION_KEY not in keys(await alerts(demo)), "left to the worker holding it"
    await evaluate(demo, [ESCALATED], Limits(), claimed)
    assert keys(await alerts(demo)).count(ESCALATION_KEY) == 1
    assert await pending(demo) == []


async def test_a_claim_seeks_the_pending_requests_rather_than_scanning_them_all(
    graph: Graph,
) -> None:
    # Every offender a write or a sweep ever touched keeps a request: the worker's claim, made
    # after every write and every poll, must find the few pending ones through the index.
    await cypher(graph, "UNWIND range(1, 5000) AS n CREATE (:EvaluationRequest {"
                        "offenderId: 'OFF-' + n, version: 1, pending: n % 1000 = 0, "
                        "requestedAt: datetime()})")

    async def plan(tx: AsyncManagedTransaction) -> Any:
        result = await tx.run("EXPLAIN " + CLAIM_REQUESTS.text, worker="w", limit=10,
                              leaseSeconds=60.0)
        return (await result.consume()).plan

    def operators(step: dict[str, Any]) -> list[str]:
        return [step["operatorType"].split("@")[0],
                *(op for child in step.get("children", []) for op in operators(child))]

    used = operators(await graph.read(plan))
    assert "NodeIndexSeek" in used, " ".join(used)
    assert "NodeByLabelScan" not in used, " ".join(used)
    assert "NodeIndexScan" not in used, " ".join(used)
