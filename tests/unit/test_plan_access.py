"""The plan's need-to-know without a database (app/access/plans.py): what an action's owner
agency sees of it, and the status it may set; which class each measure's reference needs; and
the queries that withhold the same (the record-level rule: test_access_rule.py)."""

import re

import pytest

from app.access.plans import (
    ACTION_RISK_PLAN_FIELDS,
    MEASURE_REFERENCE,
    OWNER_FIELDS,
    action_redactions,
    measure_classes,
    measure_redactions,
    owner_may_set,
)
from app.access.principal import Principal
from app.core.enums import AgencyKind, MeasureKind, PlanActionStatus, Purpose, Role
from app.plans.graphql import PlanAction, PlanMeasure
from app.settings import PROJECT_ROOT

S = PlanActionStatus
FRAGMENTS = PROJECT_ROOT / "queries" / "_fragments"


def principal(kind: AgencyKind, role: Role) -> Principal:
    return Principal(user_id="u", agency_id="a", agency_name="A", agency_kind=kind,
                     roles=(role,), purpose=Purpose.MAPP_MEETING)


def graphql_names(cls: type) -> set[str]:
    return {f.graphql_name or re.sub(r"_(\w)", lambda m: m.group(1).upper(), f.python_name)
            for f in cls.__strawberry_definition__.fields}  # type: ignore[attr-defined]


def test_each_action_field_is_the_owners_or_the_plans() -> None:
    assert OWNER_FIELDS.isdisjoint(ACTION_RISK_PLAN_FIELDS)
    assert graphql_names(PlanAction) == OWNER_FIELDS | set(ACTION_RISK_PLAN_FIELDS)


def test_the_action_projection_withholds_the_plans_fields_from_the_owner() -> None:
    text = " ".join((FRAGMENTS / "action_shown.cypher").read_text().split())
    withheld = set(re.findall(r"(\w+): CASE WHEN caseSeen AND @visible_plan\(offender\)", text))
    assert withheld == set(ACTION_RISK_PLAN_FIELDS)


@pytest.mark.parametrize(("current", "wanted", "allowed"), [
    (S.OPEN, S.DONE, True), (S.DONE, S.DONE, True), (S.CANCELLED, S.DONE, False),
    (S.OPEN, S.CANCELLED, False), (S.DONE, S.OPEN, False), (S.OPEN, S.OPEN, False),
])
def test_the_owner_marks_done_and_no_more(
    current: PlanActionStatus, wanted: PlanActionStatus, allowed: bool
) -> None:
    assert owner_may_set(current, wanted) is allowed


def test_every_kind_but_other_refers_under_a_class_and_shows_in_a_field() -> None:
    assert set(MEASURE_REFERENCE) == set(MeasureKind) - {MeasureKind.OTHER}
    assert {name for name, _ in MEASURE_REFERENCE.values()} <= graphql_names(PlanMeasure)
    assert measure_classes() == {"CONDITION": "CONDITIONS", "RESIDENCE": "OFFENDER_ADDRESS",
                                 "INTERVENTION": "SUPERVISION", "SUPERVISION": "MAPPA_STATUS"}


def test_a_victim_liaison_officer_is_told_which_references_are_withheld() -> None:
    vlo = principal(AgencyKind.PROBATION, Role.VICTIM_LIAISON_OFFICER)
    measures = [(MeasureKind.CONDITION, True), (MeasureKind.RESIDENCE, True),
                (MeasureKind.RESIDENCE, True), (MeasureKind.INTERVENTION, False),
                (MeasureKind.OTHER, False)]
    assert [(r.field, r.field_class) for r in measure_redactions(vlo, measures)] == [
        ("measures.residence", "OFFENDER_ADDRESS")]


def test_an_owner_not_involved_is_told_why_it_sees_less() -> None:
    dwp = principal(AgencyKind.DWP, Role.PARTNER_OFFICER)
    found = action_redactions(dwp, plan_shown=False, name_shown=False)
    assert [(r.field, r.field_class) for r in found] == [
        ("offender.name", "IDENTITY"), ("statusBy", "RISK_PLAN")]
    assert "owner" in found[1].reason
    coordinator = principal(AgencyKind.PROBATION, Role.MAPPA_COORDINATOR)
    assert action_redactions(coordinator, plan_shown=True, name_shown=True) == ()
