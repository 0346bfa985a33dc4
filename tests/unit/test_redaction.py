"""Field-level need-to-know without a database: the field classes, the redactions each role gets,
and the queries that must withhold the same fields (the record-level rule: test_access_rule.py)."""

import re

import pytest

from app.access.principal import Principal
from app.access.redaction import (
    HANDLING_C_REASON,
    OFFENDER_FIELDS,
    READ_APART,
    disclosed_classes,
    offender_redactions,
    refused_filters,
    victim_redactions,
)
from app.cases.graphql import Offender
from app.cases.repository import lucene_query
from app.core.enums import AgencyKind, FieldClass, Purpose, Role
from app.settings import PROJECT_ROOT

F = FieldClass
QUERIES = PROJECT_ROOT / "queries"
PROFILE = QUERIES / "_fragments/offender_profile.cypher"

def principal(kind: AgencyKind, *roles: Role) -> Principal:
    return Principal(user_id="u", agency_id="a", agency_name="A", agency_kind=kind,
                     roles=roles, purpose=Purpose.RISK_MANAGEMENT)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_every_involvement_written_carries_the_ids_the_caseload_reads() -> None:
    """The caseload finds an agency's cases by INVOLVED_IN's agencyId and offenderId
    (graph_schema/V0012): an involvement written without them would be missing from it."""
    written = 0
    for path in [*QUERIES.rglob("*.cypher"), *(PROJECT_ROOT / "seed/queries").rglob("*.cypher")]:
        text = path.read_text()
        for match in re.finditer(r"\((\w+)\)-\[:INVOLVED_IN( \{[^}]*\})?\]->\((\w+)\)", text):
            agency, properties, offender = match[1], match[2] or "", match[3]
            if re.search(r"(CREATE|MERGE)\s*$", text[:match.start()].rstrip(" ,(\n")):
                written += 1
                assert f"agencyId: {agency}.id" in properties, path.name
                assert f"offenderId: {offender}.id" in properties, path.name
    assert written == 4  # a case opened, an agency involved, a meeting's invitation, the seed


def test_every_offender_field_has_one_class() -> None:
    graphql_fields = {f.name for f in Offender.__strawberry_definition__.fields}
    camel = {re.sub(r"_(\w)", lambda m: m.group(1).upper(), name) for name in graphql_fields}
    classified = {field for field in OFFENDER_FIELDS if "." not in field}
    # Each alert carries its own redactions (app/access/alerts.py).
    assert camel - {"id", "redactions", "alerts"} == classified


def test_the_profile_withholds_each_field_by_its_class() -> None:
    text = flat(PROFILE.read_text())
    profiled = {f: c for f, c in OFFENDER_FIELDS.items() if f not in READ_APART}
    for field, field_class in profiled.items():
        key = field.rpartition(".")[2]
        assert f"{key}: CASE WHEN '{field_class.value}' IN $classes" in text, field
    projected = set(re.findall(r"(\w+): CASE WHEN '\w+' IN \$classes", text))
    assert projected == {field.rpartition(".")[2] for field in profiled}


def test_one_offender_and_the_caseload_project_alike() -> None:
    for name in ("find_offender", "list_offenders"):
        text = (QUERIES / f"offender/{name}.cypher").read_text()
        assert "@offender_profile(offender) AS offender" in text, name
        assert "CASE WHEN 'IDENTITY' IN $classes" not in text, name


def test_housing_is_told_what_it_does_not_see() -> None:
    redactions = offender_redactions(principal(AgencyKind.HOUSING, Role.PARTNER_OFFICER))
    fields = {r.field: r.field_class for r in redactions}
    assert "name" not in fields
    assert "currentAddress" not in fields
    assert fields["victims"] is F.VICTIM_IDENTITY
    assert "victims.location" not in fields  # the victims list itself is withheld
    assert fields["indexOffence"] is F.OFFENCE_SUMMARY
    assert fields["complianceEvents"] is F.SUPERVISION
    assert {r.reason for r in redactions} == {"not granted to HOUSING / PARTNER_OFFICER"}


def test_a_nested_field_is_named_when_its_list_is_shown() -> None:
    analyst = principal(AgencyKind.POLICE, Role.INTELLIGENCE_ANALYST)
    fields = {r.field: r.field_class for r in offender_redactions(analyst)}
    assert fields["victims.location"] is F.VICTIM_LOCATION
    assert "victims" not in fields
    assert [(r.field, r.field_class) for r in victim_redactions(analyst)] == [
        ("location", F.VICTIM_LOCATION)]


def test_the_public_protection_officer_lacks_only_health() -> None:
    ppo = principal(AgencyKind.POLICE, Role.PUBLIC_PROTECTION_OFFICER)
    assert [r.field for r in offender_redactions(ppo)] == ["healthNotes"]


def test_handling_code_c_is_noted_for_non_police_intelligence() -> None:
    om = principal(AgencyKind.PROBATION, Role.OFFENDER_MANAGER)
    notes = [r for r in offender_redactions(om) if r.reason == HANDLING_C_REASON]
    assert [(r.field, r.field_class) for r in notes] == [("associations", F.INTELLIGENCE)]
    analyst = principal(AgencyKind.POLICE, Role.INTELLIGENCE_ANALYST)
    assert all(r.reason != HANDLING_C_REASON for r in offender_redactions(analyst))


def test_every_field_is_redacted_for_an_auditor() -> None:
    auditor = principal(AgencyKind.POLICE, Role.AUDITOR)
    fields = {r.field for r in offender_redactions(auditor)}
    assert fields == {f for f in OFFENDER_FIELDS if "." not in f}


def test_the_reason_names_each_role() -> None:
    both = principal(AgencyKind.PROBATION, Role.VICTIM_LIAISON_OFFICER, Role.MAPPA_COORDINATOR)
    reasons = {r.reason for r in offender_redactions(both)}
    assert reasons == {
        "not granted to PROBATION / VICTIM_LIAISON_OFFICER, PROBATION / MAPPA_COORDINATOR"}


def test_only_requested_and_granted_classes_are_disclosed() -> None:
    housing = principal(AgencyKind.HOUSING, Role.PARTNER_OFFICER)
    requested = ["id", "name", "currentAddress", "victims", "victims.location", "redactions"]
    assert disclosed_classes(housing, requested) == {F.IDENTITY, F.OFFENDER_ADDRESS}


def test_filters_on_withheld_fields_are_refused() -> None:
    em = principal(AgencyKind.ELECTRONIC_MONITORING, Role.PARTNER_SYSTEM)
    assert refused_filters(em, ["level", "text", "leadAgencyId"]) == ["level", "leadAgencyId"]
    dwp = principal(AgencyKind.DWP, Role.PARTNER_OFFICER)
    assert refused_filters(dwp, ["level", "category", "area", "leadAgencyId", "text"]) == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Darren Holt", ["darren", "holt"]),
        ("a*b~ OR (", [r"a\*b\~", "or", r"\("]),
        ('x:"y"', [r'x\:\"y\"']),
        ("a&&b||!c", [r"a\&\&b\|\|\!c"]),
        ("back\\slash/", [r"back\\slash\/"]),
        ("[x]{y}^z-", [r"\[x\]\{y\}\^z\-"]),
    ],
)
def test_lucene_special_characters_are_escaped(text: str, words: list[str]) -> None:
    # Each word, escaped, as a term or a prefix of the name or an alias: never of searchKeys.
    assert lucene_query(text) == " AND ".join(
        f"(name:{w} OR name:{w}* OR aliases:{w} OR aliases:{w}*)" for w in words)


def test_every_query_of_grant_scopes_applies_the_reviewer_rule() -> None:
    """Who reviews a case's emergency grants is the grant_reviewer fragment: the alert queries
    show a grant only to such a caller, the review is recorded only by one."""
    using = [p for p in QUERIES.rglob("*.cypher")
             if "grantScopes" in p.read_text().splitlines()[1]]  # the params line
    assert {p.name for p in using} == {"list_alerts.cypher", "list_alerts_since.cypher",
                                       "review_emergency_access.cypher", "grant_reviewer.cypher",
                                       "alert_shown.cypher"}
    for path in using:
        body = flat("\n".join(path.read_text().splitlines()[2:]))
        if path.name != "grant_reviewer.cypher":
            assert "$grantScopes" not in body, path.name
            assert body.count("@grant_reviewer(") + body.count("@alert_shown(") == 1, path.name


def test_the_subscription_shows_an_alert_as_the_alerts_list_does() -> None:
    """alert/list_alerts_since (alertRaised) projects and withholds exactly as alert/list_alerts."""
    for name in ("list_alerts", "list_alerts_since"):
        text = (QUERIES / "alert" / f"{name}.cypher").read_text()
        assert "RETURN @alert_shown(alert, offender) AS alert" in text, name
        assert "counterpart" not in text.split("\n", 2)[2], name
