"""Break glass as hospitals run it (issue 19), through HTTP on the demo scenario: a justification
is a real sentence; an officer's active grants and grants a day are capped; the lead agency and
the case's MAPPA coordinators list the case's grants and read them on the EMERGENCY_ACCESS alert,
nobody else does; they revoke and review them (once, never their own), an UNJUSTIFIED review is
an audit event an auditor lists, and a grant left unreviewed past the window is overdue on
`alerts`.

DEMO-OFF-06 is led by probation; children's services and electronic monitoring are involved, the
police are not: demo.police.ppo breaks glass on it."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from app.access.tokens import issue_dev_token
from app.alerts.worker import sweep
from app.core.enums import Role
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.demo import PERSONAS
from seed.load import load_demo
from tests.api.client import extensions, http_client
from tests.graph import cypher, logged

CASE = "DEMO-OFF-06"
WHY = "Reported sighting near a school; urgent risk assessment."
GRANTEE = "demo.police.ppo"
LEAD_OM = "demo.probation.om"
LEAD_COORDINATOR = "demo.probation.coordinator"
PRISON_COORDINATOR = "test.prison.coordinator"  # of an agency involved in the case, not its lead
GRANT = ("id offenderId userId agencyId roles purpose justification grantedAt expiresAt "
         "revokedAt revokedBy review { outcome note reviewedBy reviewedAt }")
# Cases the police are not involved in.
UNPOLICED = ["DEMO-OFF-06", "DEMO-OFF-03", "DEMO-OFF-10", "DEMO-OFF-11"]


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, datetime.now(UTC).date())
    # No worker: `evaluate` runs the rules as `mappa alerts sweep` does, when the test says.
    async with http_client(settings.model_copy(update={"run_worker": False})) as c:
        yield c


class Caller:
    def __init__(self, client: httpx.AsyncClient, settings: Settings, user: str, agency: str,
                 role: str, purpose: str = "RISK_MANAGEMENT") -> None:
        token = issue_dev_token(settings, user, agency, [Role(role)])
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": purpose}

    async def ask(self, query: str, **variables: Any) -> dict[str, Any]:
        response = await self.client.post("/graphql", headers=self.headers,
                                          json={"query": query, "variables": variables})
        return dict(response.json())

    async def ok(self, query: str, **variables: Any) -> dict[str, Any]:
        body = await self.ask(query, **variables)
        assert "errors" not in body, body
        return dict(body["data"])

    async def refused(self, query: str, **variables: Any) -> tuple[str, str]:
        """(code, message) of the one error the operation answers with."""
        body = await self.ask(query, **variables)
        [error] = body["errors"]
        return error["extensions"]["code"], error["message"]

    async def request(self, offender_id: str = CASE, justification: str = WHY
                      ) -> dict[str, Any]:
        return await self.ask(
            f"mutation R($input: RequestEmergencyAccessInput!) {{ "
            f"requestEmergencyAccess(input: $input) {{ {GRANT} }} }}",
            input={"offenderId": offender_id, "justification": justification})

    async def grant(self, offender_id: str = CASE) -> dict[str, Any]:
        body = await self.request(offender_id)
        assert "errors" not in body, body
        return dict(body["data"]["requestEmergencyAccess"])

    async def revoke(self, grant_id: str) -> dict[str, Any]:
        return await self.ask(f"mutation V($id: ID!) {{ revokeEmergencyAccess(id: $id) "
                              f"{{ {GRANT} }} }}", id=grant_id)

    async def review(self, grant_id: str, outcome: str, note: str | None = None
                     ) -> dict[str, Any]:
        return await self.ask(
            f"mutation W($input: ReviewEmergencyAccessInput!) {{ "
            f"reviewEmergencyAccess(input: $input) {{ {GRANT} }} }}",
            input={"id": grant_id, "outcome": outcome, "note": note})

    async def grants(self, offender_id: str = CASE) -> dict[str, Any]:
        return await self.ask(
            f"query G($id: ID!) {{ emergencyGrants(offenderId: $id, first: 10) {{ "
            f"edges {{ cursor node {{ {GRANT} }} }} pageInfo {{ hasNextPage endCursor }} }} }}",
            id=offender_id)

    async def alerts(self, rule: str) -> list[dict[str, Any]]:
        data = await self.ok(
            "query A($rule: AlertRule) { alerts(filter: {rule: $rule}) { edges { node { "
            "rule severity status summary offender { id } emergencyGrant { id userId agencyId "
            "roles purpose justification } redactions { field fieldClass reason } } } } }",
            rule=rule)
        return [edge["node"] for edge in data["alerts"]["edges"]]


@pytest.fixture
def as_(client: httpx.AsyncClient, settings: Settings) -> Any:
    def caller(user: str, purpose: str = "RISK_MANAGEMENT") -> Caller:
        if user == PRISON_COORDINATOR:
            return Caller(client, settings, user, "AG-TEST-PRISON", "MAPPA_COORDINATOR", purpose)
        persona = next(p for p in PERSONAS if p.officer_id == user)
        return Caller(client, settings, user, persona.agency_id, persona.role, purpose)
    return caller


async def grants_in_graph(graph: Graph) -> int:
    [row] = await cypher(graph, "MATCH (g:EmergencyGrant) RETURN count(g) AS n")
    return int(row["n"])


async def involve_a_prison_coordinator(as_: Any) -> None:
    """A prison, with a MAPPA coordinator, involved in the case beside its lead."""
    admin = as_("demo.admin")
    await admin.ok('mutation { createAgency(input: {id: "AG-TEST-PRISON", name: "HMP Test", '
                   'kind: PRISON, area: "GMP"}) { id } }')
    await admin.ok(f'mutation {{ createCaseOfficer(input: {{id: "{PRISON_COORDINATOR}", '
                   f'name: "Pat Test", agencyId: "AG-TEST-PRISON", role: MAPPA_COORDINATOR}}) '
                   f'{{ id }} }}')
    await as_(LEAD_OM).ok(f'mutation {{ involveAgency(input: {{offenderId: "{CASE}", '
                          f'agencyId: "AG-TEST-PRISON", basis: "MAPPA_CATEGORY"}}) '
                          f'{{ agencyId }} }}')


async def backdate(graph: Graph, grant_id: str, hours: int) -> None:
    """As if the grant had been taken `hours` ago (and so expired after its four)."""
    await cypher(graph, "MATCH (g:EmergencyGrant {id: $id}) "
                        "SET g.grantedAt = datetime() - duration({hours: $hours}), "
                        "g.expiresAt = datetime() - duration({hours: $hours - 4})",
                 id=grant_id, hours=hours)


# A justification is a real sentence.

@pytest.mark.parametrize("justification", [
    "Urgent.", "Urgent check needed", "  Urgent  check  needed  ", "x" * 40, "urgent " * 2])
async def test_a_justification_shorter_than_a_sentence_is_refused(
    as_: Any, graph: Graph, justification: str
) -> None:
    body = await as_(GRANTEE).request(justification=justification)
    [error] = body["errors"]
    assert extensions(error) == {"code": "VALIDATION", "field": "input.justification"}
    assert "at least 20 characters" in error["message"]
    assert await grants_in_graph(graph) == 0


async def test_a_twenty_character_sentence_is_enough(as_: Any) -> None:
    body = await as_(GRANTEE).request(justification="Sighting near school")  # 20 characters
    assert "errors" not in body, body


# The caps.

async def test_an_officer_holds_at_most_three_active_grants(as_: Any, graph: Graph) -> None:
    ppo = as_(GRANTEE)
    held = [await ppo.grant(case) for case in UNPOLICED[:3]]
    code, message = await ppo.refused(
        "mutation { requestEmergencyAccess(input: {offenderId: \"DEMO-OFF-11\", "
        f"justification: \"{WHY}\"}}) {{ id }} }}")
    assert code == "FORBIDDEN", message
    assert "MAPPA_EMERGENCY_MAX_ACTIVE_GRANTS = 3" in message
    assert await grants_in_graph(graph) == 3
    # A grant revoked (or expired) no longer counts.
    assert "errors" not in await ppo.revoke(held[0]["id"])
    await ppo.grant("DEMO-OFF-11")
    await backdate(graph, held[1]["id"], hours=5)
    await ppo.grant(CASE)
    assert await grants_in_graph(graph) == 5


async def test_requests_at_once_cannot_pass_the_cap_together(as_: Any, graph: Graph) -> None:
    ppo = as_(GRANTEE)
    for case in UNPOLICED[:2]:
        await ppo.grant(case)
    answers = await asyncio.gather(*(ppo.request(case) for case in UNPOLICED * 2))
    codes = sorted(a["errors"][0]["extensions"]["code"] if "errors" in a else "OK"
                   for a in answers)
    assert codes == ["FORBIDDEN"] * 7 + ["OK"]
    assert await grants_in_graph(graph) == 3


async def test_an_officer_takes_at_most_ten_grants_a_day(as_: Any, graph: Graph) -> None:
    ppo = as_(GRANTEE)
    taken = []
    for n in range(10):
        grant = await ppo.grant(UNPOLICED[n % 4])
        assert "errors" not in await ppo.revoke(grant["id"])  # never near the active cap
        taken.append(grant["id"])
    code, message = await ppo.refused(
        "mutation { requestEmergencyAccess(input: {offenderId: \"DEMO-OFF-06\", "
        f"justification: \"{WHY}\"}}) {{ id }} }}")
    assert code == "FORBIDDEN"
    assert "MAPPA_EMERGENCY_MAX_GRANTS_PER_DAY = 10" in message
    assert await grants_in_graph(graph) == 10
    # The day is the last 24 hours: a grant taken before then no longer counts.
    await backdate(graph, taken[0], hours=25)
    await ppo.grant(CASE)


# Who lists a case's grants.

async def test_the_lead_agency_and_the_cases_coordinators_list_its_grants(
    as_: Any, graph: Graph, settings: Settings
) -> None:
    await involve_a_prison_coordinator(as_)
    grant = await as_(GRANTEE, purpose="SAFEGUARDING").grant()
    assert (grant["purpose"], grant["roles"], grant["justification"], grant["review"]) == (
        "SAFEGUARDING", ["PUBLIC_PROTECTION_OFFICER"], WHY, None)
    for reviewer in (LEAD_OM, LEAD_COORDINATOR, PRISON_COORDINATOR):
        body = await as_(reviewer).grants()
        assert "errors" not in body, (reviewer, body)
        page = body["data"]["emergencyGrants"]
        assert [edge["node"] for edge in page["edges"]] == [grant], reviewer
        assert page["pageInfo"]["hasNextPage"] is False
    # Revoked by the lead, it is listed with who revoked it and when.
    revoked = (await as_(LEAD_OM).revoke(grant["id"]))["data"]["revokeEmergencyAccess"]
    assert revoked["revokedBy"] == LEAD_OM
    listed = (await as_(LEAD_COORDINATOR).grants())["data"]["emergencyGrants"]["edges"]
    assert [edge["node"] for edge in listed] == [revoked]
    # Each listing is audited: what it showed, about whom.
    await logged(graph, settings)  # no worker runs here: the test's sequencer takes them in
    trail = await as_("demo.auditor", purpose="AUDIT").ok(
        "query T($user: String) { auditTrail(filter: {userId: $user}) { edges { node { "
        "operation subjectIds fieldClasses outcome } } } }", user=LEAD_COORDINATOR)
    assert trail["auditTrail"]["edges"][0]["node"] == {
        "operation": "query emergencyGrants", "subjectIds": sorted([CASE, grant["id"], GRANTEE]),
        "fieldClasses": ["MAPPA_STATUS"], "outcome": "OK"}


@pytest.mark.parametrize(("user", "code"), [
    (GRANTEE, "FORBIDDEN"),  # sees the case through the grant; reviews nothing
    ("demo.childrens.partner", "FORBIDDEN"),  # involved, but a partner agency
    ("demo.em.system", "FORBIDDEN"),
    ("demo.probation.vlo", "FORBIDDEN"),  # the lead agency, but not one of its case officers
    ("demo.police.analyst", "NOT_FOUND"),  # the grantee's colleague: the case is not theirs
    ("demo.housing.partner", "NOT_FOUND"),
    ("demo.auditor", "NOT_FOUND"),  # reads the audit trail, not cases
])
async def test_nobody_else_lists_a_cases_grants(as_: Any, user: str, code: str) -> None:
    await as_(GRANTEE).grant()
    body = await as_(user).grants()
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == code
    for told in (WHY, GRANTEE):
        assert told not in str(body)


async def test_the_grants_are_listed_newest_first_a_page_at_a_time(as_: Any) -> None:
    ppo = as_(GRANTEE)
    first = await ppo.grant()
    assert "errors" not in await ppo.revoke(first["id"])
    second = await ppo.grant()
    lead = as_(LEAD_OM)
    page = (await lead.ask("{ emergencyGrants(offenderId: \"DEMO-OFF-06\", first: 1) { "
                           "edges { node { id } } pageInfo { hasNextPage endCursor } } }"))
    connection = page["data"]["emergencyGrants"]
    assert [e["node"]["id"] for e in connection["edges"]] == [second["id"]]
    assert connection["pageInfo"]["hasNextPage"] is True
    rest = await lead.ok("query N($after: String) { emergencyGrants(offenderId: "
                         "\"DEMO-OFF-06\", first: 1, after: $after) { edges { node { id } } "
                         "pageInfo { hasNextPage } } }",
                         after=connection["pageInfo"]["endCursor"])
    assert [e["node"]["id"] for e in rest["emergencyGrants"]["edges"]] == [first["id"]]
    assert rest["emergencyGrants"]["pageInfo"]["hasNextPage"] is False


# The EMERGENCY_ACCESS alert.

async def test_the_alert_names_the_grant_its_holder_and_why_to_the_lead_only(
    as_: Any, graph: Graph, settings: Settings
) -> None:
    grant = await as_(GRANTEE).grant()
    await sweep(graph, settings)
    [alert] = await as_(LEAD_OM).alerts("EMERGENCY_ACCESS")
    assert alert["emergencyGrant"] == {
        "id": grant["id"], "userId": GRANTEE, "agencyId": "AG-DEMO-POLICE",
        "roles": ["PUBLIC_PROTECTION_OFFICER"], "purpose": "RISK_MANAGEMENT",
        "justification": WHY}
    for told in (grant["id"], GRANTEE, WHY):
        assert told in alert["summary"]
    assert alert["redactions"] == []
    # Children's services see the case and its alert, and learn only that a grant is reviewed.
    [seen] = await as_("demo.childrens.partner").alerts("EMERGENCY_ACCESS")
    assert (seen["rule"], seen["status"], seen["emergencyGrant"]) == (
        "EMERGENCY_ACCESS", "OPEN", None)
    assert seen["summary"] == ("An emergency access grant was used on this case: the lead "
                               "agency reviews it")
    assert [(r["field"], r["fieldClass"]) for r in seen["redactions"]] == [
        ("emergencyGrant", "MAPPA_STATUS")]
    [system] = await as_("demo.em.system").alerts("EMERGENCY_ACCESS")
    assert system["summary"] == "Access review on this case: contact the lead agency"
    for body in (seen, system):
        for told in (grant["id"], GRANTEE, WHY):
            assert told not in str(body)


# Review.

async def test_the_lead_reviews_a_grant_once_and_the_alert_is_resolved(
    as_: Any, graph: Graph, settings: Settings
) -> None:
    grant = await as_(GRANTEE).grant()
    await sweep(graph, settings)
    lead = as_(LEAD_OM)
    body = await lead.review(grant["id"], "JUSTIFIED")
    assert "errors" not in body, body
    reviewed = body["data"]["reviewEmergencyAccess"]
    assert reviewed["review"]["outcome"] == "JUSTIFIED"
    assert reviewed["review"]["reviewedBy"] == LEAD_OM
    assert reviewed["review"]["note"] is None
    assert reviewed["revokedAt"] is None  # a justified grant runs its course
    [listed] = (await lead.grants())["data"]["emergencyGrants"]["edges"]
    assert listed["node"]["review"] == reviewed["review"]
    # A review stands.
    again = await as_(LEAD_COORDINATOR).review(grant["id"], "UNJUSTIFIED", "Changed my mind.")
    assert again["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert "reviewed already" in again["errors"][0]["message"]
    # Reviewed, the grant's alert is resolved by the next evaluation (the write enqueued it).
    await sweep(graph, settings)
    [alert] = await lead.alerts("EMERGENCY_ACCESS")
    assert alert["status"] == "RESOLVED"


async def test_an_unjustified_review_revokes_the_grant_and_the_auditor_lists_it(
    as_: Any, graph: Graph, settings: Settings
) -> None:
    ppo = as_(GRANTEE)
    grant = await ppo.grant()
    case = "query C($id: ID!) { offender(id: $id) { id } }"
    assert (await ppo.ok(case, id=CASE))["offender"] == {"id": CASE}
    note = "No sighting was reported; the officer knows the family."
    body = await as_(LEAD_COORDINATOR).review(grant["id"], "UNJUSTIFIED", note)
    assert "errors" not in body, body
    reviewed = body["data"]["reviewEmergencyAccess"]
    assert reviewed["review"]["outcome"] == "UNJUSTIFIED"
    assert reviewed["review"]["note"] == note
    assert reviewed["revokedBy"] == LEAD_COORDINATOR
    assert (await ppo.ok(case, id=CASE))["offender"] is None  # the glass is mended at once

    auditor = as_("demo.auditor", purpose="AUDIT")
    await logged(graph, settings)  # no worker runs here: the test's sequencer takes them in
    found = await auditor.ok(
        "{ auditTrail(filter: {outcome: \"UNJUSTIFIED\"}) { edges { node { userId agencyId "
        "action operation subjectIds outcome } } } }")
    [event] = [edge["node"] for edge in found["auditTrail"]["edges"]]
    assert event == {
        "userId": LEAD_COORDINATOR, "agencyId": "AG-DEMO-PROBATION", "action": "ALTERATION",
        "operation": "mutation reviewEmergencyAccess",
        "subjectIds": sorted([CASE, grant["id"], GRANTEE]), "outcome": "UNJUSTIFIED"}
    # And by the officer found to have broken glass without cause.
    about = await auditor.ok(
        "query T($id: ID) { auditTrail(filter: {subjectId: $id}) { edges { node { outcome } } } }",
        id=GRANTEE)
    assert {"outcome": "UNJUSTIFIED"} in [edge["node"] for edge in about["auditTrail"]["edges"]]


async def test_an_unjustified_review_says_why(as_: Any, graph: Graph) -> None:
    grant = await as_(GRANTEE).grant()
    body = await as_(LEAD_OM).review(grant["id"], "UNJUSTIFIED")
    [error] = body["errors"]
    assert extensions(error) == {"code": "VALIDATION", "field": "input.note"}
    [row] = await cypher(graph, "MATCH (g:EmergencyGrant) RETURN g.reviewedAt AS at")
    assert row["at"] is None


@pytest.mark.parametrize(("user", "code"), [
    (GRANTEE, "FORBIDDEN"),  # never one's own
    ("demo.childrens.partner", "FORBIDDEN"),
    ("demo.probation.vlo", "FORBIDDEN"),
    ("demo.police.analyst", "NOT_FOUND"),
    ("demo.housing.partner", "NOT_FOUND"),
])
async def test_others_may_not_review_a_grant(
    as_: Any, graph: Graph, user: str, code: str
) -> None:
    grant = await as_(GRANTEE).grant()
    body = await as_(user).review(grant["id"], "JUSTIFIED")
    assert body["errors"][0]["extensions"]["code"] == code
    [row] = await cypher(graph, "MATCH (g:EmergencyGrant) RETURN g.reviewedAt AS at")
    assert row["at"] is None


# Overdue for review.

async def test_a_grant_unreviewed_past_the_window_is_overdue_on_alerts(
    as_: Any, graph: Graph, settings: Settings
) -> None:
    ppo = as_(GRANTEE)
    old, recent = await ppo.grant(), await ppo.grant()
    await backdate(graph, old["id"], hours=73)  # the window is 72 hours
    await backdate(graph, recent["id"], hours=71)
    await sweep(graph, settings)
    lead = as_(LEAD_OM)
    [overdue] = await lead.alerts("EMERGENCY_ACCESS_REVIEW_OVERDUE")
    assert (overdue["severity"], overdue["status"], overdue["offender"]["id"]) == (
        "MEDIUM", "OPEN", CASE)
    assert overdue["emergencyGrant"]["id"] == old["id"]
    assert old["id"] in overdue["summary"]
    assert "overdue for review" in overdue["summary"]
    [told] = await as_("demo.childrens.partner").alerts("EMERGENCY_ACCESS_REVIEW_OVERDUE")
    assert told["emergencyGrant"] is None
    assert old["id"] not in told["summary"]

    assert "errors" not in await lead.review(old["id"], "JUSTIFIED")
    await sweep(graph, settings)
    [resolved] = await lead.alerts("EMERGENCY_ACCESS_REVIEW_OVERDUE")
    assert resolved["status"] == "RESOLVED"
