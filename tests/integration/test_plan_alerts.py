"""The plan rules on the demo scenario and a real Neo4j (issue 22): ACTION_OVERDUE holds for each
OPEN action past its due date, one alert per action carrying it, and resolves (by the evaluator)
when the action is marked DONE or CANCELLED or its due date moves; REVIEW_OVERDUE holds for a
level 2 or 3 case past its review date with no SCHEDULED meeting from today on that has it on its
agenda, and resolves when one is scheduled. Time passing is no write: the sweep raises both. The
plans and meetings are written straight into the graph (tests/graph.py), as MODEL.md has them."""

from datetime import date, timedelta
from typing import Any

import pytest
from neo4j import AsyncManagedTransaction

from app.alerts.evaluator import evaluate, find_all
from app.alerts.rules import Limits
from app.alerts.worker import sweep
from app.core.enums import AlertRule
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.demo import SITUATIONS
from seed.load import load_demo
from tests.graph import add_action, add_meeting, add_plan, clear_plans, cypher, set_action

R = AlertRule
CASE = "DEMO-OFF-12"  # level 2, led by probation; housing is not involved
LEVEL_1 = "DEMO-OFF-13"
HOUSING = "AG-DEMO-HOUSING"
TODAY = date.today()
YESTERDAY = TODAY - timedelta(days=1)
Key = tuple[str, str, str | None]


@pytest.fixture
async def demo(graph: Graph) -> Graph:
    await load_demo(graph, TODAY)
    await clear_plans(graph, CASE)  # the case's plans and meetings are each test's own
    return graph


async def keys(graph: Graph, offender_ids: list[str], rule: AlertRule) -> set[Key]:
    async def work(tx: AsyncManagedTransaction) -> set[Key]:
        return {(f.rule.value, f.offender_id, f.counterpart_id)
                for f in await find_all(tx, offender_ids, Limits()) if f.rule is rule}

    return await graph.read(work)


async def alerts(graph: Graph, rule: AlertRule) -> list[dict[str, Any]]:
    return await cypher(graph, """
        MATCH (a:Alert {rule: $rule})-[:CONCERNS {role: 'OFFENDER'}]->(o:Offender)
        OPTIONAL MATCH (a)-[:CONCERNS {role: 'COUNTERPART'}]->(c)
        RETURN o.id AS offender, c.id AS counterpart, labels(c) AS labels, a.status AS status,
               a.severity AS severity, a.resolvedBy AS resolvedBy, a.dedupeKey AS dedupeKey
        ORDER BY a.sequence""", rule=rule.value)


async def set_review(graph: Graph, offender_id: str, review: date, level: str = "LEVEL_2") -> None:
    await cypher(graph, "MATCH (o:Offender {id: $id}) SET o.reviewDate = $review, o.level = $level",
                 id=offender_id, review=review, level=level)


# ACTION_OVERDUE


@pytest.mark.parametrize(("due", "status", "overdue"), [
    (YESTERDAY, "OPEN", True),
    (TODAY - timedelta(days=40), "OPEN", True),
    (TODAY, "OPEN", False),  # due today: not yet overdue
    (TODAY + timedelta(days=7), "OPEN", False),
    (YESTERDAY, "DONE", False),
    (YESTERDAY, "CANCELLED", False),
], ids=["yesterday", "weeks ago", "today", "next week", "done", "cancelled"])
async def test_an_open_action_past_its_due_date_is_overdue(
    demo: Graph, due: date, status: str, overdue: bool
) -> None:
    await add_action(demo, CASE, "ACT-1", HOUSING, due, status=status)
    found = await keys(demo, [CASE], R.ACTION_OVERDUE)
    assert found == ({(R.ACTION_OVERDUE.value, CASE, "ACT-1")} if overdue else set())


async def test_one_alert_per_overdue_action_carrying_it_and_evaluating_again_raises_nothing(
    demo: Graph,
) -> None:
    await add_action(demo, CASE, "ACT-1", HOUSING, YESTERDAY)
    await add_action(demo, CASE, "ACT-2", "AG-DEMO-POLICE", YESTERDAY - timedelta(days=3))
    await add_action(demo, CASE, "ACT-3", HOUSING, TODAY + timedelta(days=3))
    first = await evaluate(demo, [CASE], Limits())
    assert sorted(a.rule.value for a in first.raised if a.rule is R.ACTION_OVERDUE) == [
        "ACTION_OVERDUE", "ACTION_OVERDUE"]
    again = await evaluate(demo, [CASE], Limits())
    assert (again.raised, again.resolved) == ([], [])
    raised = await alerts(demo, R.ACTION_OVERDUE)
    assert [(a["offender"], a["counterpart"], a["labels"], a["status"], a["severity"])
            for a in raised] == [
        (CASE, action, ["PlanAction"], "OPEN", "MEDIUM") for action in ("ACT-1", "ACT-2")]
    assert {a["dedupeKey"] for a in raised} == {
        f"ACTION_OVERDUE|{CASE}|ACT-1", f"ACTION_OVERDUE|{CASE}|ACT-2"}


@pytest.mark.parametrize("change", [
    {"status": "DONE", "outcome": "Tenancy reviewed"},
    {"status": "CANCELLED", "outcome": "Superseded by the new plan"},
    {"dueOn": TODAY + timedelta(days=14)},
], ids=["done", "cancelled", "due date moved"])
async def test_an_overdue_action_resolves_when_its_situation_ends(
    demo: Graph, change: dict[str, Any]
) -> None:
    await add_action(demo, CASE, "ACT-1", HOUSING, YESTERDAY)
    await evaluate(demo, [CASE], Limits())
    await set_action(demo, "ACT-1", **change)
    outcome = await evaluate(demo, [CASE], Limits())
    [alert] = await alerts(demo, R.ACTION_OVERDUE)
    assert (len(outcome.resolved), outcome.raised) == (1, [])
    assert (alert["status"], alert["resolvedBy"], alert["dedupeKey"]) == (
        "RESOLVED", "mappa:evaluator", None)


async def test_an_action_reopened_past_its_due_date_raises_a_new_alert(demo: Graph) -> None:
    await add_action(demo, CASE, "ACT-1", HOUSING, YESTERDAY)
    await evaluate(demo, [CASE], Limits())
    await set_action(demo, "ACT-1", status="DONE")
    await evaluate(demo, [CASE], Limits())
    await set_action(demo, "ACT-1", status="OPEN")
    await evaluate(demo, [CASE], Limits())
    assert [a["status"] for a in await alerts(demo, R.ACTION_OVERDUE)] == ["RESOLVED", "OPEN"]


async def test_an_action_of_an_earlier_plan_version_still_open_is_overdue(demo: Graph) -> None:
    await add_plan(demo, CASE, "PLAN-1", status="SUPERSEDED", current=False)
    await add_plan(demo, CASE, "PLAN-2", version=2)
    await add_action(demo, CASE, "ACT-OLD", HOUSING, YESTERDAY, plan_id="PLAN-1")
    assert await keys(demo, [CASE], R.ACTION_OVERDUE) == {
        (R.ACTION_OVERDUE.value, CASE, "ACT-OLD")}


# REVIEW_OVERDUE


@pytest.mark.parametrize(("level", "review", "overdue"), [
    ("LEVEL_2", YESTERDAY, True),
    ("LEVEL_3", TODAY - timedelta(days=30), True),
    ("LEVEL_1", YESTERDAY, False),
    ("LEVEL_2", TODAY, False),  # due for review today: not yet overdue
    ("LEVEL_3", TODAY + timedelta(days=30), False),
], ids=["level 2", "level 3", "level 1", "today", "next month"])
async def test_a_level_2_or_3_case_past_its_review_date_is_overdue(
    demo: Graph, level: str, review: date, overdue: bool
) -> None:
    await set_review(demo, CASE, review, level)
    found = await keys(demo, [CASE], R.REVIEW_OVERDUE)
    assert found == ({(R.REVIEW_OVERDUE.value, CASE, None)} if overdue else set())


@pytest.mark.parametrize(("meeting", "covers"), [
    ({"on": TODAY + timedelta(days=5)}, True),
    ({"on": TODAY}, True),  # a meeting today still reviews the case
    ({"on": TODAY + timedelta(days=5), "level": "LEVEL_3"}, True),
    ({"on": TODAY - timedelta(days=2)}, False),  # past, never marked held
    ({"on": TODAY + timedelta(days=5), "status": "CANCELLED"}, False),
    ({"on": TODAY - timedelta(days=2), "status": "HELD"}, False),
    ({"on": TODAY + timedelta(days=5), "offender_ids": ["DEMO-OFF-14"]}, False),  # another case
], ids=["next week", "today", "level 3", "past", "cancelled", "held", "not on its agenda"])
async def test_a_scheduled_meeting_from_today_with_the_case_on_its_agenda_covers_the_review(
    demo: Graph, meeting: dict[str, Any], covers: bool
) -> None:
    await set_review(demo, CASE, YESTERDAY)
    await add_meeting(demo, "MTG-1", **{"offender_ids": [CASE], **meeting})
    found = await keys(demo, [CASE], R.REVIEW_OVERDUE)
    assert found == (set() if covers else {(R.REVIEW_OVERDUE.value, CASE, None)})


async def test_an_overdue_review_resolves_when_a_meeting_is_scheduled_and_recurs_if_cancelled(
    demo: Graph,
) -> None:
    await evaluate(demo, [CASE], Limits())  # the demo's own alerts on the case
    await set_review(demo, CASE, YESTERDAY)
    raised = await evaluate(demo, [CASE], Limits())
    assert [a.rule for a in raised.raised] == [R.REVIEW_OVERDUE]
    await add_meeting(demo, "MTG-1", TODAY + timedelta(days=10), offender_ids=[CASE])
    resolved = await evaluate(demo, [CASE], Limits())
    assert (resolved.raised, resolved.resolved) == ([], [raised.raised[0].id])
    [alert] = await alerts(demo, R.REVIEW_OVERDUE)
    assert (alert["status"], alert["resolvedBy"], alert["counterpart"]) == (
        "RESOLVED", "mappa:evaluator", None)
    await cypher(demo, "MATCH (m:MappaMeeting {id: 'MTG-1'}) SET m.status = 'CANCELLED'")
    again = await evaluate(demo, [CASE], Limits())
    assert [a.rule for a in again.raised] == [R.REVIEW_OVERDUE]


@pytest.mark.parametrize("ending", [
    "o.reviewDate = date() + duration('P3M')", "o.level = 'LEVEL_1'"],
    ids=["new review date", "level 1"])
async def test_an_overdue_review_resolves_with_a_new_review_date_or_level_1(
    demo: Graph, ending: str
) -> None:
    await set_review(demo, CASE, YESTERDAY)
    await evaluate(demo, [CASE], Limits())
    await cypher(demo, f"MATCH (o:Offender {{id: $id}}) SET {ending}", id=CASE)
    assert (await evaluate(demo, [CASE], Limits())).resolved
    assert [a["status"] for a in await alerts(demo, R.REVIEW_OVERDUE)] == ["RESOLVED"]


# Time passing


async def test_the_sweep_raises_both_as_dates_pass_and_resolves_what_ended(
    demo: Graph, settings: Settings,
) -> None:
    # The demo's own: its overdue actions on other cases, and DEMO-OFF-04's overdue review.
    await clear_plans(demo, "DEMO-OFF-14")  # off next week's agenda
    demos = {(s.offender_id, s.counterpart_id) for s in SITUATIONS
             if s.rule is R.ACTION_OVERDUE and s.raised
             and s.offender_id not in {CASE, "DEMO-OFF-14"}}
    await add_action(demo, CASE, "ACT-1", HOUSING, YESTERDAY)
    await add_action(demo, LEVEL_1, "ACT-2", HOUSING, TODAY - timedelta(days=9))
    await add_action(demo, LEVEL_1, "ACT-3", HOUSING, TODAY)
    await set_review(demo, "DEMO-OFF-14", YESTERDAY)
    await set_review(demo, LEVEL_1, YESTERDAY, level="LEVEL_1")
    await sweep(demo, settings)
    assert {(a["offender"], a["counterpart"]) for a in await alerts(demo, R.ACTION_OVERDUE)} == {
        (CASE, "ACT-1"), (LEVEL_1, "ACT-2")} | demos
    assert sorted(a["offender"] for a in await alerts(demo, R.REVIEW_OVERDUE)) == [
        "DEMO-OFF-04", "DEMO-OFF-14"]
    # A day on: ACT-3 falls due, ACT-1 was done meanwhile.
    await set_action(demo, "ACT-3", dueOn=YESTERDAY)
    await set_action(demo, "ACT-1", status="DONE")
    await sweep(demo, settings)
    standing = {(a["offender"], a["counterpart"], a["status"])
                for a in await alerts(demo, R.ACTION_OVERDUE)}
    assert standing == {(CASE, "ACT-1", "RESOLVED"), (LEVEL_1, "ACT-2", "OPEN"),
                        (LEVEL_1, "ACT-3", "OPEN")} | {(o, a, "OPEN") for o, a in demos}
