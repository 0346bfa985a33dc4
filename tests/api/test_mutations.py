"""The case-data mutations through HTTP against the demo scenario: each write lands with its
evaluation request, bad input names the field and writes nothing, a refused write writes nothing
and answers FORBIDDEN (case visible) or NOT_FOUND (case not visible)."""

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.load import load_demo
from tests.api.client import DemoCaller, http_client

TODAY = datetime.now(UTC).date()
ADDRESS = {"line1": "3 Brook Street", "town": "Manchester", "postcode": "M1 2AB",
           "latitude": 53.4794, "longitude": -2.2453}


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, TODAY)
    # No alert worker here: these tests read what each write left on the evaluation queue.
    async with http_client(settings.model_copy(update={"run_worker": False})) as c:
        yield c


class Caller(DemoCaller):
    """One persona of the demo, calling the API."""

    async def mutate(self, mutation: str, input_: dict[str, Any], fields: str) -> dict[str, Any]:
        type_name = mutation[0].upper() + mutation[1:] + "Input"
        return await self.ask(f"mutation Write($input: {type_name}!) "
                              f"{{ {mutation}(input: $input) {{ {fields} }} }}", input=input_)

    async def ok(self, mutation: str, input_: dict[str, Any], fields: str = "__typename") -> Any:
        body = await self.mutate(mutation, input_, fields)
        assert "errors" not in body, body
        return body["data"][mutation]

    async def caseload(self) -> list[str]:
        """The ids of every offender in this officer's caseload, page by page."""
        ids: list[str] = []
        after = None
        while True:
            response = await self.client.post("/graphql", headers=self.headers, json={
                "query": "query Caseload($after: String) { offenders(first: 100, after: $after) {"
                         " edges { node { id } } pageInfo { hasNextPage endCursor } } }",
                "variables": {"after": after}})
            page = response.json()["data"]["offenders"]
            ids += [edge["node"]["id"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                return ids
            after = page["pageInfo"]["endCursor"]

    async def refused(self, mutation: str, input_: dict[str, Any]) -> tuple[str, str]:
        """(code, message) of the one error a refused write answers with."""
        body = await self.mutate(mutation, input_, "__typename")
        assert body["data"] == {mutation: None}, body
        [error] = body["errors"]
        if error["extensions"]["code"] == "VALIDATION":  # partner systems read the field here
            assert error["message"].startswith(error["extensions"]["field"] + ":"), error
        return error["extensions"]["code"], error["message"]


@pytest.fixture
def as_(client: httpx.AsyncClient, settings: Settings) -> Any:
    return lambda officer_id: Caller(client, settings, officer_id)


async def cypher(graph: Graph, query: str, **params: Any) -> list[dict[str, Any]]:
    """A test-only read of what was written."""
    async def work(tx: Any) -> list[dict[str, Any]]:
        result = await tx.run(query, params)
        return [record.data() async for record in result]
    return await graph.read(work)


async def snapshot(graph: Graph) -> list[str]:
    """Every case-data node and relationship with its properties (the audit trail aside)."""
    rows = await cypher(graph, """
        MATCH (n) WHERE NOT n:AuditEvent AND NOT n:AuditHead AND NOT n:SchemaMigration
        RETURN labels(n) AS what, properties(n) AS properties
        UNION ALL
        MATCH (a)-[r]->(b)
        RETURN [a.id, type(r), b.id] AS what, properties(r) AS properties""")
    return sorted(repr((r["what"], sorted(r["properties"].items()))) for r in rows)


async def pending(graph: Graph) -> set[str]:
    rows = await cypher(graph, "MATCH (q:EvaluationRequest {pending: true}) "
                               "RETURN q.offenderId AS id")
    return {r["id"] for r in rows}


async def assert_invalid(graph: Graph, caller: Caller, mutation: str, input_: dict[str, Any],
                         field: str) -> None:
    before = await snapshot(graph)
    code, message = await caller.refused(mutation, input_)
    assert (code, message.split(":")[0]) == ("VALIDATION", field), message
    assert await snapshot(graph) == before


async def assert_refused(graph: Graph, caller: Caller, mutation: str, input_: dict[str, Any],
                         code: str) -> None:
    before = await snapshot(graph)
    assert (await caller.refused(mutation, input_))[0] == code
    assert await snapshot(graph) == before


# createOffender

NEW_OFFENDER = {"name": "Dean Hargreaves", "dateOfBirth": "1990-04-02", "category": "CATEGORY_1",
                "level": "LEVEL_1", "indexOffence": "Voyeurism (SOA 2003, s.67)",
                "pnc": "19/1234567X"}


async def test_create_offender_opens_a_case_led_by_the_callers_agency(
    as_: Any, graph: Graph
) -> None:
    made = await as_("demo.police.ppo").ok(
        "createOffender", NEW_OFFENDER, "id name category level leadAgencyId area")
    assert made["id"].startswith("OFF-")
    assert made["leadAgencyId"] == "AG-DEMO-POLICE"
    [row] = await cypher(graph, """
        MATCH (o:Person:Offender {id: $id})-[:LEAD_AGENCY]->(lead:Agency)
        MATCH (lead)-[i:INVOLVED_IN]->(o)
        RETURN o.name AS name, o.pnc AS pnc, o.dateOfBirth AS born, o.area AS area,
               o.registeredSexOffender AS rso, lead.id AS lead, i.basis AS basis,
               i.until AS until""", id=made["id"])
    assert row["name"] == "Dean Hargreaves"
    assert row["pnc"] == "19/1234567X"
    assert row["born"].to_native() == date(1990, 4, 2)
    assert (row["area"], row["rso"], row["lead"], row["basis"], row["until"]) == (
        "GMP", True, "AG-DEMO-POLICE", "LEAD", None)
    assert made["id"] in await pending(graph)
    assert made["id"] in await as_("demo.police.ppo").caseload()


@pytest.mark.parametrize(("change", "field"), [
    ({"name": "   "}, "input.name"),
    ({"name": "x" * 201}, "input.name"),
    ({"dateOfBirth": (TODAY + timedelta(days=30)).isoformat()}, "input.dateOfBirth"),
    ({"dateOfBirth": "1850-01-01"}, "input.dateOfBirth"),
    ({"pnc": "not a pnc"}, "input.pnc"),
])
async def test_create_offender_rejects_bad_input(
    as_: Any, graph: Graph, change: dict[str, Any], field: str
) -> None:
    await assert_invalid(graph, as_("demo.police.ppo"), "createOffender",
                         NEW_OFFENDER | change, field)


@pytest.mark.parametrize("officer", ["demo.housing.partner", "demo.probation.vlo",
                                     "demo.police.analyst", "demo.admin"])
async def test_only_responsible_authority_officers_open_cases(
    as_: Any, graph: Graph, officer: str
) -> None:
    await assert_refused(graph, as_(officer), "createOffender", NEW_OFFENDER, "FORBIDDEN")


async def test_a_duplicate_pnc_is_a_conflict(as_: Any, graph: Graph) -> None:
    [row] = await cypher(graph, "MATCH (o:Offender {id: 'DEMO-OFF-01'}) RETURN o.pnc AS pnc")
    await assert_refused(graph, as_("demo.police.ppo"), "createOffender",
                         NEW_OFFENDER | {"pnc": row["pnc"]}, "CONFLICT")


async def test_a_duplicate_pnc_answers_alike_whether_its_holder_is_visible_or_hidden(
    as_: Any, graph: Graph
) -> None:
    """No existence oracle: the same words for a case the caller sees (DEMO-OFF-01) and one it
    does not (DEMO-OFF-03, no police involvement), none of them Neo4j's; the attempt's audit
    event names the holder."""
    caller = as_("demo.police.ppo")
    pncs = await cypher(graph, "MATCH (o:Offender) WHERE o.id IN ['DEMO-OFF-01', 'DEMO-OFF-03'] "
                               "RETURN o.id AS id, o.pnc AS pnc ORDER BY id")
    assert "DEMO-OFF-03" not in await caller.caseload()
    answers = [await caller.refused("createOffender", NEW_OFFENDER | {"pnc": row["pnc"]})
               for row in pncs]
    assert answers[0] == answers[1]
    code, message = answers[0]
    assert code == "CONFLICT"
    assert message.startswith("input.pnc: an offender is already recorded under this PNC")
    assert not any(word in message for word in ("Node(", "constraint", "label", "property"))
    events = await cypher(graph, """
        MATCH (e:AuditEvent {userId: 'demo.police.ppo', operation: 'mutation createOffender'})
        RETURN e.outcome AS outcome, e.subjectIds AS subjects ORDER BY e.at, e.id""")
    assert events == [{"outcome": "CONFLICT", "subjects": ["DEMO-OFF-01"]},
                      {"outcome": "CONFLICT", "subjects": ["DEMO-OFF-03"]}]


async def test_a_write_is_audited_as_collection_of_what_it_made(
    as_: Any, graph: Graph
) -> None:
    made = await as_("demo.police.ppo").ok("createOffender", NEW_OFFENDER, "id")
    [event] = await cypher(graph, """
        MATCH (e:AuditEvent {userId: 'demo.police.ppo'})
        RETURN e.action AS action, e.operation AS operation, e.subjectIds AS subjects,
               e.outcome AS outcome""")
    assert event == {"action": "COLLECTION", "operation": "mutation createOffender",
                     "subjects": [made["id"]], "outcome": "OK"}


async def test_aliased_writes_each_answer_though_one_fails(as_: Any, graph: Graph) -> None:
    """Mutations run in turn, each its own write: when the second is refused, the first has
    committed, and its answer (the new case's id) still reaches the client."""
    caller = as_("demo.police.ppo")
    [row] = await cypher(graph, "MATCH (o:Offender {id: 'DEMO-OFF-01'}) RETURN o.pnc AS pnc")
    response = await caller.client.post("/graphql", headers=caller.headers, json={
        "query": "mutation Two($a: CreateOffenderInput!, $b: CreateOffenderInput!) {"
                 " first: createOffender(input: $a) { id }"
                 " second: createOffender(input: $b) { id } }",
        "variables": {"a": NEW_OFFENDER, "b": NEW_OFFENDER | {"pnc": row["pnc"]}}})
    body = response.json()
    [error] = body["errors"]
    assert (error["path"], error["extensions"]["code"]) == (["second"], "CONFLICT")
    assert body["data"]["second"] is None
    made = body["data"]["first"]["id"]
    assert made in await caller.caseload()


# involveAgency / withdrawAgency

async def test_the_lead_agency_involves_another_agency(as_: Any, graph: Graph) -> None:
    assert "DEMO-OFF-01" not in await as_("demo.dwp.partner").caseload()
    made = await as_("demo.probation.om").ok(
        "involveAgency", {"offenderId": "DEMO-OFF-01", "agencyId": "AG-DEMO-DWP",
                          "basis": "DUTY_TO_COOPERATE"},
        "offenderId agencyId basis since until")
    assert made == {"offenderId": "DEMO-OFF-01", "agencyId": "AG-DEMO-DWP",
                    "basis": "DUTY_TO_COOPERATE", "since": TODAY.isoformat(), "until": None}
    rows = await cypher(graph, """
        MATCH (:Agency {id: 'AG-DEMO-DWP'})-[i:INVOLVED_IN]->(:Offender {id: 'DEMO-OFF-01'})
        RETURN i.basis AS basis, i.until AS until""")
    assert rows == [{"basis": "DUTY_TO_COOPERATE", "until": None}]
    assert "DEMO-OFF-01" in await pending(graph)
    assert "DEMO-OFF-01" in await as_("demo.dwp.partner").caseload()
    # The newly involved agency may now see (here: is refused, not kept in the dark on) the case.
    assert (await as_("demo.dwp.partner").refused("setMappaLevel", {
        "offenderId": "DEMO-OFF-01", "level": "LEVEL_3", "reason": "x"}))[0] == "FORBIDDEN"


async def test_a_coordinator_of_an_involved_agency_changes_involvement(
    as_: Any, graph: Graph
) -> None:
    until = (TODAY + timedelta(days=90)).isoformat()
    made = await as_("demo.probation.coordinator").ok(
        "involveAgency", {"offenderId": "DEMO-OFF-01", "agencyId": "AG-DEMO-HOUSING",
                          "basis": "SAFEGUARDING", "until": until}, "basis until")
    assert made == {"basis": "SAFEGUARDING", "until": until}
    rows = await cypher(graph, """
        MATCH (:Agency {id: 'AG-DEMO-HOUSING'})-[i:INVOLVED_IN]->(:Offender {id: 'DEMO-OFF-01'})
        RETURN i.basis AS basis""")
    assert rows == [{"basis": "SAFEGUARDING"}]  # the open involvement changed, none was added


@pytest.mark.parametrize(("change", "field"), [
    ({"agencyId": "AG-NOWHERE"}, "input.agencyId"),
    ({"agencyId": "AG-DEMO-PROBATION"}, "input.agencyId"),  # the lead agency
    ({"basis": "LEAD"}, "input.basis"),
    ({"until": TODAY.isoformat()}, "input.until"),
    ({"offenderId": ""}, "input.offenderId"),
])
async def test_involve_agency_rejects_bad_input(
    as_: Any, graph: Graph, change: dict[str, Any], field: str
) -> None:
    await assert_invalid(graph, as_("demo.probation.om"), "involveAgency", {
        "offenderId": "DEMO-OFF-01", "agencyId": "AG-DEMO-DWP", "basis": "DUTY_TO_COOPERATE",
    } | change, field)


@pytest.mark.parametrize(("officer", "offender", "code"), [
    ("demo.police.ppo", "DEMO-OFF-01", "FORBIDDEN"),  # involved, but neither lead nor coordinator
    ("demo.housing.partner", "DEMO-OFF-01", "FORBIDDEN"),
    ("demo.police.ppo", "DEMO-OFF-06", "NOT_FOUND"),  # police are not involved
    ("demo.probation.om", "DEMO-OFF-99", "NOT_FOUND"),
])
async def test_involvement_is_for_the_lead_agency_or_a_coordinator(
    as_: Any, graph: Graph, officer: str, offender: str, code: str
) -> None:
    await assert_refused(graph, as_(officer), "involveAgency", {
        "offenderId": offender, "agencyId": "AG-DEMO-DWP", "basis": "DUTY_TO_COOPERATE"}, code)


async def test_withdrawing_an_agency_ends_its_need_to_know(as_: Any, graph: Graph) -> None:
    housing = as_("demo.housing.partner")
    address = {"personId": "DEMO-OFF-01", "address": ADDRESS, "from": TODAY.isoformat()}
    assert (await housing.refused("recordAddress", address))[0] == "FORBIDDEN"
    made = await as_("demo.probation.om").ok(
        "withdrawAgency", {"offenderId": "DEMO-OFF-01", "agencyId": "AG-DEMO-HOUSING"},
        "agencyId basis until")
    assert made == {"agencyId": "AG-DEMO-HOUSING", "basis": "DUTY_TO_COOPERATE",
                    "until": TODAY.isoformat()}
    assert (await housing.refused("recordAddress", address))[0] == "NOT_FOUND"
    assert "DEMO-OFF-01" in await pending(graph)


async def test_withdrawing_an_agency_stops_its_officers_managing_the_case(
    as_: Any, graph: Graph
) -> None:
    await as_("demo.probation.om").ok(
        "assignCaseOfficer", {"offenderId": "DEMO-OFF-01", "officerId": "demo.police.analyst"})
    await as_("demo.probation.om").ok(
        "withdrawAgency", {"offenderId": "DEMO-OFF-01", "agencyId": "AG-DEMO-POLICE"})
    rows = await cypher(graph, """
        MATCH (c:CaseOfficer)-[:WORKS_FOR]->(:Agency {id: 'AG-DEMO-POLICE'})
        MATCH (c)-[:MANAGES]->(:Offender {id: 'DEMO-OFF-01'}) RETURN c.id AS id""")
    assert rows == []


async def test_withdraw_agency_rejects_bad_input(as_: Any, graph: Graph) -> None:
    om = as_("demo.probation.om")
    await assert_invalid(graph, om, "withdrawAgency",
                         {"offenderId": "DEMO-OFF-01", "agencyId": "AG-DEMO-DWP"},
                         "input.agencyId")  # not involved
    await assert_invalid(graph, om, "withdrawAgency",
                         {"offenderId": "DEMO-OFF-01", "agencyId": "AG-NOWHERE"},
                         "input.agencyId")
    await assert_refused(graph, om, "withdrawAgency",
                         {"offenderId": "DEMO-OFF-01", "agencyId": "AG-DEMO-PROBATION"},
                         "CONFLICT")


async def test_an_involved_partner_cannot_withdraw(as_: Any, graph: Graph) -> None:
    await assert_refused(graph, as_("demo.housing.partner"), "withdrawAgency",
                         {"offenderId": "DEMO-OFF-01", "agencyId": "AG-DEMO-HOUSING"},
                         "FORBIDDEN")


# assignCaseOfficer

async def test_an_officer_of_an_involved_agency_is_assigned(as_: Any, graph: Graph) -> None:
    made = await as_("demo.police.ppo").ok(
        "assignCaseOfficer", {"offenderId": "DEMO-OFF-01", "officerId": "demo.police.analyst"},
        "offenderId officerId since")
    assert made == {"offenderId": "DEMO-OFF-01", "officerId": "demo.police.analyst",
                    "since": TODAY.isoformat()}
    rows = await cypher(graph, """
        MATCH (:CaseOfficer {id: 'demo.police.analyst'})-[m:MANAGES]->
              (:Offender {id: 'DEMO-OFF-01'}) RETURN m.since AS since""")
    assert [r["since"].to_native() for r in rows] == [TODAY]
    assert "DEMO-OFF-01" in await pending(graph)


@pytest.mark.parametrize("officer", [
    "CO-NOBODY",  # unknown
    "demo.dwp.partner",  # DWP is not involved in DEMO-OFF-01
    "demo.auditor",  # auditors do not manage cases
])
async def test_assign_case_officer_rejects_bad_officers(
    as_: Any, graph: Graph, officer: str
) -> None:
    await assert_invalid(graph, as_("demo.probation.om"), "assignCaseOfficer",
                         {"offenderId": "DEMO-OFF-01", "officerId": officer}, "input.officerId")


@pytest.mark.parametrize(("officer", "offender", "code"), [
    ("demo.housing.partner", "DEMO-OFF-01", "FORBIDDEN"),
    ("demo.police.ppo", "DEMO-OFF-06", "NOT_FOUND"),
])
async def test_assign_case_officer_is_refused(
    as_: Any, graph: Graph, officer: str, offender: str, code: str
) -> None:
    await assert_refused(graph, as_(officer), "assignCaseOfficer",
                         {"offenderId": offender, "officerId": "demo.probation.om"}, code)


# setMappaLevel

async def test_a_coordinator_sets_the_level(as_: Any, graph: Graph) -> None:
    made = await as_("demo.probation.coordinator").ok(
        "setMappaLevel", {"offenderId": "DEMO-OFF-01", "level": "LEVEL_3",
                          "reason": "Escalated at the MAPP meeting of 12 May"},
        "offenderId level previousLevel reason")
    assert made["level"] == "LEVEL_3"
    assert made["previousLevel"] == "LEVEL_2"
    [row] = await cypher(graph, "MATCH (o:Offender {id: 'DEMO-OFF-01'}) "
                                "RETURN o.level AS level, o.levelReason AS reason")
    assert row == {"level": "LEVEL_3", "reason": "Escalated at the MAPP meeting of 12 May"}
    assert "DEMO-OFF-01" in await pending(graph)


async def test_police_leading_a_case_set_its_level(as_: Any, graph: Graph) -> None:
    await as_("demo.police.ppo").ok(
        "setMappaLevel", {"offenderId": "DEMO-OFF-15", "level": "LEVEL_2", "reason": "Review"})


async def test_set_mappa_level_rejects_bad_input(as_: Any, graph: Graph) -> None:
    await assert_invalid(graph, as_("demo.probation.om"), "setMappaLevel",
                         {"offenderId": "DEMO-OFF-01", "level": "LEVEL_3", "reason": " "},
                         "input.reason")


@pytest.mark.parametrize(("officer", "offender", "code"), [
    ("demo.police.ppo", "DEMO-OFF-01", "FORBIDDEN"),
    ("demo.prison.om", "DEMO-OFF-01", "FORBIDDEN"),
    ("demo.police.ppo", "DEMO-OFF-06", "NOT_FOUND"),
])
async def test_set_mappa_level_is_refused(
    as_: Any, graph: Graph, officer: str, offender: str, code: str
) -> None:
    await assert_refused(graph, as_(officer), "setMappaLevel",
                         {"offenderId": offender, "level": "LEVEL_3", "reason": "x"}, code)


# recordAddress

async def test_a_new_home_ends_the_current_one(as_: Any, graph: Graph) -> None:
    moved = TODAY - timedelta(days=2)
    made = await as_("demo.probation.om").ok(
        "recordAddress", {"personId": "DEMO-OFF-01", "address": ADDRESS, "kind": "HOME",
                          "from": moved.isoformat()},
        "personId addressId from kind protected endedAddressIds")
    assert made["addressId"].startswith("ADR-")
    assert (made["kind"], made["protected"], made["endedAddressIds"]) == (
        "HOME", False, ["DEMO-ADR-01"])
    rows = await cypher(graph, """
        MATCH (:Offender {id: 'DEMO-OFF-01'})-[r:RESIDES_AT]->(a:Address)
        RETURN a.id AS id, a.postcode AS postcode, a.location.latitude AS lat, r.from AS from,
               r.to AS to, r.kind AS kind ORDER BY r.from""")
    old, new = rows[-2], rows[-1]
    assert old["id"] == "DEMO-ADR-01"
    assert old["to"].to_native() == moved
    assert new["id"] == made["addressId"]
    assert new["to"] is None
    assert (new["postcode"], new["lat"], new["kind"]) == ("M1 2AB", 53.4794, "HOME")
    assert "DEMO-OFF-01" in await pending(graph)


async def test_a_known_place_gets_an_address_of_its_own_at_that_place(
    as_: Any, graph: Graph
) -> None:
    made = await as_("demo.probation.om").ok(
        "recordAddress", {"personId": "DEMO-OFF-01", "from": TODAY.isoformat(), "address": {
            "line1": "flat 4  22 Cromwell Rd.", "town": "Withington", "postcode": "m206lp",
            "latitude": 53.4, "longitude": -2.2}}, "addressId")
    assert made["addressId"].startswith("ADR-")
    rows = await cypher(graph, """
        MATCH (a:Address)-[:AT]->(place:Place)
        WHERE a.id IN [$made, 'DEMO-ADR-FLAT', 'DEMO-ADR-FLAT-11']
        RETURN a.id AS id, a.town AS town, place.key AS key,
               EXISTS { (:Offender {id: 'DEMO-OFF-01'})-[:RESIDENT_OF]->(place) } AS resident
        ORDER BY id""", made=made["addressId"])
    assert [(r["id"], r["town"]) for r in rows] == [
        (made["addressId"], "Withington"), ("DEMO-ADR-FLAT", "Manchester"),
        ("DEMO-ADR-FLAT-11", "Didsbury")]
    assert {(r["key"], r["resident"]) for r in rows} == {("M206LP|flat 4 22 cromwell road", True)}


async def test_a_proposed_address_does_not_end_the_current_one(as_: Any, graph: Graph) -> None:
    made = await as_("demo.probation.om").ok(
        "recordAddress", {"personId": "DEMO-OFF-01", "address": ADDRESS, "kind": "PROPOSED",
                          "from": (TODAY + timedelta(days=14)).isoformat()},
        "endedAddressIds")
    assert made["endedAddressIds"] == []
    rows = await cypher(graph, """
        MATCH (:Offender {id: 'DEMO-OFF-01'})-[r:RESIDES_AT]->(:Address {id: 'DEMO-ADR-01'})
        RETURN r.to AS to""")
    assert rows == [{"to": None}]


async def test_a_victims_address_is_a_protected_location(as_: Any, graph: Graph) -> None:
    made = await as_("demo.probation.vlo").ok(
        "recordAddress", {"personId": "DEMO-VIC-01", "address": ADDRESS,
                          "from": TODAY.isoformat()}, "addressId kind protected endedAddressIds")
    assert (made["kind"], made["protected"], made["endedAddressIds"]) == (
        None, True, ["DEMO-ADR-V01"])
    rows = await cypher(graph, """
        MATCH (:Victim {id: 'DEMO-VIC-01'})-[r:LOCATED_AT]->(a:Address)
        RETURN a.id AS id, a:Protected AS protected, r.to AS to ORDER BY r.from""")
    assert [(r["id"], r["protected"]) for r in rows] == [
        ("DEMO-ADR-V01", True), (made["addressId"], True)]
    assert rows[0]["to"].to_native() == TODAY
    assert rows[1]["to"] is None
    assert not await cypher(graph, "MATCH (:Person {id: 'DEMO-VIC-01'})-[:RESIDES_AT]->() "
                                   "RETURN 1 AS x")
    assert "DEMO-OFF-01" in await pending(graph)  # the victim's offender is re-evaluated


async def test_a_public_protection_officer_records_a_victims_address(
    as_: Any, graph: Graph
) -> None:
    await as_("demo.police.ppo").ok("recordAddress", {
        "personId": "DEMO-VIC-01", "address": ADDRESS, "from": TODAY.isoformat()})


async def test_a_contacts_address_is_recorded(as_: Any, graph: Graph) -> None:
    await as_("demo.probation.om").ok("recordAddress", {
        "personId": "DEMO-CON-02A", "address": ADDRESS, "from": TODAY.isoformat()})
    rows = await cypher(graph, """
        MATCH (:Person {id: 'DEMO-CON-02A'})-[r:RESIDES_AT]->(a:Address)
        WHERE r.to IS NULL RETURN a.postcode AS postcode""")
    assert rows == [{"postcode": "M1 2AB"}]
    assert "DEMO-OFF-02" in await pending(graph)


@pytest.mark.parametrize(("change", "field"), [
    ({"address": ADDRESS | {"latitude": 91.0}}, "input.address.latitude"),
    ({"address": ADDRESS | {"longitude": -180.5}}, "input.address.longitude"),
    ({"address": ADDRESS | {"postcode": "NOT A CODE"}}, "input.address.postcode"),
    ({"address": ADDRESS | {"line1": ""}}, "input.address.line1"),
    ({"from": "1066-10-14"}, "input.from"),
    ({"from": (TODAY - timedelta(days=365)).isoformat()}, "input.from"),  # before the current
])
async def test_record_address_rejects_bad_input(
    as_: Any, graph: Graph, change: dict[str, Any], field: str
) -> None:
    await assert_invalid(graph, as_("demo.probation.om"), "recordAddress", {
        "personId": "DEMO-OFF-01", "address": ADDRESS, "from": TODAY.isoformat()} | change, field)


@pytest.mark.parametrize(("officer", "person", "code"), [
    ("demo.housing.partner", "DEMO-OFF-01", "FORBIDDEN"),  # involved partner, no write right
    ("demo.police.ppo", "DEMO-OFF-06", "NOT_FOUND"),  # police are not involved
    ("demo.police.ppo", "DEMO-CON-06A", "NOT_FOUND"),
    ("demo.probation.om", "DEMO-VIC-01", "FORBIDDEN"),  # sees the victim, may not move them
    ("demo.prison.om", "DEMO-VIC-01", "NOT_FOUND"),  # prison does not see victims
    ("demo.housing.partner", "DEMO-VIC-01", "NOT_FOUND"),
    ("demo.probation.om", "NOBODY", "NOT_FOUND"),
])
async def test_record_address_is_refused(
    as_: Any, graph: Graph, officer: str, person: str, code: str
) -> None:
    await assert_refused(graph, as_(officer), "recordAddress",
                         {"personId": person, "address": ADDRESS, "from": TODAY.isoformat()},
                         code)


# addVictim

async def test_a_victim_liaison_officer_adds_a_victim(as_: Any, graph: Graph) -> None:
    made = await as_("demo.probation.vlo").ok(
        "addVictim", {"offenderId": "DEMO-OFF-01", "name": "Sarah Long",
                      "dateOfBirth": "1992-07-01", "address": ADDRESS},
        "id offenderId addressId")
    assert made["id"].startswith("VIC-")
    assert made["addressId"].startswith("ADR-")
    [row] = await cypher(graph, """
        MATCH (:Offender {id: 'DEMO-OFF-01'})-[:OFFENDED_AGAINST]->(v:Person:Victim {id: $id})
        MATCH (v)-[r:LOCATED_AT]->(a:Address:Protected)
        RETURN v.name AS name, a.id AS address, r.from AS from""", id=made["id"])
    assert (row["name"], row["address"], row["from"].to_native()) == (
        "Sarah Long", made["addressId"], TODAY)
    assert "DEMO-OFF-01" in await pending(graph)


@pytest.mark.parametrize(("change", "field"), [
    ({"address": ADDRESS | {"latitude": -90.01}}, "input.address.latitude"),
    ({"dateOfBirth": (TODAY + timedelta(days=10)).isoformat()}, "input.dateOfBirth"),
    ({"name": ""}, "input.name"),
])
async def test_add_victim_rejects_bad_input(
    as_: Any, graph: Graph, change: dict[str, Any], field: str
) -> None:
    await assert_invalid(graph, as_("demo.probation.vlo"), "addVictim",
                         {"offenderId": "DEMO-OFF-01", "name": "Sarah Long"} | change, field)


@pytest.mark.parametrize(("officer", "offender", "code"), [
    ("demo.probation.om", "DEMO-OFF-01", "FORBIDDEN"),
    ("demo.housing.partner", "DEMO-OFF-01", "FORBIDDEN"),
    ("demo.police.ppo", "DEMO-OFF-06", "NOT_FOUND"),
])
async def test_add_victim_is_refused(
    as_: Any, graph: Graph, officer: str, offender: str, code: str
) -> None:
    await assert_refused(graph, as_(officer), "addVictim",
                         {"offenderId": offender, "name": "Sarah Long"}, code)


# addNamedContact

async def test_a_household_member_lives_at_the_offenders_home(as_: Any, graph: Graph) -> None:
    made = await as_("demo.probation.om").ok(
        "addNamedContact", {"offenderId": "DEMO-OFF-01", "name": "Tia Holt",
                            "dateOfBirth": (TODAY - timedelta(days=365 * 6)).isoformat(),
                            "relationship": "CHILD", "householdMember": True},
        "id relationship householdMember addressId")
    assert made["id"].startswith("CON-")
    assert made["addressId"] == "DEMO-ADR-01"
    [row] = await cypher(graph, """
        MATCH (o:Offender {id: 'DEMO-OFF-01'})-[h:HAS_CONTACT]->(c:Person:NamedContact {id: $id})
        MATCH (c)-[:HOUSEHOLD_MEMBER_OF]->(o)
        MATCH (c)-[r:RESIDES_AT]->(a:Address)
        RETURN h.relationship AS relationship, a.id AS address, r.to AS to""", id=made["id"])
    assert row == {"relationship": "CHILD", "address": "DEMO-ADR-01", "to": None}
    assert "DEMO-OFF-01" in await pending(graph)


async def test_a_contact_elsewhere_has_their_own_address(as_: Any, graph: Graph) -> None:
    made = await as_("demo.probation.om").ok(
        "addNamedContact", {"offenderId": "DEMO-OFF-01", "name": "Gary Holt",
                            "relationship": "SIBLING", "address": ADDRESS},
        "id householdMember addressId")
    assert made["householdMember"] is False
    assert made["addressId"].startswith("ADR-")


@pytest.mark.parametrize(("change", "field"), [
    ({"relationship": "COUSIN"}, "input.relationship"),
    ({"householdMember": True, "address": ADDRESS}, "input.address"),
    ({"address": ADDRESS | {"postcode": "12345"}}, "input.address.postcode"),
])
async def test_add_named_contact_rejects_bad_input(
    as_: Any, graph: Graph, change: dict[str, Any], field: str
) -> None:
    await assert_invalid(graph, as_("demo.probation.om"), "addNamedContact", {
        "offenderId": "DEMO-OFF-01", "name": "Tia Holt", "relationship": "CHILD"} | change, field)


@pytest.mark.parametrize(("officer", "offender", "code"), [
    ("demo.housing.partner", "DEMO-OFF-01", "FORBIDDEN"),
    ("demo.police.ppo", "DEMO-OFF-06", "NOT_FOUND"),
])
async def test_add_named_contact_is_refused(
    as_: Any, graph: Graph, officer: str, offender: str, code: str
) -> None:
    await assert_refused(graph, as_(officer), "addNamedContact", {
        "offenderId": offender, "name": "Tia Holt", "relationship": "CHILD"}, code)


# linkAssociation

ASSOCIATION = {"personAId": "DEMO-OFF-01", "personBId": "DEMO-CON-02A",
               "grading": {"source": 2, "information": "B"}, "handling": "C",
               "observedAt": "2025-01-10T21:30:00+00:00"}


async def test_police_link_two_people_they_can_see(as_: Any, graph: Graph) -> None:
    made = await as_("demo.police.analyst").ok(
        "linkAssociation", ASSOCIATION,
        "personAId personBId sourceAgency source information handling observedAt")
    assert made["sourceAgency"] == "AG-DEMO-POLICE"
    [row] = await cypher(graph, """
        MATCH (:Person {id: 'DEMO-OFF-01'})-[r:ASSOCIATES_WITH]->(:Person {id: 'DEMO-CON-02A'})
        RETURN r.sourceAgency AS agency, r.source AS source, r.information AS information,
               r.handling AS handling, r.observedAt AS observedAt""")
    assert (row["agency"], row["source"], row["information"], row["handling"]) == (
        "AG-DEMO-POLICE", 2, "B", "C")
    assert row["observedAt"].to_native() == datetime(2025, 1, 10, 21, 30, tzinfo=UTC)
    assert {"DEMO-OFF-01", "DEMO-OFF-02"} <= await pending(graph)


@pytest.mark.parametrize(("change", "field"), [
    ({"grading": {"source": 4, "information": "B"}}, "input.grading.source"),
    ({"grading": {"source": 1, "information": "F"}}, "input.grading.information"),
    ({"handling": "X"}, "input.handling"),
    ({"personBId": "DEMO-OFF-01"}, "input.personBId"),
    ({"observedAt": (datetime.now(UTC) + timedelta(days=1)).isoformat()}, "input.observedAt"),
    ({"observedAt": "2025-01-10T21:30:00"}, "input.observedAt"),  # no offset
])
async def test_link_association_rejects_bad_input(
    as_: Any, graph: Graph, change: dict[str, Any], field: str
) -> None:
    await assert_invalid(graph, as_("demo.police.analyst"), "linkAssociation",
                         ASSOCIATION | change, field)


@pytest.mark.parametrize(("officer", "change", "code"), [
    ("demo.probation.om", {}, "FORBIDDEN"),  # police only
    ("demo.police.analyst", {"personBId": "DEMO-OFF-06"}, "NOT_FOUND"),
    ("demo.police.analyst", {"personBId": "DEMO-CON-06A"}, "NOT_FOUND"),
    ("demo.police.analyst", {"personBId": "NOBODY"}, "NOT_FOUND"),
])
async def test_link_association_is_refused(
    as_: Any, graph: Graph, officer: str, change: dict[str, Any], code: str
) -> None:
    await assert_refused(graph, as_(officer), "linkAssociation", ASSOCIATION | change, code)


# addLicenceCondition

# A clockwise square round central Manchester, [lon, lat], closed.
CLOCKWISE_SQUARE = [[-2.25, 53.48], [-2.24, 53.48], [-2.24, 53.47], [-2.25, 53.47],
                    [-2.25, 53.48]]
BOW_TIE = [[-2.25, 53.48], [-2.24, 53.47], [-2.24, 53.48], [-2.25, 53.47], [-2.25, 53.48]]
CONDITION = {"offenderId": "DEMO-OFF-01", "kind": "EXCLUSION_ZONE",
             "text": "Not to enter the area marked on the map.",
             "validFrom": TODAY.isoformat(),
             "zone": {"kind": "EXCLUSION", "polygon": CLOCKWISE_SQUARE}}


async def test_an_exclusion_polygon_is_stored_counter_clockwise_with_centre_and_box(
    as_: Any, graph: Graph
) -> None:
    valid_to = (TODAY + timedelta(days=365)).isoformat()
    made = await as_("demo.probation.om").ok(
        "addLicenceCondition", CONDITION | {"validTo": valid_to},
        "id offenderId kind validFrom validTo zoneId")
    assert made["id"].startswith("LC-")
    assert made["zoneId"].startswith("ZON-")
    [zone] = await cypher(graph, """
        MATCH (:Offender {id: 'DEMO-OFF-01'})-[:SUBJECT_TO]->(c:LicenceCondition {id: $id})
              -[:DEFINES_ZONE]->(z:Zone)
        RETURN z {.*} AS z""", id=made["id"])
    z = zone["z"]
    assert (z["id"], z["kind"], z["shape"], z.get("radiusMetres")) == (
        made["zoneId"], "EXCLUSION", "POLYGON", None)
    assert z["geometry"] == ('{"type":"Polygon","coordinates":[[[-2.25,53.48],[-2.25,53.47],'
                             '[-2.24,53.47],[-2.24,53.48],[-2.25,53.48]]]}')
    assert (z["centre"].longitude, z["centre"].latitude) == pytest.approx((-2.245, 53.475))
    assert (z["bboxLow"].latitude, z["bboxLow"].longitude) == (53.47, -2.25)
    assert (z["bboxHigh"].latitude, z["bboxHigh"].longitude) == (53.48, -2.24)
    assert z["validTo"].to_native().isoformat() == valid_to
    assert "DEMO-OFF-01" in await pending(graph)


async def test_a_circular_zone_protecting_a_victim(as_: Any, graph: Graph) -> None:
    made = await as_("demo.probation.om").ok("addLicenceCondition", CONDITION | {
        "protectedPersonId": "DEMO-VIC-01",
        "zone": {"kind": "EXCLUSION", "centre": {"latitude": 53.47, "longitude": -2.24},
                 "radiusMetres": 500}}, "id protectedPersonId zoneId")
    [row] = await cypher(graph, """
        MATCH (c:LicenceCondition {id: $id})-[:PROTECTS]->(p:Person)
        MATCH (c)-[:DEFINES_ZONE]->(z:Zone)
        RETURN p.id AS protected, z.shape AS shape, z.radiusMetres AS radius,
               z.centre.latitude AS lat, z.bboxLow.latitude AS south,
               z.bboxHigh.latitude AS north""", id=made["id"])
    assert (row["protected"], row["shape"], row["radius"], row["lat"]) == (
        "DEMO-VIC-01", "CIRCLE", 500.0, 53.47)
    assert row["south"] < 53.47 - 0.0044
    assert row["north"] > 53.47 + 0.0044


async def test_an_out_of_bounds_condition_names_its_premises(as_: Any, graph: Graph) -> None:
    made = await as_("demo.police.ppo").ok("addLicenceCondition", {
        "offenderId": "DEMO-OFF-02", "kind": "OUT_OF_BOUNDS_PREMISES_TYPE",
        "text": "Not to enter any playground.", "validFrom": TODAY.isoformat(),
        "premisesKind": "PLAYGROUND"}, "id premisesKind zoneId")
    assert (made["premisesKind"], made["zoneId"]) == ("PLAYGROUND", None)


@pytest.mark.parametrize(("change", "field"), [
    ({"zone": {"kind": "EXCLUSION", "polygon": BOW_TIE}}, "input.zone.polygon.2"),
    ({"zone": {"kind": "EXCLUSION", "polygon": CLOCKWISE_SQUARE[:-1]}}, "input.zone.polygon.3"),
    ({"zone": {"kind": "EXCLUSION", "polygon": CLOCKWISE_SQUARE[:2]}}, "input.zone.polygon"),
    ({"zone": {"kind": "EXCLUSION", "polygon": [[-2.25, 53.48], [200.0, 53.48],
                                                [-2.24, 53.47], [-2.25, 53.48]]}},
     "input.zone.polygon.1.0"),
    ({"zone": {"kind": "EXCLUSION", "centre": {"latitude": 53.4, "longitude": -2.2},
               "radiusMetres": 0}}, "input.zone.radiusMetres"),
    ({"zone": {"kind": "EXCLUSION", "centre": {"latitude": 95, "longitude": -2.2},
               "radiusMetres": 10}}, "input.zone.centre.latitude"),
    ({"zone": {"kind": "EXCLUSION", "centre": {"latitude": 53.4, "longitude": -2.2}}},
     "input.zone.radiusMetres"),
    ({"zone": {"kind": "EXCLUSION", "polygon": CLOCKWISE_SQUARE,
               "centre": {"latitude": 53.4, "longitude": -2.2}}}, "input.zone.centre"),
    ({"zone": {"kind": "SOMEWHERE", "polygon": CLOCKWISE_SQUARE}}, "input.zone.kind"),
    ({"zone": None}, "input.zone"),
    ({"validTo": (TODAY - timedelta(days=1)).isoformat()}, "input.validTo"),
    ({"kind": "NO_CONTACT", "zone": None}, "input.protectedPersonId"),
    ({"kind": "NO_CONTACT", "zone": None, "protectedPersonId": "DEMO-VIC-02"},
     "input.protectedPersonId"),  # another offender's victim
    ({"kind": "CURFEW"}, "input.zone"),
])
async def test_add_licence_condition_rejects_bad_input(
    as_: Any, graph: Graph, change: dict[str, Any], field: str
) -> None:
    await assert_invalid(graph, as_("demo.probation.om"), "addLicenceCondition",
                         CONDITION | change, field)


async def test_a_self_intersecting_polygon_says_so(as_: Any, graph: Graph) -> None:
    _, message = await as_("demo.probation.om").refused(
        "addLicenceCondition", CONDITION | {"zone": {"kind": "EXCLUSION", "polygon": BOW_TIE}})
    assert "intersects itself" in message


@pytest.mark.parametrize(("officer", "offender", "code"), [
    ("demo.housing.partner", "DEMO-OFF-01", "FORBIDDEN"),
    ("demo.em.system", "DEMO-OFF-06", "FORBIDDEN"),
    ("demo.police.ppo", "DEMO-OFF-06", "NOT_FOUND"),
])
async def test_add_licence_condition_is_refused(
    as_: Any, graph: Graph, officer: str, offender: str, code: str
) -> None:
    await assert_refused(graph, as_(officer), "addLicenceCondition",
                         CONDITION | {"offenderId": offender}, code)


# addPremises

async def test_new_premises_re_evaluate_offenders_barred_from_them_nearby(
    as_: Any, graph: Graph
) -> None:
    [home] = await cypher(graph, """
        MATCH (:Offender {id: 'DEMO-OFF-07'})-[r:RESIDES_AT]->(a:Address) WHERE r.to IS NULL
        RETURN a.location.latitude AS lat, a.location.longitude AS lon""")
    made = await as_("demo.police.ppo").ok(
        "addPremises", {"name": "St Mary's Primary", "kind": "SCHOOL",
                        "latitude": home["lat"] + 0.001, "longitude": home["lon"]},
        "id name kind area")
    assert made["id"].startswith("PRM-")
    assert made["area"] == "GMP"
    [row] = await cypher(graph, "MATCH (p:Premises {id: $id}) RETURN p.kind AS kind, "
                                "p.location.latitude AS lat", id=made["id"])
    assert row == {"kind": "SCHOOL", "lat": home["lat"] + 0.001}
    assert await pending(graph) == {"DEMO-OFF-07"}


async def test_add_premises_rejects_bad_input(as_: Any, graph: Graph) -> None:
    await assert_invalid(graph, as_("demo.police.ppo"), "addPremises", {
        "name": "St Mary's", "kind": "SCHOOL", "latitude": 153.0, "longitude": -2.2},
        "input.latitude")


@pytest.mark.parametrize("officer", ["demo.housing.partner", "demo.childrens.partner"])
async def test_add_premises_is_refused(as_: Any, graph: Graph, officer: str) -> None:
    await assert_refused(graph, as_(officer), "addPremises", {
        "name": "St Mary's", "kind": "SCHOOL", "latitude": 53.4, "longitude": -2.2}, "FORBIDDEN")


# recordRiskAssessment

RISK = {"offenderId": "DEMO-OFF-01", "tool": "OASys", "assessedOn": TODAY.isoformat(),
        "children": "LOW", "publicAtLarge": "MEDIUM", "knownAdult": "VERY_HIGH",
        "staff": "LOW"}


async def test_a_risk_assessment_is_recorded_with_its_overall_level(
    as_: Any, graph: Graph
) -> None:
    made = await as_("demo.probation.om").ok("recordRiskAssessment", RISK,
                                             "id overall assessedOn")
    assert made["overall"] == "VERY_HIGH"
    [row] = await cypher(graph, """
        MATCH (:Offender {id: 'DEMO-OFF-01'})-[:HAS_RISK_ASSESSMENT]->(a:RiskAssessment {id: $id})
        RETURN a.overall AS overall, a.knownAdult AS knownAdult, a.tool AS tool""",
        id=made["id"])
    assert row == {"overall": "VERY_HIGH", "knownAdult": "VERY_HIGH", "tool": "OASys"}
    assert "DEMO-OFF-01" in await pending(graph)


@pytest.mark.parametrize(("change", "field"), [
    ({"assessedOn": (TODAY + timedelta(days=5)).isoformat()}, "input.assessedOn"),
    ({"tool": ""}, "input.tool"),
])
async def test_record_risk_assessment_rejects_bad_input(
    as_: Any, graph: Graph, change: dict[str, Any], field: str
) -> None:
    await assert_invalid(graph, as_("demo.probation.om"), "recordRiskAssessment",
                         RISK | change, field)


@pytest.mark.parametrize(("officer", "offender", "code"), [
    ("demo.housing.partner", "DEMO-OFF-01", "FORBIDDEN"),
    ("demo.police.ppo", "DEMO-OFF-06", "NOT_FOUND"),
])
async def test_record_risk_assessment_is_refused(
    as_: Any, graph: Graph, officer: str, offender: str, code: str
) -> None:
    await assert_refused(graph, as_(officer), "recordRiskAssessment",
                         RISK | {"offenderId": offender}, code)


# addIntervention

async def test_an_intervention_is_added_with_its_status(as_: Any, graph: Graph) -> None:
    made = await as_("demo.probation.om").ok("addIntervention", {
        "offenderId": "DEMO-OFF-01", "kind": "ACCREDITED_PROGRAMME",
        "name": "Building Better Relationships",
        "start": (TODAY + timedelta(days=7)).isoformat()}, "id status")
    assert made["status"] == "PLANNED"
    [row] = await cypher(graph, """
        MATCH (:Offender {id: 'DEMO-OFF-01'})-[:ATTENDS]->(i:Intervention {id: $id})
        RETURN i.name AS name, i.kind AS kind, i.status AS status""", id=made["id"])
    assert row == {"name": "Building Better Relationships", "kind": "ACCREDITED_PROGRAMME",
                   "status": "PLANNED"}
    assert "DEMO-OFF-01" in await pending(graph)


@pytest.mark.parametrize(("change", "field"), [
    ({"end": (TODAY - timedelta(days=1)).isoformat()}, "input.end"),
    ({"name": "n" * 201}, "input.name"),
])
async def test_add_intervention_rejects_bad_input(
    as_: Any, graph: Graph, change: dict[str, Any], field: str
) -> None:
    await assert_invalid(graph, as_("demo.probation.om"), "addIntervention", {
        "offenderId": "DEMO-OFF-01", "kind": "DRUG", "name": "Drug rehabilitation",
        "start": TODAY.isoformat()} | change, field)


async def test_add_intervention_is_refused(as_: Any, graph: Graph) -> None:
    await assert_refused(graph, as_("demo.housing.partner"), "addIntervention", {
        "offenderId": "DEMO-OFF-01", "kind": "DRUG", "name": "Drug rehabilitation",
        "start": TODAY.isoformat()}, "FORBIDDEN")


# recordComplianceEvent

async def test_a_compliance_event_is_recorded_by_the_caller(as_: Any, graph: Graph) -> None:
    made = await as_("demo.probation.om").ok("recordComplianceEvent", {
        "offenderId": "DEMO-OFF-01", "kind": "MISSED_APPOINTMENT",
        "at": "2025-03-01T10:30:00+01:00", "outcome": "WARNING",
        "note": "Did not attend."}, "id kind at outcome")
    assert made["outcome"] == "WARNING"
    [row] = await cypher(graph, """
        MATCH (e:ComplianceEvent {id: $id})-[:RECORDED_FOR]->(:Offender {id: 'DEMO-OFF-01'})
        RETURN e.recordedBy AS by, e.at AS at, e.note AS note""", id=made["id"])
    assert row["by"] == "demo.probation.om"
    assert row["note"] == "Did not attend."
    assert row["at"].to_native() == datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    assert "DEMO-OFF-01" in await pending(graph)


@pytest.mark.parametrize(("change", "field"), [
    ({"at": (datetime.now(UTC) + timedelta(hours=2)).isoformat()}, "input.at"),
    ({"outcome": "SHRUG"}, "input.outcome"),
])
async def test_record_compliance_event_rejects_bad_input(
    as_: Any, graph: Graph, change: dict[str, Any], field: str
) -> None:
    await assert_invalid(graph, as_("demo.probation.om"), "recordComplianceEvent", {
        "offenderId": "DEMO-OFF-01", "kind": "MISSED_APPOINTMENT",
        "at": "2025-03-01T10:30:00+00:00"} | change, field)


async def test_record_compliance_event_is_refused(as_: Any, graph: Graph) -> None:
    await assert_refused(graph, as_("demo.police.ppo"), "recordComplianceEvent", {
        "offenderId": "DEMO-OFF-06", "kind": "MISSED_APPOINTMENT",
        "at": "2025-03-01T10:30:00+00:00"}, "NOT_FOUND")


# recordNotification

async def test_an_address_change_notification_is_due_three_days_after_the_move(
    as_: Any, graph: Graph
) -> None:
    [move] = await cypher(graph, """
        MATCH (:Offender {id: 'DEMO-OFF-15'})-[r:RESIDES_AT]->() WHERE r.to IS NULL
        RETURN r.from AS from""")
    moved = move["from"].to_native()
    made = await as_("demo.police.ppo").ok("recordNotification", {
        "offenderId": "DEMO-OFF-15", "kind": "ADDRESS_CHANGE", "madeOn": TODAY.isoformat(),
        "details": "New address notified at the front desk."}, "id madeOn dueOn")
    assert made["dueOn"] == (moved + timedelta(days=3)).isoformat()
    [row] = await cypher(graph, """
        MATCH (n:Notification {id: $id})-[:RECORDED_FOR]->(:Offender {id: 'DEMO-OFF-15'})
        RETURN n.kind AS kind, n.dueOn AS dueOn""", id=made["id"])
    assert row["kind"] == "ADDRESS_CHANGE"
    assert row["dueOn"].to_native() == moved + timedelta(days=3)
    assert "DEMO-OFF-15" in await pending(graph)


@pytest.mark.parametrize(("change", "field"), [
    ({"madeOn": (TODAY + timedelta(days=3)).isoformat()}, "input.madeOn"),
    ({"offenderId": "DEMO-OFF-01"}, "input.offenderId"),  # not a registered sexual offender
])
async def test_record_notification_rejects_bad_input(
    as_: Any, graph: Graph, change: dict[str, Any], field: str
) -> None:
    await assert_invalid(graph, as_("demo.police.ppo"), "recordNotification", {
        "offenderId": "DEMO-OFF-15", "kind": "ANNUAL", "madeOn": TODAY.isoformat()} | change,
        field)


async def test_record_notification_is_refused(as_: Any, graph: Graph) -> None:
    await assert_refused(graph, as_("demo.housing.partner"), "recordNotification", {
        "offenderId": "DEMO-OFF-15", "kind": "ANNUAL", "madeOn": TODAY.isoformat()},
        "NOT_FOUND")


# requestEmergencyAccess / revokeEmergencyAccess

GRANT_FIELDS = "id offenderId userId agencyId justification grantedAt expiresAt revokedAt revokedBy"
EMERGENCY = {"offenderId": "DEMO-OFF-06",
             "justification": "Reported sighting near a school; urgent risk assessment."}
OFF_06_ADDRESS = {"personId": "DEMO-OFF-06", "address": ADDRESS, "from": TODAY.isoformat()}


async def revoke(caller: Caller, grant_id: str) -> dict[str, Any]:
    response = await caller.client.post("/graphql", headers=caller.headers, json={
        "query": f"mutation Revoke($id: ID!) {{ revokeEmergencyAccess(id: $id) "
                 f"{{ {GRANT_FIELDS} }} }}",
        "variables": {"id": grant_id}})
    return dict(response.json())


async def test_a_police_officer_gets_four_hours_on_a_case_police_are_not_in(
    as_: Any, graph: Graph
) -> None:
    ppo = as_("demo.police.ppo")
    assert (await ppo.refused("recordAddress", OFF_06_ADDRESS))[0] == "NOT_FOUND"
    grant = await ppo.ok("requestEmergencyAccess", EMERGENCY, GRANT_FIELDS)
    assert grant["id"].startswith("EG-")
    assert (grant["offenderId"], grant["userId"], grant["agencyId"], grant["revokedAt"]) == (
        "DEMO-OFF-06", "demo.police.ppo", "AG-DEMO-POLICE", None)
    granted = datetime.fromisoformat(grant["grantedAt"])
    assert datetime.fromisoformat(grant["expiresAt"]) - granted == timedelta(hours=4)
    [row] = await cypher(graph, """
        MATCH (g:EmergencyGrant {id: $id})-[:GRANTS_ACCESS_TO]->(o:Offender)
        RETURN o.id AS offender, g.roles AS roles, g.justification AS justification""",
        id=grant["id"])
    assert row == {"offender": "DEMO-OFF-06", "roles": ["PUBLIC_PROTECTION_OFFICER"],
                   "justification": EMERGENCY["justification"]}
    assert "DEMO-OFF-06" in await pending(graph)
    # The case is visible now (the write is refused for want of involvement, not hidden).
    assert (await ppo.refused("recordAddress", OFF_06_ADDRESS))[0] == "FORBIDDEN"


async def test_the_grantee_revokes_and_the_case_is_hidden_again(as_: Any, graph: Graph) -> None:
    ppo = as_("demo.police.ppo")
    grant = await ppo.ok("requestEmergencyAccess", EMERGENCY, "id")
    body = await revoke(ppo, grant["id"])
    assert "errors" not in body, body
    revoked = body["data"]["revokeEmergencyAccess"]
    assert revoked["revokedBy"] == "demo.police.ppo"
    assert revoked["revokedAt"] is not None
    [row] = await cypher(graph, "MATCH (g:EmergencyGrant {id: $id}) "
                                "RETURN g.revokedAt AS at, g.revokedBy AS by", id=grant["id"])
    assert row["by"] == "demo.police.ppo"
    assert row["at"] is not None
    assert (await ppo.refused("recordAddress", OFF_06_ADDRESS))[0] == "NOT_FOUND"
    again = (await revoke(ppo, grant["id"]))["data"]["revokeEmergencyAccess"]
    assert again["revokedAt"] == revoked["revokedAt"]  # revoking twice changes nothing


async def test_the_lead_agency_revokes_a_grant(as_: Any, graph: Graph) -> None:
    grant = await as_("demo.police.ppo").ok("requestEmergencyAccess", EMERGENCY, "id")
    body = await revoke(as_("demo.probation.om"), grant["id"])
    assert body["data"]["revokeEmergencyAccess"]["revokedBy"] == "demo.probation.om"


@pytest.mark.parametrize(("officer", "code"), [
    ("demo.childrens.partner", "FORBIDDEN"),  # sees the case, is neither grantee nor lead
    ("demo.police.analyst", "NOT_FOUND"),  # the grantee's colleague does not see the case
])
async def test_others_may_not_revoke_a_grant(
    as_: Any, graph: Graph, officer: str, code: str
) -> None:
    grant = await as_("demo.police.ppo").ok("requestEmergencyAccess", EMERGENCY, "id")
    before = await snapshot(graph)
    body = await revoke(as_(officer), grant["id"])
    assert body["errors"][0]["extensions"]["code"] == code
    assert await snapshot(graph) == before


async def test_an_expired_grant_no_longer_opens_the_case(as_: Any, graph: Graph) -> None:
    ppo = as_("demo.police.ppo")
    grant = await ppo.ok("requestEmergencyAccess", EMERGENCY, "id")
    assert (await ppo.refused("recordAddress", OFF_06_ADDRESS))[0] == "FORBIDDEN"

    async def expire(tx: Any) -> None:
        await tx.run("MATCH (g:EmergencyGrant {id: $id}) SET g.grantedAt = datetime() - "
                     "duration({hours: 5}), g.expiresAt = datetime() - duration({hours: 1})",
                     id=grant["id"])
    await graph.write(expire)
    assert (await ppo.refused("recordAddress", OFF_06_ADDRESS))[0] == "NOT_FOUND"


@pytest.mark.parametrize(("officer", "offender", "code"), [
    ("demo.police.ppo", "DEMO-OFF-01", "FORBIDDEN"),  # police are involved already
    ("demo.housing.partner", "DEMO-OFF-06", "NOT_FOUND"),  # no right to break glass
    ("demo.police.analyst", "DEMO-OFF-06", "NOT_FOUND"),
    ("demo.prison.om", "DEMO-OFF-06", "NOT_FOUND"),  # police and probation only
    ("demo.police.ppo", "DEMO-OFF-99", "NOT_FOUND"),
])
async def test_emergency_access_is_refused(
    as_: Any, graph: Graph, officer: str, offender: str, code: str
) -> None:
    await assert_refused(graph, as_(officer), "requestEmergencyAccess",
                         EMERGENCY | {"offenderId": offender}, code)


async def test_emergency_access_needs_a_justification(as_: Any, graph: Graph) -> None:
    await assert_invalid(graph, as_("demo.police.ppo"), "requestEmergencyAccess",
                         EMERGENCY | {"justification": "  "}, "input.justification")


async def test_revoking_an_unknown_grant_is_not_found(as_: Any, graph: Graph) -> None:
    body = await revoke(as_("demo.police.ppo"), "EG-NOPE")
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
