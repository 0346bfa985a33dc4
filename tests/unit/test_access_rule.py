"""Which cases a caller may see is written once, in queries/_fragments/visible_case.cypher (with
the open involvement and the caller's involvement it builds on, and person_kind for the people
around a case), and every query splices it: none carries its own copy of any part of it. So is
the owner exception of plan actions (owned_action.cypher: an agency sees the actions it owns),
and who sees a MAPPA meeting (meeting_visible.cypher: invited, or the area's coordinator)."""

import re
from pathlib import Path

import pytest

from app.platform.neo4j.registry import FRAGMENTS_DIR, load_fragments
from app.queries import load_all_queries
from app.settings import PROJECT_ROOT

QUERIES = PROJECT_ROOT / "queries"
QUERY_FILES = sorted(p for p in QUERIES.rglob("*.cypher")
                     if p.relative_to(QUERIES).parts[0] != FRAGMENTS_DIR)

_STRINGS_AND_COMMENTS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*")
# A subquery that tests for a pattern: where a visibility test is written.
_TEST_BLOCK = re.compile(r"\b(?:EXISTS|COUNT)\s*\{")
# The parts of the rule, each written only in its fragment.
_OWN_COPIES = {
    "an open-involvement test (use @open_involvement)": re.compile(
        r"\.until\s+IS\s+NULL|\.until\s*>\s*date\(\)"),
    "an active-grant test (use @active_grant)": re.compile(
        r"\.revokedAt\s+IS\s+NULL|\.expiresAt\s*>"),
    "an owned-action test (use @owned_action or @visible_action)": re.compile(
        r"\.ownerAgencyId\s*=\s*\$agencyId\b|\$agencyId\s*=\s*\w+\.ownerAgencyId\b"),
    "a case officer found by the caller's id beside MANAGES (MANAGES gives nothing)": re.compile(
        r"\{[^}]*\$userId[^}]*\}\s*\)\s*-\s*\[[^\]]*:MANAGES|MANAGES[^\]]*\]\s*-\s*\(\s*\w*\s*"
        r"(?::\w+)?\s*\{[^}]*\$userId"),
}
# Inside an EXISTS or COUNT: the pattern a visibility test matches.
_IN_TESTS = {
    "the caller's agency's INVOLVED_IN (use @involved_case or @visible_case)": re.compile(
        r"\{\s*id:\s*\$agencyId\s*\}\s*\)\s*-\s*\[[^\]]*:INVOLVED_IN"
        r"|INVOLVED_IN[^\]]*\]\s*-\s*\(\s*\w*\s*:Agency\s*\{\s*id:\s*\$agencyId"),
    "an emergency grant (use @visible_case)": re.compile(r"GRANTS_ACCESS_TO|EmergencyGrant"),
    "MANAGES (a case officer's link gives nothing)": re.compile(r"MANAGES"),
    "the caller's agency as the case's lead (use @led_case)": re.compile(
        r"LEAD_AGENCY[^\]]*\]\s*-\s*>?\s*\(\s*\w*\s*:Agency\s*\{\s*id:\s*\$agencyId"
        r"|\{\s*id:\s*\$agencyId\s*\}\s*\)\s*<\s*-\s*\[[^\]]*:LEAD_AGENCY"),
    "the caller's agency's invitation to a meeting (use @meeting_visible)": re.compile(
        r"\{\s*id:\s*\$agencyId\s*\}\s*\)\s*-\s*\[[^\]]*:INVITED_TO"
        r"|INVITED_TO[^\]]*\]\s*-\s*\(\s*\w*\s*:Agency\s*\{\s*id:\s*\$agencyId"),
}


def _blocks(code: str) -> list[str]:
    """The text of each EXISTS { } and COUNT { } in `code`, braces matched."""
    found = []
    for start in _TEST_BLOCK.finditer(code):
        depth, i = 0, start.end() - 1
        while True:
            depth += {"{": 1, "}": -1}.get(code[i], 0)
            if depth == 0:
                break
            i += 1
        found.append(code[start.end():i])
    return found


def own_copies(text: str) -> list[str]:
    """What part of the access rule `text` writes out for itself instead of splicing it."""
    code = _STRINGS_AND_COMMENTS.sub("", text)
    found = [what for what, pattern in _OWN_COPIES.items() if pattern.search(code)]
    for block in _blocks(code):
        found += [what for what, pattern in _IN_TESTS.items()
                  if pattern.search(block) and what not in found]
    return found


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: str(p.relative_to(QUERIES)))
def test_no_query_carries_its_own_copy_of_the_rule(path: Path) -> None:
    assert own_copies(path.read_text()) == []


# The rule as the queries wrote it out before it was a fragment (45 copies in 14 files).
OLD_COPY = """
WHERE $classes <> []
  AND (EXISTS { (:Agency {id: $agencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date() }
    OR EXISTS { (:CaseOfficer {id: $userId})-[:MANAGES]->(o) }
    OR EXISTS { (g:EmergencyGrant {userId: $userId, agencyId: $agencyId})-[:GRANTS_ACCESS_TO]->(o)
                WHERE g.revokedAt IS NULL AND g.expiresAt > datetime() })
"""  # noqa: E501


@pytest.mark.parametrize("copy", [
    OLD_COPY,
    "WHERE EXISTS { (:Agency {id: $agencyId})-[x:INVOLVED_IN]->(o) }",
    "WHERE EXISTS { (o)<-[:INVOLVED_IN]-(:Agency {id: $agencyId}) }",
    "WHERE EXISTS { (o)<-[:GRANTS_ACCESS_TO]-(:EmergencyGrant {userId: $userId}) }",
    "WHERE COUNT { (:CaseOfficer)-[:MANAGES]->(o) } > 0",
    "MATCH (:CaseOfficer {id: $userId})-[:MANAGES]->(o:Offender) RETURN o",
    "MATCH (o)<-[:MANAGES]-(:CaseOfficer {id: $userId}) RETURN o",
    "WITH o WHERE r.until IS NULL OR r.until > date()",
    "WITH g WHERE g.expiresAt > datetime()",
    "MATCH (a:PlanAction) WHERE a.ownerAgencyId = $agencyId RETURN a",
    "MATCH (a:PlanAction) WHERE $agencyId = a.ownerAgencyId RETURN a",
    "WHERE EXISTS { (:Agency {id: $agencyId})-[:INVITED_TO]->(m) }",
    "WHERE EXISTS { (m)<-[:INVITED_TO]-(:Agency {id: $agencyId}) }",
    "RETURN EXISTS { (o)-[:LEAD_AGENCY]->(:Agency {id: $agencyId}) } AS lead",
    "RETURN EXISTS { (:Agency {id: $agencyId})<-[:LEAD_AGENCY]-(o) } AS lead",
])
def test_a_copy_of_any_part_of_the_rule_is_found(copy: str) -> None:
    assert own_copies(copy) != []


@pytest.mark.parametrize("legitimate", [
    # The caseload's candidates, read from the index on INVOLVED_IN (graph_schema V0012).
    "MATCH (:Agency)-[i:INVOLVED_IN]->(o:Offender) WHERE i.agencyId = $agencyId "
    "AND @open_involvement(i)",
    "MATCH (caseloadGrant:EmergencyGrant)-[:GRANTS_ACCESS_TO]->(o:Offender) "
    "WHERE @callers_grant(caseloadGrant) AND $classes <> [] AND @visible_case(o) RETURN o",
    # Writes that open an involvement, assign, withdraw or grant.
    "CREATE (a)-[:INVOLVED_IN {basis: $basis, agencyId: a.id, offenderId: o.id}]->(o)",
    "MERGE (officer)-[m:MANAGES]->(o)",
    "CALL (o, a) { MATCH (a)<-[:WORKS_FOR]-(:CaseOfficer)-[m:MANAGES]->(o) DELETE m }",
    "CREATE (g:EmergencyGrant {id: $grantId, expiresAt: datetime() + duration({hours: 4})})",
    # A profile's agencies and officers, and another agency's involvement.
    "agencies: COLLECT { MATCH (a:Agency)-[i:INVOLVED_IN]->(offender) WHERE @open_involvement(i) "
    "RETURN a.id }",
    "officers: COLLECT { MATCH (co:CaseOfficer)-[m:MANAGES]->(offender) RETURN co.id }",
    "EXISTS { (agency)-[i:INVOLVED_IN]->(o) WHERE @open_involvement(i) }",
    # The actions list's filter by owner, which the caller chooses (visible_action decides).
    "MATCH (a:PlanAction) WHERE a.ownerAgencyId = $ownerAgencyId AND @visible_action(a, o)",
])
def test_what_is_no_copy_of_the_rule_passes(legitimate: str) -> None:
    assert own_copies(legitimate) == []


def test_the_fragments_hold_the_rule() -> None:
    fragments = load_fragments(QUERIES / FRAGMENTS_DIR)
    assert {"open_involvement", "involved_case", "active_grant", "callers_grant", "visible_case",
            "person_kind", "grant_reviewer", "owned_action", "visible_plan", "visible_action",
            "alert_audience", "meeting_visible", "led_case"} <= set(fragments)
    visible = fragments["visible_case"].body
    assert "MANAGES" not in visible
    assert "INVOLVED_IN" in visible
    assert "GRANTS_ACCESS_TO" in visible
    assert "revokedAt IS NULL" in visible
    assert "expiresAt > datetime()" in visible


READS = ["offender/find_offender", "offender/list_offenders", "alert/list_alerts",
         "alert/list_alerts_since", "webhook/visible_alerts", "webhook/enqueue_deliveries",
         "case/find_offender_access", "case/find_person_cases", "case/find_emergency_grant",
         "case/link_association"]
PEOPLE = ["person/search_people", "network/find_network", "network/find_shortest_path",
          "network/find_common_associates", "alert/list_alerts", "alert/list_alerts_since",
          "offender/find_offender", "offender/list_offenders"]


@pytest.mark.parametrize("name", READS)
def test_each_query_of_the_cases_a_caller_may_see_splices_the_rule(name: str) -> None:
    assert "visible_case" in splices(name)


def splices(name: str) -> set[str]:
    """The fragments a query splices, itself or through the fragments it splices."""
    fragments = load_fragments(QUERIES / FRAGMENTS_DIR)
    found: set[str] = set()
    todo = set(re.findall(r"@(\w+)\(", (QUERIES / f"{name}.cypher").read_text()))
    while todo:
        fragment = todo.pop()
        found.add(fragment)
        todo |= fragments[fragment].uses - found
    return found


# The plan's reads, and what its writes are decided on: a plan by visible_plan (the case's rule
# and RISK_PLAN), an action also by the owner exception.
PLAN_READS = ["plan/find_plan", "plan/list_plan_history", "plan/find_plan_facts"]
ACTION_READS = ["plan/list_actions", "plan/find_action_facts"]


@pytest.mark.parametrize("name", PLAN_READS + ACTION_READS)
def test_each_read_of_a_plan_splices_the_rule(name: str) -> None:
    assert {"visible_plan", "visible_case"} <= splices(name)


@pytest.mark.parametrize("name", ACTION_READS)
def test_each_read_of_actions_splices_the_owner_exception(name: str) -> None:
    assert {"visible_action", "owned_action"} <= splices(name)


def test_the_owner_exception_is_the_owner_agency_alone() -> None:
    owned = load_fragments(QUERIES / FRAGMENTS_DIR)["owned_action"].body
    assert _STRINGS_AND_COMMENTS.sub("", owned).split() == [
        "action.ownerAgencyId", "=", "$agencyId"]


# Every query that lists, streams or delivers alerts decides who gets one by the one audience
# (ACTION_OVERDUE: the action's owner agency and the lead; every other rule: who sees the case).
AUDIENCES = ["alert/list_alerts", "alert/list_alerts_since", "webhook/visible_alerts",
             "webhook/enqueue_deliveries"]


@pytest.mark.parametrize("name", AUDIENCES)
def test_each_query_of_the_alerts_a_caller_gets_splices_the_audience(name: str) -> None:
    text = (QUERIES / f"{name}.cypher").read_text()
    assert "@alert_audience(" in text
    assert "@visible_case(" not in text, "the audience holds the rule, the query no copy of it"


def test_the_audience_is_the_case_rule_but_for_an_overdue_action() -> None:
    fragments = load_fragments(QUERIES / FRAGMENTS_DIR)
    audience = fragments["alert_audience"]
    assert {"visible_case", "owned_action"} <= audience.uses
    assert "'ACTION_OVERDUE'" in audience.body
    assert "LEAD_AGENCY" in audience.body
    assert "owned_action" in splices("alert/list_alerts")  # the action shown to its owner too


# A meeting is read by meeting_visible (invited, or the area's coordinator), and its agenda's
# cases, with their plans and actions, by the case's rule.
MEETING_READS = ["meeting/find_meeting", "meeting/list_meetings"]


@pytest.mark.parametrize("name", MEETING_READS)
def test_each_read_of_a_meeting_splices_the_rule(name: str) -> None:
    assert {"meeting_visible", "visible_case", "visible_plan", "visible_action",
            "owned_action"} <= splices(name)


def test_a_write_to_a_meeting_is_decided_on_the_rule() -> None:
    assert "meeting_visible" in splices("meeting/find_meeting_access")


@pytest.mark.parametrize("name", PEOPLE)
def test_each_query_that_shows_people_shows_them_by_person_kind(name: str) -> None:
    assert "person_kind" in splices(name)


def test_what_runs_is_the_spliced_rule() -> None:
    queries = load_all_queries(QUERIES)
    grant = "callerGrant.revokedAt IS NULL AND callerGrant.expiresAt > datetime()"
    for name in {*READS, *PEOPLE}:
        text = queries[name].text
        assert "@" not in _STRINGS_AND_COMMENTS.sub("", text), name
        assert grant in text, name
