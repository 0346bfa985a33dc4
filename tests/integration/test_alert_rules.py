"""Every alert rule on the demo scenario and a real Neo4j: each situation of seed/demo.py fires
exactly when it should (near misses just outside each threshold do not), nothing else fires, and
each rule stops holding when its situation ends; evaluating the demo raises each alert once; the
premises search uses the point index, and circles are measured as point.distance measures."""

import random
from datetime import date
from typing import Any

import pytest
from neo4j import AsyncManagedTransaction

from app.alerts.evaluator import evaluate, find_all
from app.alerts.geometry import distance_m
from app.alerts.models import Finding
from app.alerts.places import premises_near_fixes, zone_entries_at_fixes
from app.alerts.repository import PREMISES_NEAR_PLACES
from app.alerts.rules import Fix, Limits
from app.core.enums import AlertRule
from app.core.geometry import destination
from app.platform.neo4j.driver import Graph
from seed.demo import SITUATIONS
from seed.load import load_demo
from tests.graph import cypher

R = AlertRule
OFFENDERS = [f"DEMO-OFF-{n:02d}" for n in range(1, 18)]
Key = tuple[str, str, str | None]


async def findings(graph: Graph, offender_ids: list[str] = OFFENDERS) -> list[Finding]:
    async def work(tx: AsyncManagedTransaction) -> list[Finding]:
        return await find_all(tx, offender_ids, Limits())

    return await graph.read(work)


async def keys(graph: Graph, offender_ids: list[str] = OFFENDERS) -> set[Key]:
    return {(f.rule.value, f.offender_id, f.counterpart_id)
            for f in await findings(graph, offender_ids)}


@pytest.fixture
async def demo(graph: Graph) -> Graph:
    await load_demo(graph, date.today())
    return graph


def expected_on_the_demo() -> set[Key]:
    raised = {(s.rule.value, s.offender_id, s.counterpart_id) for s in SITUATIONS if s.raised}
    # An association is a risk on both cases.
    mirrored = {(rule, other, offender) for rule, offender, other in raised
                if rule == R.OFFENDER_ASSOCIATION and other is not None}
    return raised | mirrored


async def test_every_demo_situation_fires_exactly_when_it_should_and_nothing_else(
    demo: Graph,
) -> None:
    found = await keys(demo)
    for situation in SITUATIONS:
        hit = (situation.rule.value, situation.offender_id, situation.counterpart_id) in found
        assert hit == situation.raised, situation
    assert found == expected_on_the_demo()


async def test_distances_are_recorded_where_a_rule_measures_one(demo: Graph) -> None:
    by_key = {(f.rule, f.offender_id): f for f in await findings(demo)}
    assert by_key[R.PROXIMITY_TO_VICTIM, "DEMO-OFF-01"].distance_metres == pytest.approx(
        1_200, abs=5)
    assert by_key[R.NEAR_RESTRICTED_PREMISES, "DEMO-OFF-07"].distance_metres == pytest.approx(
        250, abs=5)


# Each change ends one situation of the demo; afterwards its finding is gone.
ENDINGS = [
    (R.PROXIMITY_TO_VICTIM, "DEMO-OFF-01", """
        MATCH (:Offender {id: 'DEMO-OFF-01'})-[r:RESIDES_AT]->(a) WHERE r.to IS NULL
        SET a.location = point({latitude: 53.7, longitude: -2.9})"""),
    (R.RESIDENCE_IN_EXCLUSION_ZONE, "DEMO-OFF-03", """
        MATCH (z:Zone {id: 'DEMO-ZON-03A'}) SET z.validTo = date() - duration('P1D')"""),
    (R.EXCLUSION_ZONE_ENTRY, "DEMO-OFF-04", """
        MATCH (o:Offender {id: 'DEMO-OFF-04'})
        SET o.lastFixLocation = point({latitude: 53.7, longitude: -2.9})"""),
    (R.NEAR_RESTRICTED_PREMISES, "DEMO-OFF-07", """
        MATCH (p:Premises {id: 'DEMO-PRM-01'}) SET p.kind = 'NURSERY'"""),
    (R.PROHIBITED_CONTACT, "DEMO-OFF-09", """
        MATCH (:Offender {id: 'DEMO-OFF-09'})-[:SUBJECT_TO]->(c:LicenceCondition)
        WHERE c.kind = 'NO_CONTACT'
        SET c.validTo = date() - duration('P1D')"""),
    (R.OFFENDER_ASSOCIATION, "DEMO-OFF-10", """
        MATCH (:Offender {id: 'DEMO-OFF-11'})-[r:RESIDES_AT]->() WHERE r.to IS NULL
        SET r.to = date()"""),
    (R.CHILD_IN_HOUSEHOLD, "DEMO-OFF-12", """
        MATCH (c:Person {id: 'DEMO-CON-12B'}) SET c.dateOfBirth = date() - duration('P18Y')"""),
    (R.VICTIM_IN_NETWORK, "DEMO-OFF-05", """
        MATCH (:Victim {id: 'DEMO-VIC-05'})-[a:ASSOCIATES_WITH]-() DELETE a"""),
    (R.RISK_ESCALATION, "DEMO-OFF-13", """
        MATCH (o:Offender {id: 'DEMO-OFF-13'}) SET o.level = 'LEVEL_2'"""),
    (R.NON_COMPLIANCE, "DEMO-OFF-14", """
        MATCH (e:ComplianceEvent)-[:RECORDED_FOR]->(:Offender {id: 'DEMO-OFF-14'})
        SET e.at = e.at - duration('P30D')"""),
    (R.NOTIFICATION_OVERDUE, "DEMO-OFF-15", """
        MATCH (o:Offender {id: 'DEMO-OFF-15'})
        CREATE (:Notification {id: 'N-LATE', kind: 'ADDRESS_CHANGE', madeOn: date(),
                               dueOn: date()})-[:RECORDED_FOR]->(o)"""),
    (R.NOTIFICATION_OVERDUE, "DEMO-OFF-16", """
        MATCH (o:Offender {id: 'DEMO-OFF-16'})
        CREATE (:Notification {id: 'N-ANNUAL', kind: 'ANNUAL', madeOn: date(),
                               dueOn: date()})-[:RECORDED_FOR]->(o)"""),
    (R.EMERGENCY_ACCESS, "DEMO-OFF-06", None),  # raised by a grant, tested below
]


@pytest.mark.parametrize(("rule", "offender", "change"), ENDINGS[:-1],
                         ids=[f"{rule.value}-{offender}" for rule, offender, _ in ENDINGS[:-1]])
async def test_each_rule_stops_holding_when_its_situation_ends(
    demo: Graph, rule: AlertRule, offender: str, change: str
) -> None:
    def holding(found: set[Key]) -> bool:
        return any(k[0] == rule and k[1] == offender for k in found)

    assert holding(await keys(demo, [offender]))
    await cypher(demo, change)
    assert not holding(await keys(demo, [offender]))


async def standing_alerts(graph: Graph) -> list[Key]:
    rows = await cypher(graph, """
        MATCH (a:Alert)-[:CONCERNS {role: 'OFFENDER'}]->(o)
        OPTIONAL MATCH (a)-[:CONCERNS {role: 'COUNTERPART'}]->(c)
        RETURN a.rule AS rule, o.id AS offender, c.id AS counterpart""")
    return sorted(((r["rule"], r["offender"], r["counterpart"]) for r in rows), key=str)


async def test_evaluating_the_demo_raises_each_alert_once_and_again_nothing(
    demo: Graph,
) -> None:
    first = await evaluate(demo, OFFENDERS, Limits())
    standing = await standing_alerts(demo)
    assert standing == sorted(expected_on_the_demo(), key=str)
    assert len(first.raised) == len(standing)
    second = await evaluate(demo, OFFENDERS, Limits())
    assert (second.raised, second.resolved) == ([], [])
    assert await standing_alerts(demo) == standing


async def test_an_emergency_grant_raises_a_review_that_outlives_the_grant_until_reviewed(
    demo: Graph,
) -> None:
    await cypher(demo, """
        MATCH (o:Offender {id: 'DEMO-OFF-06'})
        CREATE (:EmergencyGrant {id: 'G-1', userId: 'demo.police.ppo', agencyId: 'AG-DEMO-POLICE',
                grantedAt: datetime(), expiresAt: datetime() - duration('PT1H'),
                revokedAt: datetime()})-[:GRANTS_ACCESS_TO]->(o)""")
    assert (R.EMERGENCY_ACCESS.value, "DEMO-OFF-06", "G-1") in await keys(demo, ["DEMO-OFF-06"])
    await cypher(demo, "MATCH (g:EmergencyGrant {id: 'G-1'}) SET g.reviewedAt = datetime()")
    assert (R.EMERGENCY_ACCESS.value, "DEMO-OFF-06", "G-1") not in await keys(demo,
                                                                            ["DEMO-OFF-06"])


@pytest.mark.parametrize(("hours", "overdue"), [(71, False), (73, True)])
async def test_a_grant_unreviewed_past_the_window_is_overdue(
    demo: Graph, hours: int, overdue: bool
) -> None:
    await cypher(demo, """
        MATCH (o:Offender {id: 'DEMO-OFF-06'})
        CREATE (:EmergencyGrant {id: 'G-1', userId: 'demo.police.ppo', agencyId: 'AG-DEMO-POLICE',
                grantedAt: datetime() - duration({hours: $hours}),
                expiresAt: datetime() - duration({hours: $hours - 4})})-[:GRANTS_ACCESS_TO]->(o)""",
                 hours=hours)
    key = (R.EMERGENCY_ACCESS_REVIEW_OVERDUE.value, "DEMO-OFF-06", "G-1")
    assert (key in await keys(demo, ["DEMO-OFF-06"])) is overdue  # the window: 72 hours
    await cypher(demo, "MATCH (g:EmergencyGrant {id: 'G-1'}) SET g.reviewedAt = datetime()")
    assert key not in await keys(demo, ["DEMO-OFF-06"])


async def test_zone_windows_are_respected(demo: Graph) -> None:
    """DEMO-ZON-03B (expired) does not fire; made valid again it does; not yet valid, it does
    not."""
    key = (R.RESIDENCE_IN_EXCLUSION_ZONE.value, "DEMO-OFF-03", "DEMO-ZON-03B")
    assert key not in await keys(demo, ["DEMO-OFF-03"])
    await cypher(demo, """MATCH (z:Zone {id: 'DEMO-ZON-03B'})<-[:DEFINES_ZONE]-(c)
                          SET z.validTo = null, c.validTo = null""")
    assert key in await keys(demo, ["DEMO-OFF-03"])
    await cypher(demo, """MATCH (z:Zone {id: 'DEMO-ZON-03B'})<-[:DEFINES_ZONE]-(c)
                          SET z.validFrom = date() + duration('P1D')""")
    assert key not in await keys(demo, ["DEMO-OFF-03"])


@pytest.mark.parametrize("window", [
    "c.validTo = date() - duration('P1D')", "c.validFrom = date() + duration('P1D')"])
async def test_a_zone_counts_only_while_its_condition_is_in_force(
    demo: Graph, window: str
) -> None:
    key = (R.RESIDENCE_IN_EXCLUSION_ZONE.value, "DEMO-OFF-03", "DEMO-ZON-03A")
    assert key in await keys(demo, ["DEMO-OFF-03"])
    await cypher(demo, "MATCH (:Zone {id: 'DEMO-ZON-03A'})<-[:DEFINES_ZONE]-(c) SET " + window)
    assert key not in await keys(demo, ["DEMO-OFF-03"])


async def zone_centre(graph: Graph, zone_id: str) -> tuple[float, float, float]:
    [row] = await cypher(graph, "MATCH (z:Zone {id: $id}) RETURN z.centre AS c, "
                                "z.radiusMetres AS r", id=zone_id)
    return row["c"].latitude, row["c"].longitude, row["r"]


async def entries(graph: Graph, fixes: list[Fix]) -> list[list[str | None]]:
    async def work(tx: AsyncManagedTransaction) -> list[list[Finding]]:
        return await zone_entries_at_fixes(tx, fixes, Limits())

    return [[f.counterpart_id for f in found] for found in await graph.read(work)]


async def test_fixes_inside_an_exclusion_circle_or_outside_an_inclusion_circle_breach(
    demo: Graph,
) -> None:
    lat, lon, radius = await zone_centre(demo, "DEMO-ZON-04A")  # exclusion circle
    inside = destination(lat, lon, 90, radius - 5)
    outside = destination(lat, lon, 90, radius + 5)
    assert await entries(demo, [Fix("DEMO-OFF-04", inside[1], inside[0]),
                                Fix("DEMO-OFF-04", outside[1], outside[0])]) == [
        ["DEMO-ZON-04A"], []]
    lat, lon, radius = await zone_centre(demo, "DEMO-ZON-06A")  # inclusion circle
    inside = destination(lat, lon, 200, radius - 5)
    outside = destination(lat, lon, 200, radius + 5)
    assert await entries(demo, [Fix("DEMO-OFF-06", inside[1], inside[0]),
                                Fix("DEMO-OFF-06", outside[1], outside[0])]) == [
        [], ["DEMO-ZON-06A"]]


async def test_a_fix_inside_a_polygon_zone_breaches_it(demo: Graph) -> None:
    [row] = await cypher(demo, """
        MATCH (:Offender {id: 'DEMO-OFF-03'})-[r:RESIDES_AT]->(a) WHERE r.to IS NULL
        RETURN a.location AS home""")
    home = row["home"]
    far = destination(home.latitude, home.longitude, 0, 5_000)
    assert await entries(demo, [Fix("DEMO-OFF-03", home.latitude, home.longitude),
                                Fix("DEMO-OFF-03", far[1], far[0])]) == [["DEMO-ZON-03A"], []]


async def test_premises_just_inside_the_distance_count_and_just_outside_do_not(
    demo: Graph,
) -> None:
    [row] = await cypher(demo, "MATCH (p:Premises {id: 'DEMO-PRM-01'}) RETURN p.location AS at")
    at, limit = row["at"], Limits().premises_distance_m
    near = destination(at.latitude, at.longitude, 45, limit - 2)
    far = destination(at.latitude, at.longitude, 45, limit + 2)

    async def work(tx: AsyncManagedTransaction) -> list[list[Finding]]:
        return await premises_near_fixes(
            tx, [Fix("DEMO-OFF-07", near[1], near[0]), Fix("DEMO-OFF-07", far[1], far[0])],
            Limits())

    found = await demo.read(work)
    assert [[f.counterpart_id for f in fix] for fix in found] == [["DEMO-PRM-01"], []]


async def test_the_premises_search_seeks_the_point_index(demo: Graph) -> None:
    async def work(tx: AsyncManagedTransaction) -> Any:
        result = await tx.run("PROFILE " + PREMISES_NEAR_PLACES.text, places=[
            {"index": 0, "offenderId": "DEMO-OFF-07", "latitude": 53.48, "longitude": -2.24}],
            distanceMetres=400.0)
        return (await result.consume()).profile

    def operators(plan: dict[str, Any]) -> list[tuple[str, str]]:
        own = (plan["operatorType"], str(plan.get("args", {}).get("Details", "")))
        return [own, *(op for child in plan.get("children", []) for op in operators(child))]

    seeks = [details for operator, details in operators(await demo.read(work))
             if operator.startswith("NodeIndexSeekByRange")]
    assert any("Premises(location)" in details for details in seeks), seeks


async def missed_and_breached(graph: Graph, missed: list[int], breached: list[int]) -> bool:
    """Whether NON_COMPLIANCE holds for DEMO-OFF-14 with only these events (days ago)."""
    await cypher(graph, """
        MATCH (o:Offender {id: 'DEMO-OFF-14'})
        OPTIONAL MATCH (e:ComplianceEvent)-[:RECORDED_FOR]->(o) DETACH DELETE e
        WITH DISTINCT o
        UNWIND [d IN $missed | ['MISSED_APPOINTMENT', d]]
               + [d IN $breached | ['CONDITION_BREACH', d]] AS event
        CREATE (:ComplianceEvent {id: randomUUID(), kind: event[0],
                                  at: datetime() - duration({days: event[1], hours: 1})})
               -[:RECORDED_FOR]->(o)""", missed=missed, breached=breached)
    return (R.NON_COMPLIANCE.value, "DEMO-OFF-14", None) in await keys(graph, ["DEMO-OFF-14"])


@pytest.mark.parametrize(("missed", "breached", "holds"), [
    ([20], [], False),  # one is not enough
    ([25, 5], [], True),
    ([45, 20], [], True),  # 25 days apart, the second recent: the older one's age is no matter
    ([60, 20], [], False),  # 40 days apart
    ([55, 31], [], False),  # 24 days apart, but the run ended over a window ago: resolved
    ([], [29], True),
    ([], [31], False),  # a breach ages out too
])
async def test_non_compliance_counts_missed_appointments_within_the_window_of_each_other(
    demo: Graph, missed: list[int], breached: list[int], holds: bool
) -> None:
    assert await missed_and_breached(demo, missed, breached) is holds


async def test_circles_are_measured_as_point_distance_measures(demo: Graph) -> None:
    rng = random.Random(7)
    pairs = [[53.48 + rng.uniform(-0.3, 0.3), -2.24 + rng.uniform(-0.5, 0.5),
              53.48 + rng.uniform(-0.3, 0.3), -2.24 + rng.uniform(-0.5, 0.5)]
             for _ in range(200)]
    rows = await cypher(demo, """
        UNWIND $pairs AS p
        RETURN point.distance(point({latitude: p[0], longitude: p[1]}),
                              point({latitude: p[2], longitude: p[3]})) AS metres""",
                        pairs=pairs)
    assert [distance_m(*p) for p in pairs] == pytest.approx([r["metres"] for r in rows],
                                                            rel=1e-9)
