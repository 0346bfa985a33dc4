"""Risk management plans and their actions through HTTP (issue 22, docs/plans-design.md): draft,
agree (a new version supersedes the one in force; OPEN actions carry forward), actions owed by
agencies, their status; `Offender.plan`, `Offender.planHistory` and `actions` read under
need-to-know: the plan under RISK_PLAN, a measure's reference under its own class, and the owner
exception (an agency sees, and may mark DONE, the actions it owns, and nothing else of the plan).

The case is opened by each test on the demo's agencies and personas: led by probation, with the
police and housing involved. Housing (no RISK_PLAN) owns one action, DWP (not involved) another.
"""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.load import load_demo
from tests.api.client import DemoCaller, extensions, http_client
from tests.graph import cypher

TODAY = datetime.now(UTC).date()
LEAD_OM = "demo.probation.om"
COORDINATOR = "demo.probation.coordinator"
PPO = "demo.police.ppo"
ANALYST = "demo.police.analyst"
HOUSING = "demo.housing.partner"
DWP = "demo.dwp.partner"
CHILDRENS = "demo.childrens.partner"
VLO = "demo.probation.vlo"

PLAN = """id version status current summary reviewDate agreedOn agreedBy
  agreedAtMeeting { id date }
  measures { id kind text condition { id kind } residence { id line1 } intervention { id name }
             officer { id name } }
  actions { id text status dueOn overdue ownerAgency { id } offender { id } }
  redactions { field fieldClass reason }"""
ACTION = """id text dueOn overdue status statusBy statusAt outcome
  offender { id name } ownerAgency { id name kind } ownerOfficer { id name }
  redactions { field fieldClass reason }"""


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, TODAY)
    async with http_client(settings.model_copy(update={"run_worker": False})) as c:
        yield c


class Caller(DemoCaller):
    """One demo persona, calling the API for a MAPPA meeting."""

    def __init__(self, client: httpx.AsyncClient, settings: Settings, officer_id: str) -> None:
        super().__init__(client, settings, officer_id, purpose="MAPP_MEETING")

    async def ok(self, query: str, **variables: Any) -> dict[str, Any]:
        body = await self.ask(query, **variables)
        assert "errors" not in body, body
        return dict(body["data"])

    async def write(self, mutation: str, input_: dict[str, Any], fields: str = "id"
                    ) -> dict[str, Any]:
        type_name = mutation[0].upper() + mutation[1:] + "Input"
        return await self.ask(f"mutation W($input: {type_name}!) {{ {mutation}(input: $input) "
                              f"{{ {fields} }} }}", input=input_)

    async def made(self, mutation: str, input_: dict[str, Any], fields: str = "id"
                   ) -> dict[str, Any]:
        body = await self.write(mutation, input_, fields)
        assert "errors" not in body, body
        return dict(body["data"][mutation])

    async def refused(self, mutation: str, input_: dict[str, Any]) -> tuple[str, str, Any]:
        """(code, message, field) of the one error a refused write answers with."""
        body = await self.write(mutation, input_)
        assert body["data"] == {mutation: None}, body
        [error] = body["errors"]
        found = extensions(error)
        return found["code"], error["message"], found.get("field")

    async def plan(self, offender_id: str) -> dict[str, Any]:
        data = await self.ok(f"query P($id: ID!) {{ offender(id: $id) {{ id plan {{ {PLAN} }} "
                             f"redactions {{ field fieldClass }} }} }}", id=offender_id)
        return dict(data["offender"])

    async def history(self, offender_id: str, first: int = 20, after: str | None = None
                      ) -> dict[str, Any]:
        data = await self.ok(
            f"query H($id: ID!, $first: Int!, $after: String) {{ offender(id: $id) {{ "
            f"planHistory(first: $first, after: $after) {{ edges {{ cursor node {{ {PLAN} }} }} "
            f"pageInfo {{ hasNextPage endCursor }} }} }} }}",
            id=offender_id, first=first, after=after)
        return dict(data["offender"]["planHistory"])

    async def actions(self, filter_: dict[str, Any] | None = None, first: int = 100,
                      after: str | None = None) -> dict[str, Any]:
        data = await self.ok(
            f"query A($filter: ActionFilter, $first: Int!, $after: String) {{ "
            f"actions(filter: $filter, first: $first, after: $after) {{ "
            f"edges {{ cursor node {{ {ACTION} }} }} pageInfo {{ hasNextPage endCursor }} }} }}",
            filter=filter_, first=first, after=after)
        return dict(data["actions"])

    async def actions_on(self, offender_id: str, filter_: dict[str, Any] | None = None
                         ) -> list[dict[str, Any]]:
        """The actions the caller sees on one case (the demo may hold others)."""
        page = await self.actions(filter_)
        return [e["node"] for e in page["edges"] if e["node"]["offender"]["id"] == offender_id]


@pytest.fixture
def as_(client: httpx.AsyncClient, settings: Settings) -> Any:
    return lambda officer_id: Caller(client, settings, officer_id)


@dataclass
class Case:
    """A case led by probation, the police and housing involved, with a condition, an address,
    an intervention and its offender manager to point measures at."""

    id: str
    condition_id: str
    address_id: str
    intervention_id: str


async def open_case(as_: Any, name: str = "Callum Reyes") -> Case:
    om = as_(LEAD_OM)
    offender = await om.made("createOffender", {
        "name": name, "dateOfBirth": "1985-06-01", "category": "CATEGORY_2",
        "level": "LEVEL_2", "indexOffence": "Wounding with intent"})
    case_id = offender["id"]
    for agency, basis in (("AG-DEMO-POLICE", "MAPPA_CATEGORY"),
                          ("AG-DEMO-HOUSING", "DUTY_TO_COOPERATE")):
        await om.made("involveAgency", {"offenderId": case_id, "agencyId": agency,
                                        "basis": basis}, "agencyId")
    await om.made("assignCaseOfficer", {"offenderId": case_id, "officerId": LEAD_OM},
                  "officerId")
    condition = await om.made("addLicenceCondition", {
        "offenderId": case_id, "kind": "CURFEW", "text": "Curfew 19:00 to 07:00",
        "validFrom": TODAY.isoformat()})
    address = await om.made("recordAddress", {
        "personId": case_id, "from": TODAY.isoformat(), "kind": "APPROVED_PREMISES",
        "address": {"line1": "14 Hulme Walk", "town": "Manchester", "postcode": "M15 5JJ",
                    "latitude": 53.466, "longitude": -2.25}}, "addressId")
    intervention = await om.made("addIntervention", {
        "offenderId": case_id, "kind": "ACCREDITED_PROGRAMME", "name": "Kaizen",
        "start": TODAY.isoformat()})
    return Case(case_id, condition["id"], address["addressId"], intervention["id"])


def measures(case: Case) -> list[dict[str, Any]]:
    return [
        {"kind": "CONDITION", "refersToId": case.condition_id, "text": "Curfew monitored by EM"},
        {"kind": "RESIDENCE", "refersToId": case.address_id, "text": "Resides at the AP"},
        {"kind": "INTERVENTION", "refersToId": case.intervention_id, "text": "Completes Kaizen"},
        {"kind": "SUPERVISION", "refersToId": LEAD_OM, "text": "Weekly supervision"},
        {"kind": "OTHER", "text": "Police home visits monthly"},
    ]


def due(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


async def draft(as_: Any, case: Case, summary: str = "Manage in the AP with curfew",
                by: str = LEAD_OM, with_measures: bool = True) -> dict[str, Any]:
    return await as_(by).made("draftPlan", {
        "offenderId": case.id, "summary": summary, "reviewDate": due(90),
        "measures": measures(case) if with_measures else []},
        "id offenderId version status reviewDate measureIds")


async def agree(as_: Any, plan_id: str, by: str = COORDINATOR) -> dict[str, Any]:
    return await as_(by).made("agreePlan", {"planId": plan_id},
                              "id offenderId version status agreedOn agreedBy agreedAtMeetingId "
                              "supersededPlanId")


async def add_action(as_: Any, case: Case, owner: str, text: str, days: int = 14,
                     officer: str | None = None, by: str = LEAD_OM) -> dict[str, Any]:
    return await as_(by).made("addPlanAction", {
        "offenderId": case.id, "text": text, "ownerAgencyId": owner, "ownerOfficerId": officer,
        "dueOn": due(days)}, "id offenderId planId ownerAgencyId ownerOfficerId dueOn status")


async def set_status(caller: Any, action_id: str, status: str, outcome: str | None = None
                     ) -> dict[str, Any]:
    return await caller.write("setActionStatus", {"actionId": action_id, "status": status,
                                                  "outcome": outcome},
                              "id offenderId status previousStatus statusBy statusAt outcome")


async def snapshot(graph: Graph) -> list[str]:
    """Every node and relationship with its properties, the audit trail and queue aside."""
    rows = await cypher(graph, """
        MATCH (n) WHERE NOT n:AuditEvent AND NOT n:AuditHead AND NOT n:SchemaMigration
          AND NOT n:EvaluationRequest
        RETURN labels(n) AS what, properties(n) AS properties
        UNION ALL
        MATCH (a)-[r]->(b)
        RETURN [a.id, type(r), b.id] AS what, properties(r) AS properties""")
    return sorted(repr((r["what"], sorted(r["properties"].items()))) for r in rows)


async def audited(graph: Graph, operation: str) -> list[dict[str, Any]]:
    return await cypher(graph, """
        MATCH (e:AuditEvent {operation: $operation})
        RETURN e.userId AS userId, e.action AS action, e.subjectIds AS subjectIds,
               e.fieldClasses AS fieldClasses, e.outcome AS outcome ORDER BY e.at, e.id""",
                        operation=f"mutation {operation}")


# draftPlan and agreePlan; Offender.plan and planHistory.

async def test_a_draft_is_a_new_version_with_its_measures_and_no_current_plan(
    as_: Any, graph: Graph
) -> None:
    case = await open_case(as_)
    drafted = await draft(as_, case)
    assert drafted["version"] == 1
    assert drafted["status"] == "DRAFT"
    assert len(drafted["measureIds"]) == 5
    # A draft is not the plan in force.
    assert (await as_(LEAD_OM).plan(case.id))["plan"] is None
    [edge] = (await as_(LEAD_OM).history(case.id))["edges"]
    plan = edge["node"]
    assert (plan["id"], plan["version"], plan["status"], plan["current"]) == (
        drafted["id"], 1, "DRAFT", False)
    assert [m["kind"] for m in plan["measures"]] == [
        "CONDITION", "RESIDENCE", "INTERVENTION", "SUPERVISION", "OTHER"]
    condition, residence, intervention, officer, other = plan["measures"]
    assert condition["condition"] == {"id": case.condition_id, "kind": "CURFEW"}
    assert residence["residence"] == {"id": case.address_id, "line1": "14 Hulme Walk"}
    assert intervention["intervention"] == {"id": case.intervention_id, "name": "Kaizen"}
    assert officer["officer"] == {"id": LEAD_OM, "name": "Tom Gallagher"}
    assert (other["condition"], other["residence"], other["intervention"], other["officer"]) == (
        None, None, None, None)
    assert plan["redactions"] == []
    [event] = await audited(graph, "draftPlan")
    assert (event["userId"], event["action"], event["fieldClasses"], event["outcome"]) == (
        LEAD_OM, "COLLECTION", ["RISK_PLAN"], "OK")
    assert set(event["subjectIds"]) == {case.id, drafted["id"]}


async def test_agreeing_makes_the_current_plan_and_a_later_version_supersedes_it(
    as_: Any, graph: Graph
) -> None:
    case = await open_case(as_)
    first = await draft(as_, case)
    agreed = await agree(as_, first["id"])
    assert (agreed["version"], agreed["status"], agreed["agreedOn"], agreed["agreedBy"],
            agreed["agreedAtMeetingId"], agreed["supersededPlanId"]) == (
        1, "AGREED", TODAY.isoformat(), COORDINATOR, None, None)
    current = (await as_(PPO).plan(case.id))["plan"]
    assert (current["id"], current["status"], current["current"]) == (first["id"], "AGREED", True)

    second = await draft(as_, case, "Move on to a home address", by=PPO, with_measures=False)
    assert second["version"] == 2
    assert (await as_(PPO).plan(case.id))["plan"]["id"] == first["id"]  # still v1 until agreed
    replaced = await agree(as_, second["id"], by=PPO)
    assert replaced["supersededPlanId"] == first["id"]
    current = (await as_(PPO).plan(case.id))["plan"]
    assert (current["id"], current["version"], current["summary"]) == (
        second["id"], 2, "Move on to a home address")
    history = await as_(PPO).history(case.id)
    assert [(e["node"]["version"], e["node"]["status"], e["node"]["current"])
            for e in history["edges"]] == [(2, "AGREED", True), (1, "SUPERSEDED", False)]
    [row] = await cypher(graph, """
        MATCH (o:Offender {id: $id})-[:CURRENT_PLAN]->(current)
        MATCH (current)-[:SUPERSEDES]->(previous)
        RETURN current.id AS current, previous.id AS previous,
          COUNT { (o)-[:HAS_PLAN]->() } AS versions, COUNT { (o)-[:CURRENT_PLAN]->() } AS marks""",
                         id=case.id)
    assert row == {"current": second["id"], "previous": first["id"], "versions": 2, "marks": 1}
    assert len(await audited(graph, "agreePlan")) == 2


async def test_a_version_is_agreed_once_and_never_behind_the_one_in_force(
    as_: Any, graph: Graph
) -> None:
    case = await open_case(as_)
    first = await draft(as_, case)
    second = await draft(as_, case, "A second draft")
    await agree(as_, second["id"])
    before = await snapshot(graph)
    code, message, _ = await as_(COORDINATOR).refused("agreePlan", {"planId": second["id"]})
    assert code == "CONFLICT", message
    code, message, _ = await as_(COORDINATOR).refused("agreePlan", {"planId": first["id"]})
    assert code == "CONFLICT"
    assert "version 2 is in force" in message
    assert await snapshot(graph) == before


async def test_drafts_at_the_same_moment_number_apart(as_: Any) -> None:
    case = await open_case(as_)
    drafted = await asyncio.gather(*(draft(as_, case, f"Draft {n}", with_measures=False)
                                     for n in range(6)))
    assert sorted(d["version"] for d in drafted) == [1, 2, 3, 4, 5, 6]


async def test_plan_history_pages_newest_first(as_: Any) -> None:
    case = await open_case(as_)
    for n in range(3):
        await draft(as_, case, f"Draft number {n + 1}", with_measures=False)
    page = await as_(LEAD_OM).history(case.id, first=2)
    assert [e["node"]["version"] for e in page["edges"]] == [3, 2]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = await as_(LEAD_OM).history(case.id, first=2, after=page["pageInfo"]["endCursor"])
    assert [e["node"]["version"] for e in rest["edges"]] == [1]
    assert rest["pageInfo"]["hasNextPage"] is False


# Need-to-know on the plan.

async def test_without_risk_plan_the_plan_is_null_and_redacted(as_: Any) -> None:
    case = await open_case(as_)
    await agree(as_, (await draft(as_, case))["id"])
    for who in (HOUSING, ANALYST):  # both see the case, neither holds RISK_PLAN
        seen = await as_(who).plan(case.id)
        assert seen["plan"] is None, who
        redacted = {r["field"]: r["fieldClass"] for r in seen["redactions"]}
        assert redacted["plan"] == "RISK_PLAN"
        assert redacted["planHistory"] == "RISK_PLAN"
        assert (await as_(who).history(case.id))["edges"] == []
    # Not involved: no case at all.
    assert (await as_(DWP).ask(f'{{ offender(id: "{case.id}") {{ id plan {{ id }} }} }}')
            )["data"] == {"offender": None}


async def test_a_measure_shows_its_reference_only_under_that_records_class(as_: Any) -> None:
    """The victim liaison officer holds RISK_PLAN and CONDITIONS, not OFFENDER_ADDRESS nor
    SUPERVISION: the residence and the intervention are withheld, the officer shown."""
    case = await open_case(as_)
    await agree(as_, (await draft(as_, case))["id"])
    plan = (await as_(VLO).plan(case.id))["plan"]
    by_kind = {m["kind"]: m for m in plan["measures"]}
    assert by_kind["CONDITION"]["condition"] == {"id": case.condition_id, "kind": "CURFEW"}
    assert by_kind["RESIDENCE"]["residence"] is None
    assert by_kind["RESIDENCE"]["text"] == "Resides at the AP"
    assert by_kind["INTERVENTION"]["intervention"] is None
    assert by_kind["SUPERVISION"]["officer"] == {"id": LEAD_OM, "name": "Tom Gallagher"}
    assert {(r["field"], r["fieldClass"]) for r in plan["redactions"]} == {
        ("measures.residence", "OFFENDER_ADDRESS"), ("measures.intervention", "SUPERVISION")}


# Bad input: VALIDATION naming the field, nothing written.

@pytest.mark.parametrize(("change", "field"), [
    ({"summary": "  "}, "input.summary"),
    ({"reviewDate": (TODAY - timedelta(days=1)).isoformat()}, "input.reviewDate"),
    ({"measures": [{"kind": "OTHER", "refersToId": "LC-1", "text": "x"}]},
     "input.measures.0.refersToId"),
    ({"measures": [{"kind": "CONDITION", "text": "x"}]}, "input.measures.0.refersToId"),
    ({"measures": [{"kind": "OTHER", "text": ""}]}, "input.measures.0.text"),
])
async def test_draft_plan_refuses_bad_input(
    as_: Any, graph: Graph, change: dict[str, Any], field: str
) -> None:
    case = await open_case(as_)
    before = await snapshot(graph)
    code, message, named = await as_(LEAD_OM).refused("draftPlan", {
        "offenderId": case.id, "summary": "A plan", "reviewDate": due(30), **change})
    assert (code, named) == ("VALIDATION", field), message
    assert message.startswith(f"{field}:")
    assert await snapshot(graph) == before


async def test_a_measure_must_refer_to_its_own_cases_record(as_: Any, graph: Graph) -> None:
    case = await open_case(as_)
    other = await open_case(as_, "Owen Marsh")
    before = await snapshot(graph)
    for kind, foreign in (("CONDITION", other.condition_id), ("RESIDENCE", other.address_id),
                          ("INTERVENTION", case.condition_id), ("SUPERVISION", PPO)):
        code, message, named = await as_(LEAD_OM).refused("draftPlan", {
            "offenderId": case.id, "summary": "A plan", "reviewDate": due(30),
            "measures": [{"kind": "OTHER", "text": "First"},
                         {"kind": kind, "refersToId": foreign, "text": "Second"}]})
        assert (code, named) == ("VALIDATION", "input.measures.1.refersToId"), message
        assert "of this case" in message
    assert await snapshot(graph) == before


async def test_who_may_draft_and_agree(as_: Any, graph: Graph) -> None:
    case = await open_case(as_)
    plan = await draft(as_, case)
    before = await snapshot(graph)
    input_ = {"offenderId": case.id, "summary": "A plan", "reviewDate": due(30)}
    # Involved but not a Responsible Authority officer: FORBIDDEN; not involved: NOT_FOUND.
    assert (await as_(HOUSING).refused("draftPlan", input_))[0] == "FORBIDDEN"
    assert (await as_(VLO).refused("draftPlan", input_))[0] == "FORBIDDEN"
    assert (await as_(DWP).refused("draftPlan", input_))[0] == "NOT_FOUND"
    assert (await as_(HOUSING).refused("agreePlan", {"planId": plan["id"]}))[0] == "NOT_FOUND"
    assert (await as_(ANALYST).refused("agreePlan", {"planId": plan["id"]}))[0] == "NOT_FOUND"
    missing = await as_(COORDINATOR).refused("agreePlan", {"planId": "RMP-none"})
    hidden = await as_(DWP).refused("agreePlan", {"planId": plan["id"]})
    assert missing[:2] == hidden[:2] == ("NOT_FOUND", "no such plan")
    assert await snapshot(graph) == before


# addPlanAction, setActionStatus and actions: the owner exception.

async def test_actions_join_the_current_plan_and_open_ones_carry_forward(
    as_: Any, graph: Graph
) -> None:
    case = await open_case(as_)
    first = await draft(as_, case)
    early = await add_action(as_, case, "AG-DEMO-PROBATION", "Refer to Kaizen", 7)
    assert early["planId"] == first["id"]  # the newest draft, while none is agreed
    await agree(as_, first["id"])
    housing = await add_action(as_, case, "AG-DEMO-HOUSING", "Find move-on accommodation", 21)
    police = await add_action(as_, case, "AG-DEMO-POLICE", "Home visit", 10, officer=PPO)
    assert (housing["planId"], housing["status"], police["ownerOfficerId"]) == (
        first["id"], "OPEN", PPO)
    assert "errors" not in await set_status(as_(LEAD_OM), early["id"], "DONE", "Referred")
    second = await draft(as_, case, "Version two", with_measures=False)
    late = await add_action(as_, case, "AG-DEMO-POLICE", "Review the curfew", 30)
    assert late["planId"] == first["id"]  # the current plan, not the newer draft
    await agree(as_, second["id"])
    plan = (await as_(LEAD_OM).plan(case.id))["plan"]
    # v2's own actions: none; v1's still OPEN carry forward (the DONE one does not).
    assert [a["id"] for a in plan["actions"]] == [police["id"], housing["id"], late["id"]]
    [old] = [e["node"] for e in (await as_(LEAD_OM).history(case.id))["edges"]
             if e["node"]["version"] == 1]
    assert {a["id"] for a in old["actions"]} == {early["id"], housing["id"], police["id"],
                                                 late["id"]}
    [event] = [e for e in await audited(graph, "addPlanAction")
               if housing["id"] in e["subjectIds"]]
    assert (event["userId"], event["action"], event["fieldClasses"]) == (
        LEAD_OM, "COLLECTION", ["RISK_PLAN"])


async def test_the_owner_agency_sees_its_action_and_nothing_else_of_the_plan(as_: Any) -> None:
    case = await open_case(as_)
    await agree(as_, (await draft(as_, case))["id"])
    housing = await add_action(as_, case, "AG-DEMO-HOUSING", "Find move-on accommodation", 21)
    dwp = await add_action(as_, case, "AG-DEMO-DWP", "Check benefit claim address", 5)
    police = await add_action(as_, case, "AG-DEMO-POLICE", "Home visit", 10, officer=PPO)

    # Housing: involved, no RISK_PLAN; it sees its own action, not the police's.
    [seen] = await as_(HOUSING).actions_on(case.id)
    assert seen["id"] == housing["id"]
    assert (seen["text"], seen["dueOn"], seen["status"], seen["overdue"]) == (
        "Find move-on accommodation", due(21), "OPEN", False)
    assert seen["ownerAgency"]["id"] == "AG-DEMO-HOUSING"
    assert seen["offender"] == {"id": case.id, "name": "Callum Reyes"}  # IDENTITY, case seen
    assert seen["statusBy"] is None
    assert [(r["field"], r["fieldClass"]) for r in seen["redactions"]] == [
        ("statusBy", "RISK_PLAN")]
    assert (await as_(HOUSING).plan(case.id))["plan"] is None

    # DWP: not involved in the case; its action shows the case's id, never its name.
    [owed] = await as_(DWP).actions_on(case.id)
    assert owed["id"] == dwp["id"]
    assert owed["offender"] == {"id": case.id, "name": None}
    assert {r["field"] for r in owed["redactions"]} == {"offender.name", "statusBy"}

    # Children's services neither see the case nor own an action on it.
    assert await as_(CHILDRENS).actions_on(case.id) == []
    # Another agency's actions, by its id: only on cases whose plan the caller sees.
    assert await as_(HOUSING).actions_on(case.id, {"ownerAgencyId": "AG-DEMO-POLICE"}) == []
    [police_seen] = await as_(COORDINATOR).actions_on(case.id,
                                                      {"ownerAgencyId": "AG-DEMO-POLICE"})
    assert police_seen["id"] == police["id"]
    assert police_seen["ownerOfficer"] == {"id": PPO, "name": "DC Sarah Whitfield"}
    assert police_seen["redactions"] == []
    assert {a["id"] for a in await as_(LEAD_OM).actions_on(case.id)} == {
        housing["id"], dwp["id"], police["id"]}


async def test_the_owner_marks_its_action_done_but_may_not_cancel_it(
    as_: Any, graph: Graph
) -> None:
    case = await open_case(as_)
    await agree(as_, (await draft(as_, case))["id"])
    housing = await add_action(as_, case, "AG-DEMO-HOUSING", "Find move-on accommodation", 21)
    dwp = await add_action(as_, case, "AG-DEMO-DWP", "Check benefit claim address", 5)
    before = await snapshot(graph)
    body = await set_status(as_(HOUSING), housing["id"], "CANCELLED", "Not needed any more")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await snapshot(graph) == before

    done = (await set_status(as_(HOUSING), housing["id"], "DONE", "Bed space at Hulme AP"))
    assert "errors" not in done, done
    made = done["data"]["setActionStatus"]
    assert (made["status"], made["previousStatus"], made["statusBy"], made["outcome"]) == (
        "DONE", "OPEN", HOUSING, "Bed space at Hulme AP")
    [row] = await cypher(graph, "MATCH (a:PlanAction {id: $id}) RETURN a.status AS status, "
                                "a.statusBy AS by, a.statusByAgencyId AS agency",
                         id=housing["id"])
    assert row == {"status": "DONE", "by": HOUSING, "agency": "AG-DEMO-HOUSING"}
    # Not involved in the case, DWP marks its own action done too.
    assert "errors" not in await set_status(as_(DWP), dwp["id"], "DONE")
    [event] = [e for e in await audited(graph, "setActionStatus") if e["userId"] == DWP]
    assert (event["action"], event["outcome"]) == ("ALTERATION", "OK")
    assert set(event["subjectIds"]) == {case.id, dwp["id"]}
    [seen] = await as_(DWP).actions_on(case.id, {"status": "DONE"})
    assert seen["statusAt"] is not None


async def test_cancelling_and_reopening_are_for_the_lead_or_a_coordinator(
    as_: Any, graph: Graph
) -> None:
    case = await open_case(as_)
    await agree(as_, (await draft(as_, case))["id"])
    action = await add_action(as_, case, "AG-DEMO-HOUSING", "Find move-on accommodation", 21)
    before = await snapshot(graph)
    # The police are involved, but neither lead nor a coordinator.
    body = await set_status(as_(PPO), action["id"], "CANCELLED", "Plan changed")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = await set_status(as_(COORDINATOR), action["id"], "CANCELLED")
    assert extensions(body["errors"][0]) == {"code": "VALIDATION", "field": "input.outcome"}
    assert await snapshot(graph) == before
    cancelled = await set_status(as_(COORDINATOR), action["id"], "CANCELLED", "Plan changed")
    assert cancelled["data"]["setActionStatus"]["status"] == "CANCELLED"
    # Once cancelled, its owner may not mark it done; the lead may reopen it.
    body = await set_status(as_(HOUSING), action["id"], "DONE", "Done anyway")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    reopened = await set_status(as_(LEAD_OM), action["id"], "OPEN")
    assert reopened["data"]["setActionStatus"]["previousStatus"] == "CANCELLED"
    [seen] = await as_(HOUSING).actions_on(case.id, {"status": "OPEN"})
    assert seen["outcome"] is None


async def test_an_action_the_caller_may_not_see_is_not_found_as_a_missing_one(
    as_: Any, graph: Graph
) -> None:
    case = await open_case(as_)
    await agree(as_, (await draft(as_, case))["id"])
    police = await add_action(as_, case, "AG-DEMO-POLICE", "Home visit", 10)
    before = await snapshot(graph)
    missing = await set_status(as_(CHILDRENS), "PA-none", "DONE")
    for who in (CHILDRENS, DWP, HOUSING):  # housing sees the case, not the police's action
        hidden = await set_status(as_(who), police["id"], "DONE")
        assert without_ids(hidden) == without_ids(missing), who
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert missing["errors"][0]["message"] == "no such action"
    assert await snapshot(graph) == before


def without_ids(body: dict[str, Any]) -> Any:
    return [{"message": e["message"], "code": e["extensions"]["code"]} for e in body["errors"]]


@pytest.mark.parametrize(("change", "field"), [
    ({"ownerAgencyId": "AG-NOWHERE"}, "input.ownerAgencyId"),
    ({"ownerOfficerId": "demo.police.ppo"}, "input.ownerOfficerId"),  # not housing's
    ({"ownerOfficerId": "nobody.at.all"}, "input.ownerOfficerId"),
    ({"dueOn": (TODAY - timedelta(days=1)).isoformat()}, "input.dueOn"),
    ({"text": ""}, "input.text"),
])
async def test_add_plan_action_refuses_bad_input(
    as_: Any, graph: Graph, change: dict[str, Any], field: str
) -> None:
    case = await open_case(as_)
    await draft(as_, case)
    before = await snapshot(graph)
    code, message, named = await as_(LEAD_OM).refused("addPlanAction", {
        "offenderId": case.id, "text": "Find move-on accommodation",
        "ownerAgencyId": "AG-DEMO-HOUSING", "dueOn": due(7), **change})
    assert (code, named) == ("VALIDATION", field), message
    assert await snapshot(graph) == before


async def test_a_case_without_a_plan_takes_no_action(as_: Any, graph: Graph) -> None:
    case = await open_case(as_)
    before = await snapshot(graph)
    code, message, named = await as_(LEAD_OM).refused("addPlanAction", {
        "offenderId": case.id, "text": "Home visit", "ownerAgencyId": "AG-DEMO-POLICE",
        "dueOn": due(7)})
    assert (code, named) == ("VALIDATION", "input.offenderId")
    assert "draftPlan first" in message
    assert (await as_(HOUSING).refused("addPlanAction", {
        "offenderId": case.id, "text": "Home visit", "ownerAgencyId": "AG-DEMO-HOUSING",
        "dueOn": due(7)}))[0] == "FORBIDDEN"
    assert await snapshot(graph) == before


async def test_actions_filter_by_status_and_due_date_page_by_due_date(
    as_: Any, graph: Graph
) -> None:
    case = await open_case(as_)
    await agree(as_, (await draft(as_, case))["id"])
    made = [await add_action(as_, case, "AG-DEMO-PROBATION", f"Action {n}", n)
            for n in (3, 1, 9, 5)]
    # One overdue: as if due a week ago.
    await cypher(graph, "MATCH (a:PlanAction {id: $id}) SET a.dueOn = date() - duration('P7D')",
                 id=made[2]["id"])
    om = as_(LEAD_OM)
    mine = await om.actions_on(case.id)
    assert [a["text"] for a in mine] == ["Action 9", "Action 1", "Action 3", "Action 5"]
    assert [a["overdue"] for a in mine] == [True, False, False, False]
    this_week = await om.actions_on(case.id, {"ownerAgencyId": "AG-DEMO-PROBATION",
                                              "status": "OPEN", "dueBefore": due(4)})
    assert [a["text"] for a in this_week] == ["Action 9", "Action 1", "Action 3"]
    page = await om.actions({"ownerAgencyId": "AG-DEMO-PROBATION", "dueBefore": due(10)},
                            first=2)
    rest = await om.actions({"ownerAgencyId": "AG-DEMO-PROBATION", "dueBefore": due(10)},
                            first=100, after=page["pageInfo"]["endCursor"])
    paged = [e["node"]["id"] for e in page["edges"] + rest["edges"]]
    everything = [e["node"]["id"] for e in (await om.actions(
        {"ownerAgencyId": "AG-DEMO-PROBATION", "dueBefore": due(10)}))["edges"]]
    assert paged == everything
    assert page["pageInfo"]["hasNextPage"] is True
    body = await om.ask('{ actions(after: "bm9wZQ==") { edges { cursor } } }')
    assert extensions(body["errors"][0]) == {"code": "VALIDATION", "field": "after"}


async def test_writes_enqueue_the_case_for_its_alert_rules(as_: Any, graph: Graph) -> None:
    case = await open_case(as_)
    await cypher(graph, "MATCH (q:EvaluationRequest) SET q.pending = false")
    await agree(as_, (await draft(as_, case))["id"])
    action = await add_action(as_, case, "AG-DEMO-HOUSING", "Find move-on accommodation", 21)
    await cypher(graph, "MATCH (q:EvaluationRequest) SET q.pending = false")
    assert "errors" not in await set_status(as_(HOUSING), action["id"], "DONE")
    [row] = await cypher(graph, "MATCH (q:EvaluationRequest {offenderId: $id}) "
                                "RETURN q.pending AS pending", id=case.id)
    assert row["pending"] is True
