"""The bench compares the service's answers with the peer's in the fields both return, and names
the workload, key and field of any difference (bench/answers.py, bench/latency.py)."""

import asyncio
import copy
from typing import Any

import pytest

from bench.answers import compare_answers
from bench.latency import AnswersDiffer, Side, Workload, compare_with_peer

HOME = {"id": "ADR-1-H", "line1": "20 College Street", "town": "Kingswood", "postcode": "BS20 4PG",
        "location": {"latitude": 51.47, "longitude": -2.52}}
ZONE = {"id": "ZON-1", "kind": "EXCLUSION", "shape": "CIRCLE", "geometry": "{}",
        "radiusMetres": 1226.5}
RISK = {"overall": "HIGH", "children": "HIGH", "publicAtLarge": "LOW", "knownAdult": "HIGH",
        "staff": "LOW", "assessedOn": "2026-06-15", "tool": "OASys"}
PROBATION = {"id": "AG-P", "name": "Probation", "kind": "PROBATION"}
SCALARS = {"id": "OFF-1", "name": "Elliott Glover", "aliases": ["E. Glover"],
           "dateOfBirth": "1970-07-14", "pnc": "17/4358669R", "visorRef": "V1",
           "category": "CATEGORY_1", "level": "LEVEL_1", "area": "AVS", "reviewDate": "2026-12-12",
           "registeredSexOffender": True, "indexOffence": "an offence"}
LISTS = {"interventions": [{"id": "INT-1", "kind": "PROGRAMME", "name": "Becoming New Me+",
                            "status": "COMPLETED", "start": "2023-12-30", "end": "2024-04-12"}],
         "complianceEvents": [{"id": "CE-1", "kind": "MISSED", "at": "2026-01-02T10:00:00+00:00",
                               "outcome": "WARNING"}],
         "notifications": [{"id": "NOT-1", "kind": "ANNUAL", "madeOn": "2026-05-10",
                            "dueOn": "2026-05-18"}]}
VICTIM_LOCATION = {"field": "location", "fieldClass": "VICTIM_LOCATION", "reason": "not granted"}


def offender() -> dict[str, Any]:
    """The service's answer to W1: a victim's location and the health notes withheld, an
    association graded C not shown."""
    return {"offender": {
        **SCALARS, **LISTS, "leadAgency": PROBATION,
        "agencies": [{"agency": PROBATION, "basis": "LEAD", "since": "2023-05-29", "until": None}],
        "officers": [{"id": "CO-1", "name": "Victor French", "role": "OFFENDER_MANAGER",
                      "agencyId": "AG-P", "since": "2025-02-18"}],
        "currentAddress": HOME,
        "addresses": [{"address": HOME, "kind": "HOME", "from": "2019-04-25", "to": None}],
        "conditions": [{"id": "LC-1", "kind": "EXCLUSION_ZONE", "text": "Not to enter",
                        "validFrom": "2023-05-29", "validTo": "2030-04-18",
                        "premisesKind": None, "zone": ZONE, "protectedPerson": {"id": "VIC-1"}}],
        "riskOfSeriousHarm": RISK,
        "contacts": [{"relationship": "CHILD", "householdMember": True,
                      "person": {"id": "CON-1", "name": "Rhys Harris",
                                 "dateOfBirth": "2024-09-11", "isChild": True}}],
        "associations": [{"person": {"id": "OFF-2", "name": "Sean John"}, "sourceAgency": "AG-X",
                          "source": 2, "information": 3, "handling": "P",
                          "observedAt": "2026-01-02T10:00:00+00:00"}],
        "victims": [{"id": "VIC-1", "name": "Carole McDonald", "dateOfBirth": "1972-08-11",
                     "redactions": [VICTIM_LOCATION], "location": None}],
        "healthNotes": None,
        "lastKnownLocation": {"latitude": 51.4, "longitude": -2.5,
                              "at": "2026-12-06T10:48:00+00:00"},
        "redactions": [{"field": "victims.location", "fieldClass": "VICTIM_LOCATION",
                        "reason": "not granted"},
                       {"field": "healthNotes", "fieldClass": "HEALTH", "reason": "not granted"},
                       {"field": "associations", "fieldClass": "INTELLIGENCE",
                        "reason": "handling code C"}],
    }}


def peer_offender() -> dict[str, Any]:
    """The peer's answer to W1 about the same offender: everything, in its own shape."""
    def connection(*edges: dict[str, Any]) -> dict[str, Any]:
        return {"edges": list(edges)}

    return {"offenders": [{
        **SCALARS, **LISTS, "leadAgency": [PROBATION],
        "lastFixLocation": {"latitude": 51.4, "longitude": -2.5},
        "lastFixAt": "2026-12-06T10:48:00Z",
        "agenciesConnection": connection({"properties": {"basis": "LEAD", "since": "2023-05-29",
                                                         "until": None}, "node": PROBATION}),
        "officersConnection": connection({"properties": {"since": "2025-02-18"}, "node": {
            "id": "CO-1", "name": "Victor French", "role": "OFFENDER_MANAGER",
            "agency": [{"id": "AG-P"}]}}),
        "currentAddress": connection({"node": HOME}),
        "addressesConnection": connection({"properties": {"kind": "HOME", "from": "2019-04-25",
                                                          "to": None}, "node": HOME}),
        "conditions": [{"id": "LC-1", "kind": "EXCLUSION_ZONE", "text": "Not to enter",
                        "validFrom": "2023-05-29", "validTo": "2030-04-18",
                        "premisesKind": None, "zones": [ZONE], "protects": [{"id": "VIC-1"}]}],
        "riskOfSeriousHarm": [RISK],
        "contactsConnection": connection({"properties": {"relationship": "CHILD"}, "node": {
            "id": "CON-1", "name": "Rhys Harris", "dateOfBirth": "2024-09-11", "isChild": True,
            "householdOf": [{"id": "OFF-1"}]}}),
        "associatesConnection": connection(
            {"properties": {"sourceAgency": "AG-X", "source": 2, "information": 3,
                            "handling": "P", "observedAt": "2026-01-02T10:00:00Z"},
             "node": {"id": "OFF-2", "name": "Sean John", "dateOfBirth": "1980-01-01"}},
            {"properties": {"sourceAgency": "AG-Y", "source": 1, "information": 1,
                            "handling": "C", "observedAt": "2026-01-03T10:00:00Z"},
             "node": {"id": "OFF-3", "name": "Hidden Associate", "dateOfBirth": "1981-01-01"}}),
        "victims": [{"id": "VIC-1", "name": "Carole McDonald", "dateOfBirth": "1972-08-11",
                     "locationsConnection": connection({"node": HOME})}],
        "healthNotes": [{"id": "HN-1", "text": "a note", "recordedOn": "2026-01-01"}],
    }]}


def mismatches(workload: str, service: dict[str, Any], peer: dict[str, Any]) -> list[str]:
    return [str(m) for m in compare_answers(workload, service, peer).mismatches]


def test_the_same_offender_agrees_in_every_field_both_return() -> None:
    compared = compare_answers("W1", offender(), peer_offender())
    assert compared.mismatches == []
    assert compared.fields > 60
    assert compared.withheld == 10  # the victim's location (6 fields), the health notes (4)


def test_a_different_date_is_named_by_its_field() -> None:
    peer = peer_offender()
    peer["offenders"][0]["victims"][0]["dateOfBirth"] = "1972-08-12"
    assert mismatches("W1", offender(), peer) == [
        "victims[VIC-1].dateOfBirth: the service answered '1972-08-11', the peer '1972-08-12'"]


def test_a_field_withheld_without_a_redaction_is_a_mismatch() -> None:
    service = offender()
    service["offender"]["redactions"] = service["offender"]["redactions"][1:]
    service["offender"]["victims"][0]["redactions"] = []
    assert mismatches("W1", service, peer_offender()) == [
        "victims[VIC-1].location: the service answered None, the peer 'a record'"]


def test_someone_the_peer_does_not_have_is_a_mismatch_where_the_service_shows_fewer() -> None:
    service = offender()
    service["offender"]["associations"][0]["person"]["id"] = "OFF-9"
    assert mismatches("W1", service, peer_offender()) == [
        "associations (ids): the service alone answered ['OFF-9']"]


def test_a_missing_contact_is_a_mismatch_where_the_service_shows_all() -> None:
    service = offender()
    service["offender"]["contacts"] = []
    assert mismatches("W1", service, peer_offender()) == [
        "contacts (ids): the peer alone ['CON-1']"]


def test_a_caseload_page_must_list_the_same_offenders() -> None:
    def page(ids: list[str], peer: bool) -> dict[str, Any]:
        def node(i: str) -> dict[str, Any]:
            home = {"id": f"ADR-{i}"}
            return {"id": i, "name": f"Name {i}", "level": "LEVEL_1", "victims": [],
                    "currentAddress": {"edges": [{"node": home}]} if peer else home}

        connection = {"edges": [{"cursor": i, "node": node(i)} for i in ids],
                      "pageInfo": {"hasNextPage": True, "endCursor": ids[-1]}}
        return {"offendersConnection" if peer else "offenders": connection}

    assert mismatches("W2", page(["OFF-1", "OFF-2"], False), page(["OFF-1", "OFF-2"], True)) == []
    assert mismatches("W2", page(["OFF-1", "OFF-3"], False), page(["OFF-1", "OFF-2"], True)) == [
        "offenders (ids): the service alone answered ['OFF-3'], the peer alone ['OFF-2']"]


def test_a_search_must_find_people_the_peer_matches_with_the_same_names() -> None:
    service = {"searchPeople": [
        {"person": {"id": "OFF-1", "name": "Adam Slater", "dateOfBirth": "1959-02-10"},
         "score": 0.75, "kind": "OFFENDER"}]}

    def peer(*people: dict[str, Any]) -> dict[str, Any]:
        return {"searchPeople": {"edges": [{"node": p} for p in people]}}

    assert mismatches("W5", service, peer({"id": "OFF-1", "name": "Adam Slater",
                                           "dateOfBirth": "1959-02-10"})) == []
    assert mismatches("W5", service, peer({"id": "OFF-1", "name": "Adam Slate",
                                           "dateOfBirth": "1959-02-10"})) == [
        "people[OFF-1].name: the service answered 'Adam Slater', the peer 'Adam Slate'"]
    assert mismatches("W5", service, peer()) == [
        "people (ids): the service alone answered ['OFF-1']"]


def network(*people: tuple[str, str], edges: tuple[tuple[str, str, str], ...] = ()
            ) -> dict[str, Any]:
    return {"network": {
        "nodes": [{"id": i, "kind": "OFFENDER" if i.startswith("OFF") else "NAMED_CONTACT",
                   "label": name} for i, name in people],
        "edges": [{"source": s, "target": t, "type": kind} for s, t, kind in edges],
        "truncated": False}}


def tree() -> dict[str, Any]:
    """The peer's tree from OFF-1: a contact, who has a contact of their own (two links away)."""
    def person(i: str, name: str, **links: list[dict[str, Any]]) -> dict[str, Any]:
        empty: dict[str, Any] = {"offendedAgainst": [], "contacts": [], "household": [],
                                 "associates": [], "residencesConnection": {"edges": []},
                                 "locationsConnection": {"edges": []}}
        return {"id": i, "name": name, **empty, **links}

    far = {"id": "CON-2", "name": "Neil Harris"}
    near = person("CON-1", "Rhys Harris", contacts=[{"id": "OFF-1", "name": "Elliott"}, far])
    return {"people": [person("OFF-1", "Elliott", contacts=[near])]}


def test_a_network_charts_people_the_peer_reaches_by_the_same_names_and_links() -> None:
    chart = network(("OFF-1", "Elliott"), ("CON-1", "Rhys Harris"), ("CON-2", "Neil Harris"),
                    edges=(("OFF-1", "CON-1", "HAS_CONTACT"), ("CON-2", "CON-1", "HAS_CONTACT")))
    assert mismatches("W3", chart, tree()) == []
    assert mismatches("W3", network(("OFF-1", "Elliott"), ("CON-1", "Rhys")), tree()) == [
        "people[CON-1].name: the service answered 'Rhys', the peer 'Rhys Harris'"]
    assert mismatches("W3", network(("OFF-1", "Elliott"), ("CON-7", "Nobody")), tree()) == [
        "people (ids): the service alone answered ['CON-7']"]
    wrong_link = network(("OFF-1", "Elliott"), ("CON-2", "Neil Harris"),
                         edges=(("OFF-1", "CON-2", "HAS_CONTACT"),))
    assert mismatches("W3", wrong_link, tree()) == [
        "links (ids): the service alone answered ['HAS_CONTACT CON-2~OFF-1']"]


def test_a_mismatch_fails_the_run_naming_workload_key_and_field() -> None:
    async def both(key: str) -> tuple[dict[str, Any], dict[str, Any]]:
        peer = peer_offender()
        if key == "OFF-1b":
            peer["offenders"][0]["name"] = "Someone Else"
        return offender(), peer

    async def unused(key: str) -> None:
        raise AssertionError(key)

    agreeing = Workload("W1 offender(id)", (Side("service", unused, ["OFF-1a"]),), both)
    assert asyncio.run(compare_with_peer([agreeing]))["W1 offender(id)"]["answers"] == 1
    differing = Workload("W1 offender(id)", (Side("service", unused, ["OFF-1a", "OFF-1b"]),),
                         both)
    with pytest.raises(AnswersDiffer, match=r"W1 offender\(id\), key OFF-1b, field name: the "
                       r"service answered 'Elliott Glover', the peer 'Someone Else'"):
        asyncio.run(compare_with_peer([differing]))


def test_a_caller_shown_too_little_fails_the_run() -> None:
    withheld = copy.deepcopy(offender())
    for name in ("contacts", "conditions", "interventions", "complianceEvents", "notifications",
                 "addresses", "agencies", "officers", "aliases"):
        withheld["offender"][name] = None
        withheld["offender"]["redactions"].append({"field": name})

    async def both(key: str) -> tuple[dict[str, Any], dict[str, Any]]:
        return withheld, peer_offender()

    async def unused(key: str) -> None:
        raise AssertionError(key)

    with pytest.raises(AnswersDiffer, match="shown too little"):
        asyncio.run(compare_with_peer([Workload("W1 offender(id)",
                                                (Side("service", unused, ["OFF-1"]),), both)]))
