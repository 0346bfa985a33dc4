"""Seed data as Neo4j stores it: deterministic, consistent with its report, and, for the demo, a
graph in which each alert rule of PRODUCT.md s.5 holds exactly where seed/demo.py says it does.

The rules are evaluated here in plain Python over a dump of the graph, as a specification of the
demo scenario, independent of the alert engine.
"""

import itertools
import json
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import neo4j.spatial
import neo4j.time
import pytest

from app.core.enums import AlertRule
from app.platform.neo4j import migrations
from app.platform.neo4j.driver import Graph, open_graph
from app.settings import Settings
from dev import local_neo4j
from seed.areas import AREAS_BY_CODE, haversine_m
from seed.demo import COORDINATOR, HOUSING_ACTION, NEXT_MEETING, PERSONAS, SITUATIONS
from seed.load import (
    LoadReport,
    import_chosen,
    import_population,
    load_demo,
    load_population,
    reset_graph,
)
from seed.repository import fingerprint_graph
from tests.api.live import free_port
from tests.conftest import local_test_settings

AS_OF = date(2025, 6, 1)
PROXIMITY_M, PREMISES_M, NETWORK_HOPS = 2000.0, 400.0, 2


def plain(value: Any) -> Any:
    """Neo4j values as comparable Python ones (points as (lat, lon))."""
    if isinstance(value, neo4j.spatial.WGS84Point):
        return (value.latitude, value.longitude)
    if isinstance(value, neo4j.time.Date | neo4j.time.DateTime):
        return value.to_native()
    if isinstance(value, list):
        return tuple(plain(v) for v in value)
    return value


@dataclass
class Rel:
    start: str
    type: str
    end: str
    props: dict[str, Any]


@dataclass
class Snapshot:
    """Every node by id (labels, properties) and every relationship, indexed both ways."""

    labels: dict[str, frozenset[str]] = field(default_factory=dict)
    props: dict[str, dict[str, Any]] = field(default_factory=dict)
    rels: list[Rel] = field(default_factory=list)
    outgoing: dict[tuple[str, str], list[Rel]] = field(default_factory=lambda: defaultdict(list))
    incoming: dict[tuple[str, str], list[Rel]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    async def of(cls, graph: Graph) -> "Snapshot":
        snapshot = cls()
        for row in await graph.read(fingerprint_graph):
            props = {k: plain(v) for k, v in row["properties"].items()}
            if row["labels"] is not None:
                snapshot.labels[row["id"]] = frozenset(row["labels"])
                snapshot.props[row["id"]] = props
            else:
                rel = Rel(row["start"], row["type"], row["end"], props)
                snapshot.rels.append(rel)
                snapshot.outgoing[(rel.start, rel.type)].append(rel)
                snapshot.incoming[(rel.end, rel.type)].append(rel)
        return snapshot

    def canonical(self) -> tuple[list[Any], list[Any]]:
        nodes = sorted((node_id, sorted(self.labels[node_id]), sorted(props.items()))
                       for node_id, props in self.props.items())
        rels = sorted((r.start, r.type, r.end, sorted(r.props.items())) for r in self.rels)
        return nodes, rels

    def having(self, label: str) -> list[str]:
        return sorted(node_id for node_id, labels in self.labels.items() if label in labels)

    def ends(self, start: str, rel_type: str) -> list[str]:
        return [r.end for r in self.outgoing[(start, rel_type)]]

    def starts(self, end: str, rel_type: str) -> list[str]:
        return [r.start for r in self.incoming[(end, rel_type)]]

    def homes(self, person: str) -> list[str]:
        return [r.end for r in self.outgoing[(person, "RESIDES_AT")]
                if r.props.get("to") is None and r.props["kind"] != "PROPOSED"]

    def places(self, person: str) -> list[str]:
        """The places of a person's current homes: each case records its own address of a
        place, and people of several cases meet at the place."""
        return [place for home in self.homes(person) for place in self.ends(home, "AT")]

    def residents(self, place: str) -> list[str]:
        return [r.start for address in self.starts(place, "AT")
                for r in self.incoming[(address, "RESIDES_AT")]
                if r.props.get("to") is None and r.props["kind"] != "PROPOSED"]

    def approved_premises(self, place: str) -> bool:
        return any(self.props[a].get("approvedPremises") for a in self.starts(place, "AT"))

    def at(self, node: str) -> tuple[float, float]:
        location: tuple[float, float] = self.props[node]["location"]
        return location


def active(props: dict[str, Any], day: date = AS_OF) -> bool:
    return props["validFrom"] <= day and (props.get("validTo") is None or day <= props["validTo"])


def distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return haversine_m(a[0], a[1], b[0], b[1])


def inside_zone(zone: dict[str, Any], point: tuple[float, float]) -> bool:
    if zone["shape"] == "CIRCLE":
        return distance(zone["centre"], point) <= zone["radiusMetres"]
    ring = json.loads(zone["geometry"])["coordinates"][0]
    lat, lon = point
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def age(born: date, day: date = AS_OF) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Rules:
    """PRODUCT.md s.5, evaluated over a snapshot: each returns the counterparts for an offender
    (a one-element {None} when the rule has no counterpart)."""

    def __init__(self, graph: Snapshot) -> None:
        self.g = graph

    def conditions(self, offender: str, kind: str) -> list[str]:
        g = self.g
        return [c for c in g.ends(offender, "SUBJECT_TO")
                if g.props[c]["kind"] == kind and active(g.props[c])]

    def protected_people(self, offender: str) -> set[str]:
        return {p for c in self.conditions(offender, "NO_CONTACT")
                for p in self.g.ends(c, "PROTECTS")}

    def zones(self, offender: str) -> list[dict[str, Any]]:
        g = self.g
        return [g.props[z] for c in self.conditions(offender, "EXCLUSION_ZONE")
                for z in g.ends(c, "DEFINES_ZONE") if active(g.props[z])]

    def linked(self, a: str, b: str) -> bool:
        g = self.g
        return (b in g.ends(a, "HAS_CONTACT") or b in g.ends(a, "ASSOCIATES_WITH")
                or a in g.ends(b, "ASSOCIATES_WITH"))

    def share_home(self, a: str, b: str) -> bool:
        return bool(set(self.g.places(a)) & set(self.g.places(b)))

    def proximity_to_victim(self, o: str) -> set[str | None]:
        g = self.g
        homes = [g.at(h) for h in g.homes(o)]
        near: set[str | None] = set()
        for person in set(g.ends(o, "OFFENDED_AGAINST")) | self.protected_people(o):
            places = [g.at(a) for a in g.ends(person, "LOCATED_AT") + g.homes(person)]
            if any(distance(h, p) <= PROXIMITY_M for h in homes for p in places):
                near.add(person)
        return near

    def residence_in_exclusion_zone(self, o: str) -> set[str | None]:
        homes = [self.g.at(h) for h in self.g.homes(o)]
        return {z["id"] for z in self.zones(o) if z["kind"] == "EXCLUSION"
                and any(inside_zone(z, h) for h in homes)}

    def exclusion_zone_entry(self, o: str) -> set[str | None]:
        fix = self.g.props[o].get("lastFixLocation")
        if fix is None:
            return set()
        return {z["id"] for z in self.zones(o)
                if inside_zone(z, fix) == (z["kind"] == "EXCLUSION")}

    def near_restricted_premises(self, o: str) -> set[str | None]:
        g = self.g
        kinds = {g.props[c]["premisesKind"]
                 for c in self.conditions(o, "OUT_OF_BOUNDS_PREMISES_TYPE")}
        homes = [g.at(h) for h in g.homes(o)]
        return {p for p in g.having("Premises") if g.props[p]["kind"] in kinds
                and any(distance(h, g.at(p)) <= PREMISES_M for h in homes)}

    def prohibited_contact(self, o: str) -> set[str | None]:
        return {p for p in self.protected_people(o)
                if self.share_home(o, p) or self.linked(o, p)}

    def offender_association(self, o: str) -> set[str | None]:
        g = self.g
        shared = {other for place in g.places(o) if not g.approved_premises(place)
                  for other in g.residents(place)}
        linked = set(g.ends(o, "ASSOCIATES_WITH")) | set(g.starts(o, "ASSOCIATES_WITH"))
        return {p for p in shared | linked if p != o and "Offender" in g.labels[p]}

    def child_in_household(self, o: str) -> set[str | None]:
        g = self.g
        if g.props[o]["category"] != "CATEGORY_1":
            return set()
        household = {p for place in g.places(o) for p in g.residents(place)}
        household |= set(g.starts(o, "HOUSEHOLD_MEMBER_OF"))
        return {p for p in household - {o} if age(g.props[p]["dateOfBirth"]) < 18}

    def victim_in_network(self, o: str) -> set[str | None]:
        g = self.g

        def neighbours(person: str) -> Iterable[str]:
            for rel_type in ("HAS_CONTACT", "ASSOCIATES_WITH", "HOUSEHOLD_MEMBER_OF"):
                yield from g.ends(person, rel_type)
                yield from g.starts(person, rel_type)
            for place in g.places(person):
                yield from g.residents(place)

        hops = {o: 0}
        queue = deque([o])
        while queue:
            person = queue.popleft()
            if hops[person] == NETWORK_HOPS:
                continue
            for other in neighbours(person):
                if other not in hops:
                    hops[other] = hops[person] + 1
                    queue.append(other)
        return {v for v in g.ends(o, "OFFENDED_AGAINST") if v in hops}

    def risk_escalation(self, o: str) -> set[str | None]:
        g = self.g
        order = ["LOW", "MEDIUM", "HIGH", "VERY_HIGH"]
        assessments = sorted((g.props[a] for a in g.ends(o, "HAS_RISK_ASSESSMENT")),
                             key=lambda a: a["assessedOn"])
        if g.props[o]["level"] != "LEVEL_1" or not assessments:
            return set()
        latest = order.index(assessments[-1]["overall"])
        before = order.index(assessments[-2]["overall"]) if len(assessments) > 1 else -1
        return {None} if latest >= 2 and latest > before else set()

    def non_compliance(self, o: str) -> set[str | None]:
        g = self.g
        events = [g.props[e] for e in g.starts(o, "RECORDED_FOR")
                  if "ComplianceEvent" in g.labels[e]]
        missed = sorted(e["at"] for e in events if e["kind"] == "MISSED_APPOINTMENT")
        close = any(b - a <= timedelta(days=30) for a, b in itertools.pairwise(missed))
        breach = any(e["kind"] == "CONDITION_BREACH" for e in events)
        return {None} if close or breach else set()

    def notification_overdue(self, o: str) -> set[str | None]:
        g = self.g
        if not g.props[o]["registeredSexOffender"]:
            return set()
        notes = [g.props[n] for n in g.starts(o, "RECORDED_FOR") if "Notification" in g.labels[n]]
        initial = min(n["madeOn"] for n in notes if n["kind"] == "INITIAL")
        changes = [n["madeOn"] for n in notes if n["kind"] == "ADDRESS_CHANGE"]
        for rel in g.outgoing[(o, "RESIDES_AT")]:
            moved = rel.props["from"]
            if moved > initial and not any(moved <= m <= moved + timedelta(days=3)
                                           for m in changes):
                return {None}
        latest = max(n["madeOn"] for n in notes if n["kind"] in {"INITIAL", "ANNUAL"})
        return {None} if latest + timedelta(days=365) < AS_OF else set()


    def action_overdue(self, o: str) -> set[str | None]:
        g = self.g
        return {a for plan in g.ends(o, "HAS_PLAN") for a in g.ends(plan, "HAS_ACTION")
                if g.props[a]["status"] == "OPEN" and g.props[a]["dueOn"] < AS_OF}

    def review_overdue(self, o: str) -> set[str | None]:
        g = self.g
        props = g.props[o]
        scheduled = [m for item in g.starts(o, "CONSIDERS")
                     for m in g.starts(item, "HAS_AGENDA_ITEM")
                     if g.props[m]["status"] == "SCHEDULED" and g.props[m]["date"] >= AS_OF]
        late = props["level"] != "LEVEL_1" and props["reviewDate"] < AS_OF
        return {None} if late and not scheduled else set()


RULES: dict[AlertRule, Callable[[Rules, str], set[str | None]]] = {
    AlertRule.PROXIMITY_TO_VICTIM: Rules.proximity_to_victim,
    AlertRule.RESIDENCE_IN_EXCLUSION_ZONE: Rules.residence_in_exclusion_zone,
    AlertRule.EXCLUSION_ZONE_ENTRY: Rules.exclusion_zone_entry,
    AlertRule.NEAR_RESTRICTED_PREMISES: Rules.near_restricted_premises,
    AlertRule.PROHIBITED_CONTACT: Rules.prohibited_contact,
    AlertRule.OFFENDER_ASSOCIATION: Rules.offender_association,
    AlertRule.CHILD_IN_HOUSEHOLD: Rules.child_in_household,
    AlertRule.VICTIM_IN_NETWORK: Rules.victim_in_network,
    AlertRule.RISK_ESCALATION: Rules.risk_escalation,
    AlertRule.NON_COMPLIANCE: Rules.non_compliance,
    AlertRule.NOTIFICATION_OVERDUE: Rules.notification_overdue,
    AlertRule.ACTION_OVERDUE: Rules.action_overdue,
    AlertRule.REVIEW_OVERDUE: Rules.review_overdue,
}


@pytest.fixture
async def demo(graph: Graph) -> tuple[LoadReport, Snapshot]:
    report = await load_demo(graph, AS_OF)
    return report, await Snapshot.of(graph)


# --- the synthetic population ---------------------------------------------------------------


@pytest.mark.slow
async def test_same_seed_gives_the_same_graph(graph: Graph) -> None:
    """Several offender batches, written concurrently: the graph must not depend on timing."""
    first = await load_population(graph, 1100, 11, AS_OF)
    before = (await Snapshot.of(graph)).canonical()
    await reset_graph(graph)
    second = await load_population(graph, 1100, 11, AS_OF)
    after = (await Snapshot.of(graph)).canonical()
    assert before == after
    assert (first.nodes, first.relationships) == (second.nodes, second.relationships)


async def test_report_counts_what_neo4j_holds(graph: Graph) -> None:
    done: list[tuple[int, int]] = []
    report = await load_population(graph, 300, 5, AS_OF,
                                   progress=lambda n, total: done.append((n, total)))
    snapshot = await Snapshot.of(graph)
    assert report.nodes == len(snapshot.props)
    assert report.relationships == len(snapshot.rels)
    assert report.offenders == report.by_label["Offender"] == 300
    assert len(snapshot.having("Offender")) == 300
    for label in ("Agency", "Victim", "Address", "Zone", "Premises"):
        assert report.by_label[label] == len(snapshot.having(label))
    assert done[-1] == (300, 300)
    assert report.seconds > 0


async def test_population_graph_is_consistent(graph: Graph) -> None:
    await load_population(graph, 300, 3, AS_OF)
    g = await Snapshot.of(graph)
    for o in g.having("Offender"):
        area = g.props[o]["area"]
        [lead] = g.ends(o, "LEAD_AGENCY")
        assert g.props[lead]["area"] == area
        assert any(r.start == lead and r.props["basis"] == "LEAD" and r.props.get("until") is None
                   for r in g.incoming[(o, "INVOLVED_IN")])
        assert len(g.homes(o)) == 1
        assert g.starts(o, "MANAGES")
        officer_agencies = {a for m in g.starts(o, "MANAGES") for a in g.ends(m, "WORKS_FOR")}
        assert lead in officer_agencies
        for zone in (z for c in g.ends(o, "SUBJECT_TO") for z in g.ends(c, "DEFINES_ZONE")):
            centre = AREAS_BY_CODE[area]
            assert distance((centre.lat, centre.lon), g.props[zone]["centre"]) <= centre.radius_m
    for victim in g.having("Victim"):
        places = g.ends(victim, "LOCATED_AT")
        assert places
        assert all("Protected" in g.labels[a] for a in places)
    assert set(g.having("Protected")) == {a for v in g.having("Victim")
                                          for a in g.ends(v, "LOCATED_AT")}
    # Each case records its own addresses; people of several cases (Approved Premises) meet at
    # a place, which no protected address is at, and whoever lived there is RESIDENT_OF it.
    for address in g.having("Address"):
        assert len(g.ends(address, "AT")) == ("Protected" not in g.labels[address])
    for address in g.having("Address"):  # one case's: an offender and his household, or one
        residents = set(g.starts(address, "RESIDES_AT"))
        cases = {o for p in residents for o in ([p] if "Offender" in g.labels[p]
                                                else g.starts(p, "HAS_CONTACT"))}
        assert len(cases) <= 1, (address, residents)
    assert max(len(set(g.residents(place))) for place in g.having("Place")) >= 2
    for person in g.having("Person"):
        lived = {place for r in g.outgoing[(person, "RESIDES_AT")] for place in g.ends(r.end, "AT")}
        assert set(g.ends(person, "RESIDENT_OF")) == lived


async def test_population_coordinates_lie_in_their_area(graph: Graph) -> None:
    await load_population(graph, 300, 4, AS_OF)
    g = await Snapshot.of(graph)
    placed = g.having("Address") + g.having("Premises")
    assert len(placed) > 500
    for node in placed:
        area = AREAS_BY_CODE[g.props[node]["area"]]
        assert distance((area.lat, area.lon), g.at(node)) <= area.radius_m, node


async def test_reset_keeps_only_the_migrations(graph: Graph, settings: Settings) -> None:
    await load_population(graph, 50, 1, AS_OF)
    await reset_graph(graph)
    assert (await Snapshot.of(graph)).canonical() == ([], [])
    assert await migrations.pending(graph, settings.schema_dir) == []


@pytest.fixture
def own_neo4j(tmp_path: Path) -> Iterator[Settings]:
    """A local Neo4j of this test's own, started: an import stops the server it imports into,
    so never the shared test server."""
    own = local_test_settings().model_copy(update={
        "state_dir": tmp_path / "own", "local_neo4j_port": free_port(), "neo4j_uri": None,
        "local_neo4j_heap": "512m", "local_neo4j_pagecache": "256m",
    })
    local_neo4j.start(own, echo=lambda _: None)
    try:
        yield own
    finally:
        local_neo4j.stop(own, echo=lambda _: None)


@pytest.mark.slow
async def test_bulk_import_gives_the_graph_of_the_unwind_writes(
    graph: Graph, settings: Settings, own_neo4j: Settings,
) -> None:
    """`mappa seed --offenders N` into an empty local graph imports the files neo4j-admin takes
    (the server stopped around it), elsewhere it adds by UNWIND: the same graph either way."""
    unwind = await load_population(graph, 300, 7, AS_OF)
    written = await Snapshot.of(graph)
    async with open_graph(own_neo4j) as empty:
        await migrations.migrate(empty, own_neo4j.schema_dir)
        assert await import_chosen(empty, own_neo4j, replace=False) is not None
    with pytest.raises(local_neo4j.LocalNeo4jError, match="Neo4j is running"):
        local_neo4j.import_database(own_neo4j, [], [])

    imported = await import_population(own_neo4j, 300, 7, AS_OF, echo=lambda _: None)

    async with open_graph(own_neo4j) as graph_imported:
        assert (await Snapshot.of(graph_imported)).canonical() == written.canonical()
        assert await migrations.pending(graph_imported, own_neo4j.schema_dir) == []
        # Now it holds data: more is added by UNWIND, unless the graph is to be replaced.
        assert await import_chosen(graph_imported, own_neo4j, replace=False) is None
        assert await import_chosen(graph_imported, own_neo4j, replace=True) is not None
    assert (imported.nodes, imported.relationships) == (unwind.nodes, unwind.relationships)
    assert imported.by_label == unwind.by_label
    # A server this command does not run (MAPPA_NEO4J_URI) is never imported into.
    elsewhere = settings.model_copy(update={"neo4j_uri": "bolt://127.0.0.1:1"})
    assert await import_chosen(graph, elsewhere, replace=True) is None


# --- the demo scenario ------------------------------------------------------------------------


async def test_every_persona_works_for_an_agency_of_its_kind(
    demo: tuple[LoadReport, Snapshot],
) -> None:
    _, g = demo
    for persona in PERSONAS:
        assert g.props[persona.officer_id]["role"] == persona.role
        assert g.ends(persona.officer_id, "WORKS_FOR") == [persona.agency_id]
        assert g.props[persona.agency_id]["kind"] == persona.agency_kind


async def test_demo_report_matches_the_graph(demo: tuple[LoadReport, Snapshot]) -> None:
    report, g = demo
    assert report.nodes == len(g.props)
    assert report.relationships == len(g.rels)
    assert report.offenders == 17


@pytest.mark.parametrize("rule", list(RULES))
async def test_each_rule_fires_exactly_where_the_demo_says(
    demo: tuple[LoadReport, Snapshot], rule: AlertRule,
) -> None:
    _, g = demo
    rules = Rules(g)
    fired = {(o, other) for o in g.having("Offender") for other in RULES[rule](rules, o)}
    expected = {(s.offender_id, s.counterpart_id) for s in SITUATIONS
                if s.rule is rule and s.raised}
    near_misses = {(s.offender_id, s.counterpart_id) for s in SITUATIONS
                   if s.rule is rule and not s.raised}
    if rule is AlertRule.OFFENDER_ASSOCIATION:  # symmetric: both offenders are alerted
        expected |= {(b, a) for a, b in expected if b is not None}
    assert expected
    assert fired == expected
    assert not fired & near_misses


async def test_emergency_access_case_is_outside_police_involvement(
    demo: tuple[LoadReport, Snapshot],
) -> None:
    _, g = demo
    [situation] = [s for s in SITUATIONS if s.rule is AlertRule.EMERGENCY_ACCESS]
    involved = g.starts(situation.offender_id, "INVOLVED_IN")
    assert "AG-DEMO-POLICE" not in involved
    assert "AG-DEMO-PROBATION" in involved


async def test_need_to_know_differs_between_agencies(demo: tuple[LoadReport, Snapshot]) -> None:
    _, g = demo
    offenders = g.having("Offender")
    housing = [o for o in offenders if "AG-DEMO-HOUSING" in g.starts(o, "INVOLVED_IN")]
    police = [o for o in offenders if "AG-DEMO-POLICE" in g.starts(o, "INVOLVED_IN")]
    assert housing == ["DEMO-OFF-01"]
    assert 1 < len(police) < len(offenders)
    for o in offenders:
        assert g.ends(o, "LEAD_AGENCY")[0] in g.starts(o, "INVOLVED_IN")


async def test_demo_alongside_a_population(graph: Graph) -> None:
    await load_population(graph, 50, 1, AS_OF)
    report = await load_demo(graph, AS_OF)
    assert report.offenders == 17
    assert report.by_label["Offender"] == 67


# --- plans, actions and meetings (issue 22) ---------------------------------------------------

def open_involvements(g: Snapshot, offender: str, day: date = AS_OF) -> list[Rel]:
    return [r for r in g.incoming[(offender, "INVOLVED_IN")]
            if r.props.get("until") is None or r.props["until"] > day]


def assert_plans_and_meetings_hold_together(g: Snapshot) -> None:
    """Graph_schema/MODEL.md's rules for plans, actions and meetings, on any seeded graph."""
    for o in g.having("Offender"):
        versions = sorted(g.ends(o, "HAS_PLAN"), key=lambda p: g.props[p]["version"])
        if g.props[o]["level"] == "LEVEL_1":
            assert not versions
            continue
        [current] = g.ends(o, "CURRENT_PLAN")
        assert versions[-1] == current
        assert g.props[current]["status"] == "AGREED"
        assert all(g.props[p]["status"] == "SUPERSEDED" for p in versions[:-1])
        for newer, older in itertools.pairwise(reversed(versions)):
            assert g.ends(newer, "SUPERSEDES") == [older]
        own = set(g.ends(o, "SUBJECT_TO") + g.ends(o, "RESIDES_AT") + g.ends(o, "ATTENDS")
                  + g.starts(o, "MANAGES"))
        for plan in versions:
            assert g.props[plan]["offenderId"] == o
            for measure in g.ends(plan, "HAS_MEASURE"):
                targets = g.ends(measure, "REFERS_TO")
                assert len(targets) == (g.props[measure]["kind"] != "OTHER")
                assert set(targets) <= own
            for action in g.ends(plan, "HAS_ACTION"):
                props = g.props[action]
                assert g.ends(action, "OWNED_BY") == [props["ownerAgencyId"]]
                assert props["offenderId"] == o
                for officer in g.ends(action, "ASSIGNED_TO"):
                    assert g.ends(officer, "WORKS_FOR") == [props["ownerAgencyId"]]
                assert (props["status"] == "OPEN") == (props.get("outcome") is None)
        meeting = g.props[current].get("agreedAtMeetingId")
        if meeting is not None:
            [item] = [i for i in g.ends(meeting, "HAS_AGENDA_ITEM")
                      if g.ends(i, "CONSIDERS") == [o]]
            assert g.ends(item, "AGREED") == [current]
            assert set(g.ends(item, "CREATED_ACTION")) == set(g.ends(current, "HAS_ACTION"))
    for meeting in g.having("MappaMeeting"):
        props = g.props[meeting]
        [chair] = g.ends(meeting, "CHAIRED_BY")
        assert g.props[chair]["role"] == "MAPPA_COORDINATOR"
        assert g.props[g.ends(chair, "WORKS_FOR")[0]]["area"] == props["area"]
        held = props["date"] < AS_OF
        assert props["status"] == ("HELD" if held else "SCHEDULED")
        items = g.ends(meeting, "HAS_AGENDA_ITEM")
        assert items
        for item in items:
            [case] = g.ends(item, "CONSIDERS")
            assert g.props[case]["level"] == props["level"]
            assert g.props[case]["area"] == props["area"]
            assert (g.props[item].get("decidedAt") is not None) == held
    # An invitation involves each invited agency in each agenda case, until the meeting's date
    # plus the setting, unless it was involved already; one open involvement per agency and case.
    days = Settings().meeting_involvement_days
    given = [r for r in g.rels if r.type == "INVOLVED_IN" and r.props["basis"] == "MAPPA_MEETING"]
    assert given
    for r in given:
        meeting = r.props["meetingId"]
        assert r.start in g.starts(meeting, "INVITED_TO")
        assert r.end in [c for i in g.ends(meeting, "HAS_AGENDA_ITEM")
                         for c in g.ends(i, "CONSIDERS")]
        assert r.props["until"] == g.props[meeting]["date"] + timedelta(days=days)
        assert r.props["until"] > AS_OF
    for o in g.having("Offender"):
        agencies = [r.start for r in open_involvements(g, o)]
        assert len(agencies) == len(set(agencies)), o


async def test_population_plans_actions_and_meetings(graph: Graph) -> None:
    report = await load_population(graph, 1500, 8, AS_OF)
    g = await Snapshot.of(graph)
    assert_plans_and_meetings_hold_together(g)
    cases = [o for o in g.having("Offender") if g.props[o]["level"] != "LEVEL_1"]
    assert len(cases) > 20
    assert report.by_label["RiskManagementPlan"] > len(cases)  # some earlier versions kept
    actions = [g.props[a] for a in g.having("PlanAction")]
    overdue = [a for a in actions if a["status"] == "OPEN" and a["dueOn"] < AS_OF]
    assert overdue
    assert {a["status"] for a in actions} == {"OPEN", "DONE", "CANCELLED"}
    owners = {g.props[a["ownerAgencyId"]]["kind"] for a in actions}
    assert {"POLICE", "PROBATION", "HOUSING", "CHILDRENS_SERVICES"} <= owners
    # A meeting per area, level and month, and each case with a review to come is on one
    # scheduled meeting before it; one whose review has passed is on none (REVIEW_OVERDUE).
    meetings = [g.props[m] for m in g.having("MappaMeeting")]
    months = [(m["area"], m["level"], m["date"].year, m["date"].month) for m in meetings]
    assert len(months) == len(set(months))
    for o in cases:
        scheduled = [m for i in g.starts(o, "CONSIDERS") for m in g.starts(i, "HAS_AGENDA_ITEM")
                     if g.props[m]["status"] == "SCHEDULED"]
        assert bool(scheduled) == (g.props[o]["reviewDate"] >= AS_OF), o


async def test_demo_plans_meetings_and_personas(demo: tuple[LoadReport, Snapshot]) -> None:
    _, g = demo
    assert_plans_and_meetings_hold_together(g)
    # The coordinator chairs next week's level 2 meeting, on its four level 2 cases.
    coordinator = next(p for p in PERSONAS if p.officer_id == COORDINATOR)
    upcoming = sorted((m for m in g.having("MappaMeeting") if g.props[m]["date"] >= AS_OF),
                      key=lambda m: g.props[m]["date"])
    assert upcoming[0] == NEXT_MEETING
    assert g.props[NEXT_MEETING]["date"] == AS_OF + timedelta(days=7)
    assert g.props[NEXT_MEETING]["level"] == "LEVEL_2"
    assert g.ends(NEXT_MEETING, "CHAIRED_BY") == [coordinator.officer_id]
    agenda = sorted(c for i in g.ends(NEXT_MEETING, "HAS_AGENDA_ITEM")
                    for c in g.ends(i, "CONSIDERS"))
    assert agenda == ["DEMO-OFF-01", "DEMO-OFF-09", "DEMO-OFF-12", "DEMO-OFF-14"]
    assert coordinator.agency_id in g.starts(NEXT_MEETING, "INVITED_TO")
    # Housing owns exactly one action, on its one case; some police actions are overdue.
    housing = [a for a in g.having("PlanAction")
               if g.props[a]["ownerAgencyId"] == "AG-DEMO-HOUSING"]
    assert housing == [HOUSING_ACTION]
    assert g.props[HOUSING_ACTION]["offenderId"] == "DEMO-OFF-01"
    assert any(g.props[a]["status"] == "OPEN" and g.props[a]["dueOn"] < AS_OF
               for a in g.having("PlanAction"))
    # The prison is invited; not involved in DEMO-OFF-09 otherwise, it is until 28 days after.
    [involvement] = [r for r in open_involvements(g, "DEMO-OFF-09")
                     if r.start == "AG-DEMO-PRISON"]
    assert involvement.props["basis"] == "MAPPA_MEETING"
    assert involvement.props["until"] == AS_OF + timedelta(days=7 + 28)
    assert not [r for r in g.incoming[("DEMO-OFF-09", "INVOLVED_IN")]
                if r.start == "AG-DEMO-HOUSING"]
