"""MAPPA level 2 and 3 meetings (issue 22) through HTTP against the demo scenario: scheduling,
invitations, agenda, attendance, decisions and cancelling; who sees a meeting and its agenda;
the MAPPA_MEETING involvement an invitation gives, and its lapse at the meeting's date plus
28 days with no write; bad input named by field and writing nothing."""

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.load import load_demo
from tests.api.client import http_client
from tests.api.test_mutations import Caller, assert_invalid, assert_refused, pending
from tests.graph import cypher

TODAY = datetime.now(UTC).date()
COORDINATOR = "demo.probation.coordinator"
PROBATION, DWP, HOUSING = "AG-DEMO-PROBATION", "AG-DEMO-DWP", "AG-DEMO-HOUSING"
MEETING = """
query Meeting($id: ID!) {
  meeting(id: $id) {
    id level area date status chair { id role } invited { agency { id } attended }
    attending { id }
    agenda {
      position offender { id name level }
      openAlerts { edges { node { rule status } } }
      decision { levelBefore level nextReviewDate decidedAt }
      minutes complianceSince { kind }
      redactions { field fieldClass }
    }
  }
}"""


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, TODAY)
    async with http_client(settings.model_copy(update={"run_worker": False})) as c:
        yield c


class Officer(Caller):
    async def query(self, query: str, **variables: Any) -> dict[str, Any]:
        response = await self.client.post("/graphql", headers=self.headers,
                                          json={"query": query, "variables": variables})
        body = dict(response.json())
        assert "errors" not in body, body
        return dict(body["data"])

    async def meeting(self, meeting_id: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = (await self.query(MEETING, id=meeting_id))["meeting"]
        return found

    async def sees(self, offender_id: str) -> bool:
        data = await self.query("query O($id: ID!) { offender(id: $id) { id } }", id=offender_id)
        return data["offender"] is not None

    async def schedule(self, **given: Any) -> str:
        input_ = {"level": "LEVEL_2", "area": "GMP", "date": str(TODAY + timedelta(days=7)),
                  "chairId": COORDINATOR, **given}
        made = await self.ok("scheduleMeeting", input_, "meetingId status")
        assert made["status"] == "SCHEDULED"
        return str(made["meetingId"])


@pytest.fixture
def as_(client: httpx.AsyncClient, settings: Settings) -> Any:
    return lambda officer_id: Officer(client, settings, officer_id)


async def involvement(graph: Graph, agency_id: str, offender_id: str) -> list[dict[str, Any]]:
    return await cypher(graph, """
        MATCH (:Agency {id: $agency})-[i:INVOLVED_IN]->(:Offender {id: $offender})
        RETURN i.basis AS basis, i.meetingId AS meetingId, i.since AS since, i.until AS until,
               i.agencyId AS agencyId, i.offenderId AS offenderId
        ORDER BY i.since""", agency=agency_id, offender=offender_id)


def day(value: Any) -> date:
    return date.fromisoformat(str(value))


async def test_a_meeting_is_scheduled_with_its_agenda_and_read_by_the_invited(
    as_: Any, graph: Graph
) -> None:
    coordinator, dwp = as_(COORDINATOR), as_("demo.dwp.partner")
    assert not await dwp.sees("DEMO-OFF-01")
    await cypher(graph, """
        MATCH (o:Offender {id: 'DEMO-OFF-01'})
        UNWIND [['OPEN', 1], ['RESOLVED', 2]] AS alert
        CREATE (a:Alert {id: 'AL-T' + alert[1], sequence: alert[1], rule: 'NON_COMPLIANCE',
                         severity: 'HIGH', status: alert[0], dedupeKey: 'T|' + alert[1],
                         raisedAt: datetime()})
        CREATE (a)-[:CONCERNS {role: 'OFFENDER'}]->(o)""")
    meeting_id = await coordinator.schedule(invitedAgencyIds=[PROBATION, DWP],
                                            offenderIds=["DEMO-OFF-01", "DEMO-OFF-14"])
    assert {"DEMO-OFF-01", "DEMO-OFF-14"} <= await pending(graph)

    seen = await coordinator.meeting(meeting_id)
    assert seen is not None
    assert (seen["level"], seen["area"], seen["status"]) == ("LEVEL_2", "GMP", "SCHEDULED")
    assert seen["chair"] == {"id": COORDINATOR, "role": "MAPPA_COORDINATOR"}
    assert [i["agency"]["id"] for i in seen["invited"]] == [DWP, PROBATION]
    assert seen["attending"] == []
    first, second = seen["agenda"]
    assert (first["position"], first["offender"]["id"]) == (1, "DEMO-OFF-01")
    assert first["offender"]["name"] == "Darren Holt"
    assert first["decision"] is None
    assert first["redactions"] == []
    assert [a["node"] for a in first["openAlerts"]["edges"]] == [
        {"rule": "NON_COMPLIANCE", "status": "OPEN"}]
    # Three missed appointments in 20 days (25, 14 and 6 days ago); the demo's level 2 meeting
    # 21 days ago considered the case: the two since then.
    assert [e["kind"] for e in second["complianceSince"]] == ["MISSED_APPOINTMENT"] * 2

    # DWP, invited, is now involved in both cases until the meeting's date plus 28 days.
    [given] = await involvement(graph, DWP, "DEMO-OFF-01")
    assert given["basis"] == "MAPPA_MEETING"
    assert given["meetingId"] == meeting_id
    assert day(given["until"]) == TODAY + timedelta(days=7 + 28)
    assert (given["agencyId"], given["offenderId"]) == (DWP, "DEMO-OFF-01")
    assert await dwp.sees("DEMO-OFF-01")
    seen_by_dwp = await dwp.meeting(meeting_id)
    assert seen_by_dwp is not None
    item = seen_by_dwp["agenda"][0]
    assert item["offender"]["name"] == "Darren Holt"  # DWP's IDENTITY
    assert item["complianceSince"] is None
    assert item["minutes"] is None
    assert {r["field"] for r in item["redactions"]} == {"minutes", "complianceSince",
                                                       "decision.plan"}
    # Probation was involved already: its involvement is untouched.
    assert [i["basis"] for i in await involvement(graph, PROBATION, "DEMO-OFF-01")] \
        != ["MAPPA_MEETING"]


async def test_an_invitation_lapses_at_the_meeting_date_plus_28_days(
    as_: Any, graph: Graph
) -> None:
    coordinator, dwp = as_(COORDINATOR), as_("demo.dwp.partner")
    # Held 27 days ago: DWP keeps the case until tomorrow.
    recent = await coordinator.schedule(date=str(TODAY - timedelta(days=27)),
                                        invitedAgencyIds=[DWP], offenderIds=["DEMO-OFF-01"])
    assert await dwp.sees("DEMO-OFF-01")
    # Held 28 days ago: the involvement would end today, so it gives nothing.
    lapsed = await coordinator.schedule(date=str(TODAY - timedelta(days=28)),
                                        invitedAgencyIds=[DWP], offenderIds=["DEMO-OFF-02"])
    assert not await dwp.sees("DEMO-OFF-02")
    assert await involvement(graph, DWP, "DEMO-OFF-02") == []
    # DWP still sees the meeting it was invited to, but not the case it no longer may see.
    old = await dwp.meeting(lapsed)
    assert old is not None
    assert old["agenda"] == []
    # The day comes with no write: move the recent one's end to today, as time would.
    await cypher(graph, "MATCH ()-[i:INVOLVED_IN {meetingId: $id}]->() SET i.until = date()",
                 id=recent)
    assert not await dwp.sees("DEMO-OFF-01")
    old = await dwp.meeting(recent)
    assert old is not None
    assert old["agenda"] == []


async def test_a_later_invitation_extends_the_involvement(as_: Any, graph: Graph) -> None:
    coordinator = as_(COORDINATOR)
    await coordinator.schedule(invitedAgencyIds=[DWP], offenderIds=["DEMO-OFF-02"])
    later = await coordinator.schedule(date=str(TODAY + timedelta(days=35)),
                                       offenderIds=["DEMO-OFF-02"])
    await coordinator.ok("inviteToMeeting", {"meetingId": later, "agencyIds": [DWP, HOUSING]})
    [open_one] = await involvement(graph, DWP, "DEMO-OFF-02")
    assert day(open_one["until"]) == TODAY + timedelta(days=35 + 28)
    assert open_one["meetingId"] == later
    assert await as_("demo.housing.partner").sees("DEMO-OFF-02")
    # Housing's own involvement in DEMO-OFF-01 is of another basis, and kept as it was.
    before = await involvement(graph, HOUSING, "DEMO-OFF-01")
    await coordinator.ok("addAgendaCase", {"meetingId": later, "offenderId": "DEMO-OFF-01"})
    assert await involvement(graph, HOUSING, "DEMO-OFF-01") == before
    seen = await coordinator.meeting(later)
    assert seen is not None
    assert [i["offender"]["id"] for i in seen["agenda"]] == ["DEMO-OFF-02", "DEMO-OFF-01"]


async def test_agencies_not_invited_see_neither_the_meeting_nor_its_cases(as_: Any) -> None:
    coordinator, housing = as_(COORDINATOR), as_("demo.housing.partner")
    meeting_id = await coordinator.schedule(invitedAgencyIds=[DWP], offenderIds=["DEMO-OFF-02"])
    assert await housing.meeting(meeting_id) is None
    assert await housing.meeting("MTG-no-such") is None
    listed = await housing.query("{ meetings { edges { node { id } } } }")
    assert listed["meetings"]["edges"] == []
    assert not await housing.sees("DEMO-OFF-02")
    # A police officer not invited sees nothing of it either; a police coordinator in the
    # area would (the area's MAPPA coordinators see its meetings).
    assert await as_("demo.police.ppo").meeting(meeting_id) is None


async def test_meetings_are_listed_by_date_and_filtered(as_: Any, graph: Graph) -> None:
    coordinator = as_(COORDINATOR)
    # Only the meetings this test schedules (not the demo's).
    await cypher(graph, "MATCH (m:MappaMeeting) DETACH DELETE m")
    dates = [TODAY + timedelta(days=d) for d in (14, 7, 21)]
    ids = [await coordinator.schedule(date=str(d), level=level)
           for d, level in zip(dates, ("LEVEL_2", "LEVEL_3", "LEVEL_2"), strict=True)]
    page = await coordinator.query(
        "{ meetings(first: 2) { edges { node { id date } } pageInfo { hasNextPage endCursor } } }")
    assert [e["node"]["id"] for e in page["meetings"]["edges"]] == [ids[1], ids[0]]
    assert page["meetings"]["pageInfo"]["hasNextPage"]
    rest = await coordinator.query(
        "query M($after: String) { meetings(first: 2, after: $after) { edges { node { id } } "
        "pageInfo { hasNextPage } } }", after=page["meetings"]["pageInfo"]["endCursor"])
    assert [e["node"]["id"] for e in rest["meetings"]["edges"]] == [ids[2]]
    assert not rest["meetings"]["pageInfo"]["hasNextPage"]
    query = ("query M($filter: MeetingFilter) { meetings(filter: $filter) { edges { node { id } "
             "} } }")
    narrowed = await coordinator.query(query, filter={
        "area": "GMP", "from": str(dates[1] + timedelta(days=1)), "level": "LEVEL_2"})
    assert [e["node"]["id"] for e in narrowed["meetings"]["edges"]] == [ids[0], ids[2]]
    narrowed = await coordinator.query(query, filter={"to": str(dates[1])})
    assert [e["node"]["id"] for e in narrowed["meetings"]["edges"]] == [ids[1]]
    elsewhere = await coordinator.query(query, filter={"area": "WMP"})
    assert elsewhere["meetings"]["edges"] == []
    response = await coordinator.client.post("/graphql", headers=coordinator.headers, json={
        "query": query,
        "variables": {"filter": {"from": str(TODAY), "to": str(TODAY - timedelta(days=1))}}})
    [error] = response.json()["errors"]
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION",
                                                                          "filter.to")


async def test_a_decision_sets_the_level_as_made_at_the_meeting(as_: Any, graph: Graph) -> None:
    coordinator = as_(COORDINATOR)
    meeting_id = await coordinator.schedule(invitedAgencyIds=[PROBATION, DWP],
                                            offenderIds=["DEMO-OFF-14"])
    await coordinator.ok("recordAttendance", {"meetingId": meeting_id, "agencyIds": [PROBATION]})
    review = TODAY + timedelta(days=90)
    decided = await coordinator.ok("recordMeetingDecision", {
        "meetingId": meeting_id, "offenderId": "DEMO-OFF-14", "level": "LEVEL_3",
        "levelReason": "Escalating non-compliance and a HIGH RoSH", "nextReviewDate": str(review),
        "minutes": "Agreed: level 3, weekly contact, review in 90 days."},
        "meetingId offenderId levelBefore level nextReviewDate")
    assert decided == {"meetingId": meeting_id, "offenderId": "DEMO-OFF-14",
                       "levelBefore": "LEVEL_2", "level": "LEVEL_3",
                       "nextReviewDate": str(review)}
    [case] = await cypher(graph, "MATCH (o:Offender {id: 'DEMO-OFF-14'}) RETURN o.level AS level,"
                                 " o.levelReason AS reason, o.levelMeetingId AS meetingId, "
                                 "o.reviewDate AS reviewDate")
    assert (case["level"], case["meetingId"], day(case["reviewDate"])) == (
        "LEVEL_3", meeting_id, review)
    assert "DEMO-OFF-14" in await pending(graph)
    [event] = await cypher(graph, "MATCH (e:AuditEvent) WHERE e.operation = "
                                  "'mutation recordMeetingDecision' RETURN e.subjectIds AS ids, "
                                  "e.action AS action, e.outcome AS outcome")
    assert set(event["ids"]) == {meeting_id, "DEMO-OFF-14"}
    assert (event["action"], event["outcome"]) == ("ALTERATION", "OK")

    seen = await coordinator.meeting(meeting_id)
    assert seen is not None
    assert seen["status"] == "HELD"
    assert seen["attending"] == [{"id": PROBATION}]
    [item] = seen["agenda"]
    assert item["decision"]["levelBefore"] == "LEVEL_2"
    assert item["decision"]["level"] == "LEVEL_3"
    assert item["decision"]["decidedAt"]
    assert item["minutes"].startswith("Agreed: level 3")
    assert item["offender"]["level"] == "LEVEL_3"
    # A decision stands; a held meeting is not cancelled.
    code, _ = await coordinator.refused("recordMeetingDecision", {
        "meetingId": meeting_id, "offenderId": "DEMO-OFF-14", "level": "LEVEL_2",
        "levelReason": "Second thoughts", "nextReviewDate": str(review)})
    assert code == "CONFLICT"
    assert (await coordinator.refused("cancelMeeting", {
        "meetingId": meeting_id, "reason": "Too late"}))[0] == "CONFLICT"


async def test_cancelling_ends_the_involvements_it_gave(as_: Any, graph: Graph) -> None:
    coordinator, dwp = as_(COORDINATOR), as_("demo.dwp.partner")
    meeting_id = await coordinator.schedule(invitedAgencyIds=[DWP],
                                            offenderIds=["DEMO-OFF-02", "DEMO-OFF-11"])
    assert await dwp.sees("DEMO-OFF-02")
    own = await involvement(graph, DWP, "DEMO-OFF-11")
    assert [i["basis"] for i in own] == ["DUTY_TO_COOPERATE"]
    cancelled = await coordinator.ok("cancelMeeting", {"meetingId": meeting_id,
                                                       "reason": "Chair unavailable"}, "status")
    assert cancelled == {"status": "CANCELLED"}
    assert not await dwp.sees("DEMO-OFF-02")
    [ended] = await involvement(graph, DWP, "DEMO-OFF-02")
    assert day(ended["until"]) == TODAY
    assert await involvement(graph, DWP, "DEMO-OFF-11") == own  # another basis: untouched
    assert await dwp.sees("DEMO-OFF-11")
    seen = await coordinator.meeting(meeting_id)
    assert seen is not None
    assert seen["status"] == "CANCELLED"
    # Another meeting still inviting the agency to the case keeps it involved until its end.
    standing = await coordinator.schedule(invitedAgencyIds=[DWP], offenderIds=["DEMO-OFF-01"])
    later = await coordinator.schedule(date=str(TODAY + timedelta(days=30)),
                                       invitedAgencyIds=[DWP], offenderIds=["DEMO-OFF-01"])
    await coordinator.ok("cancelMeeting", {"meetingId": later, "reason": "Merged"})
    [kept] = await involvement(graph, DWP, "DEMO-OFF-01")
    assert (kept["meetingId"], day(kept["until"])) == (standing, TODAY + timedelta(days=7 + 28))
    assert await dwp.sees("DEMO-OFF-01")
    for write, input_ in (
        ("inviteToMeeting", {"meetingId": meeting_id, "agencyIds": [HOUSING]}),
        ("addAgendaCase", {"meetingId": meeting_id, "offenderId": "DEMO-OFF-01"}),
        ("cancelMeeting", {"meetingId": meeting_id, "reason": "Again"}),
    ):
        await assert_refused(graph, coordinator, write, input_, "CONFLICT")


async def test_bad_input_is_named_and_writes_nothing(as_: Any, graph: Graph) -> None:
    coordinator = as_(COORDINATOR)
    police = as_("demo.police.ppo")
    hidden = (await police.ok("createOffender", {
        "name": "Hidden Case", "dateOfBirth": "1980-01-01", "category": "CATEGORY_2",
        "level": "LEVEL_2"}, "id"))["id"]
    schedule = {"level": "LEVEL_2", "area": "GMP", "date": str(TODAY + timedelta(days=7)),
                "chairId": COORDINATOR}
    for given, field in (
        ({"level": "LEVEL_1"}, "input.level"),
        ({"chairId": "demo.probation.om"}, "input.chairId"),
        ({"chairId": "nobody"}, "input.chairId"),
        ({"invitedAgencyIds": [DWP, "AG-NONE"]}, "input.invitedAgencyIds.1"),
        ({"invitedAgencyIds": [DWP, DWP]}, "input.invitedAgencyIds.1"),
        ({"offenderIds": [hidden]}, "input.offenderIds.0"),
        ({"offenderIds": ["DEMO-OFF-01", "OFF-NONE"]}, "input.offenderIds.1"),
        ({"date": "1899-12-31"}, "input.date"),
    ):
        await assert_invalid(graph, coordinator, "scheduleMeeting", {**schedule, **given}, field)
    # An invisible case is refused in the same words as a missing one.
    assert (await coordinator.refused("scheduleMeeting", {**schedule, "offenderIds": [hidden]})
            )[1] == (await coordinator.refused("scheduleMeeting", {
                **schedule, "offenderIds": ["OFF-NONE"]}))[1]

    meeting_id = await coordinator.schedule(invitedAgencyIds=[DWP], offenderIds=["DEMO-OFF-01"])
    await assert_invalid(graph, coordinator, "recordAttendance",
                         {"meetingId": meeting_id, "agencyIds": [HOUSING]}, "input.agencyIds.0")
    await assert_invalid(graph, coordinator, "inviteToMeeting",
                         {"meetingId": meeting_id, "agencyIds": ["AG-NONE"]}, "input.agencyIds.0")
    decision = {"meetingId": meeting_id, "offenderId": "DEMO-OFF-01", "level": "LEVEL_2",
                "levelReason": "Stays at level 2", "nextReviewDate": str(TODAY)}
    await assert_invalid(graph, coordinator, "recordMeetingDecision", decision,
                         "input.nextReviewDate")
    await assert_invalid(graph, coordinator, "recordMeetingDecision",
                         {**decision, "offenderId": "DEMO-OFF-02",
                          "nextReviewDate": str(TODAY + timedelta(days=60))}, "input.offenderId")
    await assert_refused(graph, coordinator, "recordMeetingDecision",
                         {**decision, "offenderId": hidden}, "NOT_FOUND")
    await assert_refused(graph, coordinator, "addAgendaCase",
                         {"meetingId": meeting_id, "offenderId": hidden}, "NOT_FOUND")
    await assert_refused(graph, coordinator, "addAgendaCase",
                         {"meetingId": meeting_id, "offenderId": "DEMO-OFF-01"}, "CONFLICT")
    await assert_refused(graph, coordinator, "inviteToMeeting",
                         {"meetingId": "MTG-none", "agencyIds": [DWP]}, "NOT_FOUND")
    # MAPPA_MEETING involvements come from invitations only.
    await assert_invalid(graph, coordinator, "involveAgency", {
        "offenderId": "DEMO-OFF-01", "agencyId": DWP, "basis": "MAPPA_MEETING"}, "input.basis")


async def test_only_the_areas_coordinators_write_meetings(as_: Any, graph: Graph) -> None:
    coordinator = as_(COORDINATOR)
    meeting_id = await coordinator.schedule(invitedAgencyIds=[DWP], offenderIds=["DEMO-OFF-01"])
    schedule = {"level": "LEVEL_2", "area": "GMP", "date": str(TODAY), "chairId": COORDINATOR}
    # Told whatever it sent: a police officer may not schedule meetings.
    await assert_refused(graph, as_("demo.police.ppo"), "scheduleMeeting",
                         {**schedule, "level": "LEVEL_9"}, "FORBIDDEN")
    # Another area's meeting is not the coordinator's to schedule.
    await assert_refused(graph, coordinator, "scheduleMeeting", {**schedule, "area": "WMP"},
                         "FORBIDDEN")
    # DWP sees the meeting it was invited to but may not change it; housing does not see it.
    await assert_refused(graph, as_("demo.dwp.partner"), "cancelMeeting",
                         {"meetingId": meeting_id, "reason": "Not ours"}, "FORBIDDEN")
    await assert_refused(graph, as_("demo.housing.partner"), "cancelMeeting",
                         {"meetingId": meeting_id, "reason": "Not ours"}, "NOT_FOUND")


PLAN_QUERY = """
query Meeting($id: ID!) {
  meeting(id: $id) {
    agenda {
      offender { id }
      decision { plan { id status current agreedAtMeeting { id } } actions { id text dueOn
                 ownerAgency { id } } }
      overdueActions { id text overdue }
      redactions { field }
    }
  }
}"""


async def test_a_decision_agrees_the_plan_and_creates_actions(as_: Any, graph: Graph) -> None:
    coordinator, dwp = as_(COORDINATOR), as_("demo.dwp.partner")
    case = "DEMO-OFF-14"
    drafted = await coordinator.ok("draftPlan", {
        "offenderId": case, "summary": "Weekly contact; curfew kept",
        "reviewDate": str(TODAY + timedelta(days=90)), "measures": []}, "id")
    await coordinator.ok("addPlanAction", {
        "offenderId": case, "text": "Confirm the tenancy", "ownerAgencyId": HOUSING,
        "dueOn": str(TODAY)})
    # The action falls due: an OPEN action past its date is on the agenda as overdue.
    await cypher(graph, "MATCH (a:PlanAction {offenderId: $case, text: 'Confirm the tenancy'}) "
                        "SET a.dueOn = date() - duration({days: 3})", case=case)
    meeting_id = await coordinator.schedule(invitedAgencyIds=[PROBATION, DWP],
                                            offenderIds=[case])
    decision = {"meetingId": meeting_id, "offenderId": case, "level": "LEVEL_2",
                "levelReason": "Stays at level 2", "nextReviewDate":
                str(TODAY + timedelta(days=60)), "planId": drafted["id"]}
    # One bad action refuses the whole decision: no level, no plan, no action written.
    await assert_invalid(graph, coordinator, "recordMeetingDecision", {**decision, "actions": [
        {"text": "Benefits check", "ownerAgencyId": DWP, "dueOn": str(TODAY)},
        {"text": "Home visit", "ownerAgencyId": "AG-NONE", "dueOn": str(TODAY)}]},
        "input.actions.1.ownerAgencyId")
    await assert_invalid(graph, coordinator, "recordMeetingDecision", {**decision, "actions": [
        {"text": "Benefits check", "ownerAgencyId": DWP,
         "dueOn": str(TODAY - timedelta(days=1))}]}, "input.actions.0.dueOn")
    decided = await coordinator.ok("recordMeetingDecision", {**decision, "actions": [
        {"text": "Benefits check", "ownerAgencyId": DWP,
         "dueOn": str(TODAY + timedelta(days=14))}]}, "planId actionIds")
    assert decided["planId"] == drafted["id"]
    [action_id] = decided["actionIds"]
    [event] = await cypher(graph, "MATCH (e:AuditEvent) WHERE e.operation = "
                                  "'mutation recordMeetingDecision' AND e.outcome = 'OK' "
                                  "RETURN e.subjectIds AS ids")
    assert set(event["ids"]) == {meeting_id, case, drafted["id"], action_id}

    seen = (await coordinator.query(PLAN_QUERY, id=meeting_id))["meeting"]
    [item] = seen["agenda"]
    assert item["decision"]["plan"] == {"id": drafted["id"], "status": "AGREED",
                                        "current": True, "agreedAtMeeting": {"id": meeting_id}}
    assert [(a["id"], a["ownerAgency"]["id"]) for a in item["decision"]["actions"]] == [
        (action_id, DWP)]
    # By due date: this one, then the demo's police action overdue by two days.
    assert [(a["text"], a["overdue"]) for a in item["overdueActions"]] == [
        ("Confirm the tenancy", True),
        ("Check the Approved Premises sign-in log for the missed evenings.", True)]
    # DWP, invited, sees the case but not its plan: only the action it owes.
    seen = (await dwp.query(PLAN_QUERY, id=meeting_id))["meeting"]
    [item] = seen["agenda"]
    assert item["decision"]["plan"] is None
    assert "decision.plan" in {r["field"] for r in item["redactions"]}
    assert [a["id"] for a in item["decision"]["actions"]] == [action_id]
    assert item["overdueActions"] == []  # housing's, not DWP's
