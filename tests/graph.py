"""Test-side access to the graph: arrange a situation, or look at what the service left, in Cypher
(tests may; the service's own Cypher lives in queries/)."""

import asyncio
from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest
from neo4j import AsyncManagedTransaction

from app.audit.models import ChainStatus
from app.audit.repository import any_pending
from app.audit.sequencer import Sequencer
from app.audit.signing import verifier_key
from app.audit.verify import verify_log
from app.platform.neo4j.driver import Graph, Tx
from app.platform.neo4j.registry import FRAGMENTS_DIR, load_fragments, splice
from app.settings import PROJECT_ROOT, Settings

_FRAGMENTS = load_fragments(PROJECT_ROOT / "queries" / FRAGMENTS_DIR)


async def cypher(graph: Graph, text: str, **params: Any) -> list[dict[str, Any]]:
    """Run `text` in a write transaction; return its records as dicts."""
    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        result = await tx.run(text, params)
        return [record.data() async for record in result]

    return await graph.write(work)


async def spliced(graph: Graph, text: str, **params: Any) -> list[dict[str, Any]]:
    """`cypher`, with the service's fragments spliced: a test that arranges involvements, victims
    or contacts in its own Cypher writes the people's searchKeys as the service's writes do
    (`SET p.searchKeys = @search_keys(p)`)."""
    return await cypher(graph, splice("test", text, _FRAGMENTS), **params)


def block_audit_appends(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every audit append from now on fail in Neo4j: the append runs a query Neo4j refuses
    (a division by zero) in the transaction that was to hold the event."""
    async def refused(tx: Tx, entries: Sequence[object]) -> None:
        await (await tx.run("RETURN 1 / 0 AS refused")).consume()

    monkeypatch.setattr("app.audit.repository.add_events", refused)


async def logged(graph: Graph, settings: Settings) -> None:
    """Wait until every audit event written so far is in the log's Merkle tree: taken in by the
    app's sequencer, or by one run here when no app runs one."""
    sequencer = Sequencer(graph, settings)
    for _ in range(200):
        await sequencer.integrate_all()
        if not await graph.read_one(any_pending):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("audit events still wait to enter the log after 10 s")


async def verified(graph: Graph, settings: Settings) -> ChainStatus:
    """The audit log verified as `verifyAuditChain` does, once every event is in it."""
    await logged(graph, settings)
    return await verify_log(graph, verifier_key(settings))


# ---------------------------------------------------------------------------------------------
# Plans and meetings (issue 22): risk management plans, their actions, and MAPPA meetings with
# the cases on their agendas, written as graph_schema/MODEL.md has them, for tests that need them
# without the plans and meetings writes.


async def clear_plans(graph: Graph, offender_id: str) -> None:
    """Take the demo's plans, their measures and actions, and the case's agenda items off one
    case, for a test that writes its own (the demo gives each level 2 case a plan and a meeting)."""
    await cypher(graph, """
        MATCH (o:Person:Offender {id: $id})
        OPTIONAL MATCH (o)-[:HAS_PLAN]->(plan:RiskManagementPlan)
        OPTIONAL MATCH (plan)-[:HAS_MEASURE|HAS_ACTION]->(part)
        OPTIONAL MATCH (item:AgendaItem)-[:CONSIDERS]->(o)
        DETACH DELETE part, plan, item""", id=offender_id)


async def add_plan(
    graph: Graph, offender_id: str, plan_id: str, *, version: int = 1, status: str = "AGREED",
    current: bool = True, review_date: date | None = None, summary: str = "Test plan",
) -> None:
    """A plan version on the case (HAS_PLAN), its CURRENT_PLAN when `current`."""
    await cypher(graph, """
        MATCH (o:Offender {id: $offenderId})
        CREATE (o)-[:HAS_PLAN]->(p:RiskManagementPlan {
          id: $planId, offenderId: o.id, version: $version, status: $status, summary: $summary,
          reviewDate: $reviewDate, createdAt: datetime(), createdBy: 'test',
          agreedOn: CASE WHEN $status = 'DRAFT' THEN null ELSE date() END,
          agreedBy: CASE WHEN $status = 'DRAFT' THEN null ELSE 'test' END})
        FOREACH (_ IN CASE WHEN $current THEN [1] ELSE [] END |
          CREATE (o)-[:CURRENT_PLAN]->(p))""",
        offenderId=offender_id, planId=plan_id, version=version, status=status,
        summary=summary, reviewDate=review_date, current=current)


async def add_action(
    graph: Graph, offender_id: str, action_id: str, owner_agency_id: str, due_on: date, *,
    status: str = "OPEN", text: str = "Test action", plan_id: str | None = None,
    officer_id: str | None = None,
) -> None:
    """A plan action owned by an agency (OWNED_BY, ownerAgencyId), from `plan_id` or else the
    case's current plan (made, as version 1, if the case has none)."""
    if plan_id is None:
        found = await cypher(graph, """
            MATCH (:Offender {id: $offenderId})-[:CURRENT_PLAN]->(p) RETURN p.id AS id""",
            offenderId=offender_id)
        plan_id = found[0]["id"] if found else f"PLAN-{offender_id}"
        if not found:
            await add_plan(graph, offender_id, plan_id)
    await cypher(graph, """
        MATCH (p:RiskManagementPlan {id: $planId}), (owner:Agency {id: $ownerAgencyId})
        CREATE (p)-[:HAS_ACTION]->(a:PlanAction {
          id: $actionId, offenderId: $offenderId, ownerAgencyId: owner.id, text: $actionText,
          dueOn: $dueOn, status: $status, createdAt: datetime(), createdBy: 'test',
          statusBy: CASE WHEN $status = 'OPEN' THEN null ELSE 'test' END,
          statusAt: CASE WHEN $status = 'OPEN' THEN null ELSE datetime() END})-[:OWNED_BY]->(owner)
        WITH a
        OPTIONAL MATCH (officer:CaseOfficer {id: $officerId})
        FOREACH (o IN CASE WHEN officer IS NULL THEN [] ELSE [officer] END |
          CREATE (a)-[:ASSIGNED_TO]->(o))""",
        planId=plan_id, ownerAgencyId=owner_agency_id, actionId=action_id,
        offenderId=offender_id, actionText=text, dueOn=due_on, status=status, officerId=officer_id)


async def set_action(graph: Graph, action_id: str, **properties: Any) -> None:
    """Set properties of a plan action (status, dueOn, ...), as its writes would."""
    await cypher(graph, "MATCH (a:PlanAction {id: $id}) SET a += $properties",
                 id=action_id, properties=properties)


async def add_meeting(
    graph: Graph, meeting_id: str, on: date, *, offender_ids: Sequence[str] = (),
    level: str = "LEVEL_2", area: str = "GMP", status: str = "SCHEDULED",
    invited: Sequence[str] = (),
) -> None:
    """A MAPPA meeting with these cases on its agenda (an AgendaItem each, CONSIDERS) and these
    agencies invited (INVITED_TO; no involvement is written here)."""
    await cypher(graph, """
        CREATE (m:MappaMeeting {id: $meetingId, level: $level, area: $area, date: $on,
                                status: $status, createdAt: datetime(), createdBy: 'test'})
        WITH m
        UNWIND range(0, size($offenderIds) - 1) AS position
        MATCH (o:Offender {id: $offenderIds[position]})
        CREATE (m)-[:HAS_AGENDA_ITEM]->(:AgendaItem {
          id: m.id + '-' + o.id, meetingId: m.id, offenderId: o.id, position: position,
          addedAt: datetime()})-[:CONSIDERS]->(o)""",
        meetingId=meeting_id, level=level, area=area, on=on, status=status,
        offenderIds=list(offender_ids))
    await cypher(graph, """
        MATCH (m:MappaMeeting {id: $meetingId})
        UNWIND $invited AS agencyId
        MATCH (a:Agency {id: agencyId})
        CREATE (a)-[:INVITED_TO {invitedAt: datetime(), invitedBy: 'test'}]->(m)""",
        meetingId=meeting_id, invited=list(invited))
