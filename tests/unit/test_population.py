"""The synthetic population and the demo scenario as rows: deterministic, realistic, well placed."""

import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import pytest

from app.access.table import CLASSES
from app.core.enums import AgencyKind, Role
from seed.areas import AREAS, AREAS_BY_CODE, NATIONAL, Area, haversine_m
from seed.demo import PERSONAS, SITUATIONS, demo_batches
from seed.population import Batch, generate_population
from seed.rows import BatchKind

AS_OF = date(2025, 6, 1)


def rows_of(batches: Sequence[Batch], kind: BatchKind) -> list[Mapping[str, Any]]:
    return [row for batch in batches if batch.kind is kind for row in batch.rows]


@pytest.fixture(scope="module")
def population() -> list[Batch]:
    return list(generate_population(5000, 2024, AS_OF))


@pytest.fixture(scope="module")
def offenders(population: list[Batch]) -> list[Mapping[str, Any]]:
    return rows_of(population, BatchKind.OFFENDERS)


def test_same_seed_gives_identical_rows() -> None:
    assert list(generate_population(300, 7, AS_OF)) == list(generate_population(300, 7, AS_OF))


def test_different_seed_or_date_gives_different_rows() -> None:
    first = list(generate_population(300, 7, AS_OF))
    assert first != list(generate_population(300, 8, AS_OF))
    assert first != list(generate_population(300, 7, date(2025, 6, 2)))


def test_batches_come_in_load_order_and_cover_every_offender(population: list[Batch]) -> None:
    order = [batch.kind for batch in population]
    kinds = list(dict.fromkeys(order))
    assert kinds == list(BatchKind)
    assert order == sorted(order, key=kinds.index)
    assert sum(batch.offenders for batch in population) == 5000


def test_forty_two_areas_with_unique_codes() -> None:
    assert len(AREAS) == 42
    assert len({area.code for area in AREAS}) == 42
    assert {"AVS", "LDN", "GMP"} <= AREAS_BY_CODE.keys()
    assert AREAS_BY_CODE["LDN"].police == "Metropolitan Police Service"
    assert all(3 <= area.radius_km <= 25 and area.towns for area in AREAS)


def test_every_area_has_one_agency_of_each_local_kind(population: list[Batch]) -> None:
    agencies = rows_of(population, BatchKind.AGENCIES)
    by_area = Counter((a["area"], a["kind"]) for a in agencies)
    local = set(AgencyKind) - {AgencyKind.ELECTRONIC_MONITORING}
    for area in AREAS:
        assert {kind for (code, kind) in by_area if code == area.code} == local
    assert by_area[(NATIONAL, AgencyKind.ELECTRONIC_MONITORING)] == 1
    assert all(count == 1 for count in by_area.values())
    assert {"Avon and Somerset Police", "HMP Bristol"} <= {a["name"] for a in agencies}


def share(values: Sequence[object], value: object) -> float:
    return sum(1 for v in values if v == value) / len(values)


def test_categories_and_levels_follow_the_national_statistics(
    offenders: list[Mapping[str, Any]],
) -> None:
    categories = [o["category"] for o in offenders]
    levels = [o["level"] for o in offenders]
    assert share(categories, "CATEGORY_1") == pytest.approx(0.77, abs=0.03)
    assert share(categories, "CATEGORY_2") == pytest.approx(0.22, abs=0.03)
    assert share(categories, "CATEGORY_3") < 0.02
    assert share(categories, "CATEGORY_4") < 0.01
    assert share(levels, "LEVEL_1") == pytest.approx(0.97, abs=0.015)
    assert share(levels, "LEVEL_2") == pytest.approx(0.025, abs=0.01)
    assert share(levels, "LEVEL_3") < 0.015
    assert all(o["registeredSexOffender"] == (o["category"] == "CATEGORY_1") for o in offenders)


def test_offenders_are_spread_by_population(offenders: list[Mapping[str, Any]]) -> None:
    areas = Counter(o["area"] for o in offenders)
    assert set(areas) == set(AREAS_BY_CODE)
    assert areas["LDN"] > areas["CUM"] * 8


def test_people_per_offender_are_realistic(offenders: list[Mapping[str, Any]]) -> None:
    victims = [len(o["victims"]) for o in offenders]
    contacts = [len(o["contacts"]) for o in offenders]
    assert min(victims) == 1
    assert max(victims) == 3
    assert sum(victims) / len(victims) == pytest.approx(1.3, abs=0.1)
    assert 0 == min(contacts) < max(contacts) == 4
    assert 0.1 < share([bool(o["aliases"]) for o in offenders], True) < 0.3


def test_references_and_ids_are_unique(population: list[Batch]) -> None:
    offenders = rows_of(population, BatchKind.OFFENDERS)
    assert len({o["pnc"] for o in offenders}) == len(offenders)
    assert len({o["visorRef"] for o in offenders}) == len(offenders)
    ids = [node_id for batch in population for node_id in node_ids(batch)]
    assert len(ids) == len(set(ids))


def node_ids(batch: Batch) -> Iterator[str]:
    """Ids of the nodes a batch creates (associations create none, places have a key)."""
    if batch.kind in (BatchKind.ASSOCIATIONS, BatchKind.PLACES):
        return
    if batch.kind is BatchKind.PLANS:
        for plan in batch.rows:
            for version in plan["versions"]:
                yield version["id"]
                yield from (m["id"] for m in version["measures"])
                yield from (a["id"] for a in version["actions"])
        return
    for row in batch.rows:
        yield row["id"]
        if batch.kind is BatchKind.OFFENDERS:
            yield from offender_node_ids(row)
        if batch.kind is BatchKind.MEETINGS:
            yield from (item["id"] for item in row["agenda"])


def offender_node_ids(o: Mapping[str, Any]) -> Iterator[str]:
    for residence in [o["home"], *o["pastResidences"]]:
        yield residence["address"]["id"]
    for victim in o["victims"]:
        yield victim["id"]
        yield victim["address"]["id"]
    for contact in o["contacts"]:
        yield contact["id"]
        for residence in contact["residences"]:
            yield residence["address"]["id"]
    for condition in o["conditions"]:
        yield condition["id"]
        yield from (z["id"] for z in condition["zones"])
    for part in ("riskAssessments", "interventions", "complianceEvents", "notifications",
                 "healthNotes"):
        yield from (item["id"] for item in o[part])


def test_lead_agency_is_in_the_offenders_own_area(offenders: list[Mapping[str, Any]]) -> None:
    for o in offenders:
        assert o["leadAgencyId"].startswith(f"AG-{o['area']}-")
        lead = [i for i in o["involvements"] if i["basis"] == "LEAD"]
        assert [i["agencyId"] for i in lead] == [o["leadAgencyId"]]
        assert lead[0]["until"] is None
        if o["category"] == "CATEGORY_1":
            assert f"AG-{o['area']}-POLICE" in {i["agencyId"] for i in o["involvements"]}
    leads = Counter(o["leadAgencyId"].rsplit("-", 1)[1] for o in offenders)
    assert leads["PROBATION"] > leads["POLICE"] > leads["YOUTH_JUSTICE"] > 0


def test_every_victim_address_is_protected_and_no_other(
    offenders: list[Mapping[str, Any]],
) -> None:
    for o in offenders:
        assert all(v["address"]["protected"] for v in o["victims"])
        others = [r["address"] for r in [o["home"], *o["pastResidences"]]]
        others += [r["address"] for c in o["contacts"] for r in c["residences"]]
        assert not any(a["protected"] for a in others)


def points(batches: Sequence[Batch]) -> Iterator[tuple[str, str, float, float]]:
    """(what, area code, lat, lon) of every address, premises, zone centre or vertex and fix in
    the rows (a circle's own extent is checked with the zones)."""
    for batch in batches:
        for row in batch.rows:
            if batch.kind is BatchKind.PREMISES:
                yield row["id"], row["area"], row["lat"], row["lon"]
            if batch.kind is BatchKind.OFFENDERS:
                yield from offender_points(row)


def offender_points(o: Mapping[str, Any]) -> Iterator[tuple[str, str, float, float]]:
    addresses = [r["address"] for r in [o["home"], *o["pastResidences"]]]
    addresses += [v["address"] for v in o["victims"]]
    addresses += [r["address"] for c in o["contacts"] for r in c["residences"]]
    for a in addresses:
        yield a["id"], a["area"], a["lat"], a["lon"]
    if o["lastFix"]:
        yield f"{o['id']} fix", o["area"], o["lastFix"]["lat"], o["lastFix"]["lon"]
    for zone in (z for c in o["conditions"] for z in c["zones"]):
        yield zone["id"], o["area"], zone["centreLat"], zone["centreLon"]
        if zone["shape"] == "POLYGON":
            for lon, lat in json.loads(zone["geometry"])["coordinates"][0]:
                yield f"{zone['id']} vertex", o["area"], lat, lon


def assert_inside(area: Area, what: str, lat: float, lon: float) -> None:
    distance = haversine_m(area.lat, area.lon, lat, lon)
    assert distance <= area.radius_m, f"{what} is {distance:.0f} m from the centre of {area.code}"


def test_every_coordinate_lies_inside_its_area_circle(population: list[Batch]) -> None:
    seen = 0
    for what, code, lat, lon in points(population):
        assert_inside(AREAS_BY_CODE[code], what, lat, lon)
        seen += 1
    assert seen > 10_000


def test_zones_are_closed_polygons_or_circles(offenders: list[Mapping[str, Any]]) -> None:
    zones = [z for o in offenders for c in o["conditions"] for z in c["zones"]]
    area_of = {z["id"]: AREAS_BY_CODE[o["area"]]
               for o in offenders for c in o["conditions"] for z in c["zones"]}
    shapes = Counter((z["kind"], z["shape"]) for z in zones)
    assert shapes[("EXCLUSION", "POLYGON")]
    assert shapes[("EXCLUSION", "CIRCLE")]
    assert shapes[("INCLUSION", "CIRCLE")]
    for zone in zones:
        geometry = json.loads(zone["geometry"])
        if zone["shape"] == "POLYGON":
            ring = geometry["coordinates"][0]
            assert geometry["type"] == "Polygon"
            assert ring[0] == ring[-1]
            assert len(ring) >= 7
            assert zone["radiusMetres"] is None
            lons = [p[0] for p in ring]
            assert min(lons) == zone["west"]
            assert max(lons) == zone["east"]
        else:
            assert geometry == {"type": "Point", "coordinates": [zone["centreLon"],
                                                                 zone["centreLat"]]}
            assert zone["radiusMetres"] > 0
            area = area_of[zone["id"]]
            edge = haversine_m(area.lat, area.lon, zone["centreLat"], zone["centreLon"])
            assert edge + zone["radiusMetres"] <= area.radius_m


def test_conditions_link_to_the_offenders_own_people(offenders: list[Mapping[str, Any]]) -> None:
    kinds = Counter(c["kind"] for o in offenders for c in o["conditions"])
    assert kinds.keys() == {
        "NO_CONTACT", "EXCLUSION_ZONE", "RESIDENCE", "CURFEW",
        "NO_UNSUPERVISED_CONTACT_WITH_CHILDREN", "OUT_OF_BOUNDS_PREMISES_TYPE",
        "NON_ASSOCIATION_WITH_SEX_OFFENDERS",
    }
    expired = 0
    for o in offenders:
        for c in o["conditions"]:
            assert all(0 <= i < len(o["victims"]) for i in c["protectsVictims"])
            assert (c["kind"] == "NO_CONTACT") == bool(c["protectsVictims"])
            assert (c["kind"] == "OUT_OF_BOUNDS_PREMISES_TYPE") == (c["premisesKind"] is not None)
            expired += c["validTo"] is not None and c["validTo"] < AS_OF.isoformat()
    assert expired > 0


def test_approved_premises_are_places_several_cases_record(population: list[Batch]) -> None:
    premises = {(p["line1"], p["postcode"]) for p in rows_of(population, BatchKind.PLACES)}
    homes = [o["home"]["address"] for o in rows_of(population, BatchKind.OFFENDERS)
             if o["home"]["kind"] == "APPROVED_PREMISES"]
    assert all(h["approvedPremises"] for h in homes)
    residents = Counter((h["line1"], h["postcode"]) for h in homes)
    assert residents.keys() <= premises
    assert max(residents.values()) >= 2
    assert len({h["id"] for h in homes}) == len(homes), "each case's record is its own"


def test_associations_link_generated_people(population: list[Batch]) -> None:
    people = {row["id"] for row in rows_of(population, BatchKind.OFFENDERS)}
    people |= {c["id"] for o in rows_of(population, BatchKind.OFFENDERS) for c in o["contacts"]}
    links = rows_of(population, BatchKind.ASSOCIATIONS)
    assert len(links) == pytest.approx(0.3 * 5000, rel=0.1)
    assert all(link["fromId"] in people and link["toId"] in people for link in links)
    assert {link["handling"] for link in links} == {"P", "C"}
    assert share([link["handling"] for link in links], "C") < 0.3
    assert {link["source"] for link in links} == {1, 2, 3}
    assert {link["information"] for link in links} == set("ABCDE")


def test_registered_sexual_offenders_notify(offenders: list[Mapping[str, Any]]) -> None:
    for o in offenders:
        kinds = [n["kind"] for n in o["notifications"]]
        assert ("INITIAL" in kinds) == o["registeredSexOffender"]


def test_personas_cover_every_row_of_the_policy_table() -> None:
    rows = {(p.agency_kind, p.role) for p in PERSONAS}
    for kind, role in CLASSES:
        if kind is None:
            assert role in {p.role for p in PERSONAS}
        elif role is not Role.MAPPA_COORDINATOR:
            assert (kind, role) in rows
    assert any(p.role is Role.MAPPA_COORDINATOR for p in PERSONAS)
    assert len({p.officer_id for p in PERSONAS}) == len(PERSONAS)
    assert all(p.description for p in PERSONAS)


def test_demo_rows_lie_in_greater_manchester_and_name_their_situations() -> None:
    batches = demo_batches(AS_OF)
    for what, code, lat, lon in points(batches):
        assert_inside(AREAS_BY_CODE[code], what, lat, lon)
    ids = {node_id for batch in batches for node_id in node_ids(batch)}
    for situation in SITUATIONS:
        assert situation.offender_id in ids
        assert situation.counterpart_id is None or situation.counterpart_id in ids
    assert len(rows_of(batches, BatchKind.OFFENDERS)) == 17


def test_every_level_2_and_3_case_has_one_current_agreed_plan(population: list[Batch]) -> None:
    offenders = rows_of(population, BatchKind.OFFENDERS)
    plans = {p["offenderId"]: p["versions"] for p in rows_of(population, BatchKind.PLANS)}
    assert set(plans) == {o["id"] for o in offenders if o["level"] != "LEVEL_1"}
    for versions in plans.values():
        assert [v["version"] for v in versions] == list(range(1, len(versions) + 1))
        assert [v["current"] for v in versions] == [False] * (len(versions) - 1) + [True]
        assert versions[-1]["status"] == "AGREED"
        assert all(v["status"] == "SUPERSEDED" for v in versions[:-1])
        assert [v["supersedesId"] for v in versions[1:]] == [v["id"] for v in versions[:-1]]
    assert any(len(versions) > 1 for versions in plans.values())
    actions = [a for versions in plans.values() for v in versions for a in v["actions"]]
    overdue = [a for a in actions if a["status"] == "OPEN" and a["dueOn"] < AS_OF.isoformat()]
    assert 0.05 < len(overdue) / len(actions) < 0.3
    assert all(a["outcome"] and a["statusBy"] for a in actions if a["status"] != "OPEN")
    owners = Counter(a["ownerAgencyId"].split("-", 2)[2] for a in actions)
    assert {"POLICE", "PROBATION", "HOUSING", "CHILDRENS_SERVICES"} <= set(owners)


def test_meetings_are_monthly_per_area_and_level_and_give_involvements_that_lapse(
    population: list[Batch],
) -> None:
    meetings = rows_of(population, BatchKind.MEETINGS)
    months = Counter((m["area"], m["level"], m["date"][:7]) for m in meetings)
    assert set(months.values()) == {1}
    offenders = {o["id"]: o for o in rows_of(population, BatchKind.OFFENDERS)}
    by_id = {m["id"]: m for m in meetings}
    for meeting in meetings:
        assert meeting["agenda"]
        assert meeting["status"] == ("HELD" if meeting["date"] < AS_OF.isoformat()
                                     else "SCHEDULED")
        for item in meeting["agenda"]:
            case = offenders[item["offenderId"]]
            assert (case["area"], case["level"]) == (meeting["area"], meeting["level"])
            assert (item["decidedAt"] is not None) == (meeting["status"] == "HELD")
    given = [(o["id"], i) for o in offenders.values() for i in o["involvements"]
             if i["basis"] == "MAPPA_MEETING"]
    assert given
    for offender_id, involvement in given:
        meeting = by_id[involvement["meetingId"]]
        assert offender_id in {item["offenderId"] for item in meeting["agenda"]}
        assert involvement["agencyId"] in {i["agencyId"] for i in meeting["invitations"]}
        until = date.fromisoformat(meeting["date"]) + timedelta(days=28)
        assert involvement["until"] == until.isoformat()
        assert until > AS_OF
    for o in offenders.values():  # one open involvement per agency and case
        open_ = [i["agencyId"] for i in o["involvements"]
                 if i["until"] is None or i["until"] > AS_OF.isoformat()]
        assert len(open_) == len(set(open_))


def test_the_demo_has_next_weeks_agenda_and_one_housing_action() -> None:
    batches = demo_batches(AS_OF)
    meetings = {m["id"]: m for m in rows_of(batches, BatchKind.MEETINGS)}
    upcoming = [m for m in meetings.values() if m["date"] > AS_OF.isoformat()]
    first = min(upcoming, key=lambda m: m["date"])
    assert first["date"] == (AS_OF + timedelta(days=7)).isoformat()
    assert first["chairId"] == "demo.probation.coordinator"
    assert len(first["agenda"]) == 4
    actions = [a for p in rows_of(batches, BatchKind.PLANS) for v in p["versions"]
               for a in v["actions"]]
    assert [a["id"] for a in actions if a["ownerAgencyId"] == "AG-DEMO-HOUSING"] == [
        "DEMO-PA-01-2"]
    assert any(a["status"] == "OPEN" and a["dueOn"] < AS_OF.isoformat() for a in actions)
