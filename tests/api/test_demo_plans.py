"""The demo's plans and meetings as its personas meet them, through HTTP: the MAPPA coordinator's
next meeting is next week's level 2 meeting, with its four cases, their overdue actions and the
decisions of last month's; housing sees the one action it owns, and not the plan it belongs to;
the prison, invited, sees a case it is involved in only through the invitation."""

from datetime import timedelta
from typing import Any

from seed.demo import COORDINATOR, HOUSING_ACTION, LAST_MEETING, NEXT_MEETING
from tests.api.test_meetings import TODAY, as_, client  # noqa: F401 - the fixtures

NEXT = """query Next($from: Date!) { meetings(filter: {from: $from}, first: 5) { edges { node {
  id level area date status chair { id }
  agenda { offender { id name level } overdueActions { id ownerAgency { id } }
           decision { level } } } } } }"""
LAST = """query Last($id: ID!) { meeting(id: $id) { status agenda { offender { id }
  decision { levelBefore level nextReviewDate plan { id version current } actions { id } }
  minutes } } }"""
OWED = """query Owed($agency: ID!) { actions(filter: {ownerAgencyId: $agency}) { edges { node {
  id text status overdue offender { id name } ownerAgency { id } } } } }"""
PLAN = """query Plan($id: ID!) { offender(id: $id) { id name plan { id }
  redactions { field fieldClass } } }"""


async def test_the_coordinators_next_meeting_is_next_weeks_level_2(as_: Any) -> None:  # noqa: F811
    coordinator = as_(COORDINATOR)
    edges = (await coordinator.query(NEXT, **{"from": str(TODAY)}))["meetings"]["edges"]
    meeting = edges[0]["node"]
    assert (meeting["id"], meeting["level"], meeting["area"], meeting["status"]) == (
        NEXT_MEETING, "LEVEL_2", "GMP", "SCHEDULED")
    assert meeting["date"] == str(TODAY + timedelta(days=7))
    assert meeting["chair"] == {"id": COORDINATOR}
    agenda = {item["offender"]["id"]: item for item in meeting["agenda"]}
    assert sorted(agenda) == ["DEMO-OFF-01", "DEMO-OFF-09", "DEMO-OFF-12", "DEMO-OFF-14"]
    assert {item["offender"]["level"] for item in agenda.values()} == {"LEVEL_2"}
    assert all(item["decision"] is None for item in agenda.values())
    assert [a["ownerAgency"]["id"] for a in agenda["DEMO-OFF-01"]["overdueActions"]] == [
        "AG-DEMO-POLICE"]
    # Last month's meeting agreed the current plans, with the actions each created.
    held = (await coordinator.query(LAST, id=LAST_MEETING))["meeting"]
    assert held["status"] == "HELD"
    for item in held["agenda"]:
        decision = item["decision"]
        assert (decision["levelBefore"], decision["level"]) == ("LEVEL_2", "LEVEL_2")
        assert decision["nextReviewDate"] == str(TODAY + timedelta(days=7))
        assert decision["plan"]["current"]
        assert decision["actions"]
        assert item["minutes"]


async def test_housing_sees_its_one_action_but_not_the_plan(as_: Any) -> None:  # noqa: F811
    housing = as_("demo.housing.partner")
    owed = (await housing.query(OWED, agency="AG-DEMO-HOUSING"))["actions"]["edges"]
    assert [(e["node"]["id"], e["node"]["status"], e["node"]["offender"]["name"])
            for e in owed] == [(HOUSING_ACTION, "OPEN", "Darren Holt")]
    case = (await housing.query(PLAN, id="DEMO-OFF-01"))["offender"]
    assert case["name"] == "Darren Holt"
    assert case["plan"] is None
    assert {"field": "plan", "fieldClass": "RISK_PLAN"} in case["redactions"]
    meetings = await housing.query(NEXT, **{"from": str(TODAY)})
    assert meetings["meetings"]["edges"] == []


async def test_the_invited_prison_sees_a_case_through_the_invitation_only(
    as_: Any,  # noqa: F811
) -> None:
    prison = as_("demo.prison.om")
    assert await prison.sees("DEMO-OFF-09")  # invited to next week's meeting, which considers it
    assert not await prison.sees("DEMO-OFF-06")  # on no meeting, not involved
    edges = (await prison.query(NEXT, **{"from": str(TODAY)}))["meetings"]["edges"]
    assert NEXT_MEETING in [e["node"]["id"] for e in edges]
