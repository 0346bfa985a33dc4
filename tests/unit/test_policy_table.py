"""The need-to-know class table (PRODUCT.md section 4), every agency kind and role against every
class, transcribed here independently of app/access/table.py."""

import pytest

from app.access.table import field_classes
from app.core.enums import AgencyKind, FieldClass, Role

ALL = set(FieldClass)
COORDINATOR = {"IDENTITY", "MAPPA_STATUS", "OFFENCE_SUMMARY", "OFFENDER_ADDRESS", "CONDITIONS",
               "RISK_SUMMARY", "CONTACTS", "SUPERVISION", "RISK_PLAN"}
EXPECTED: dict[tuple[str, str], set[str]] = {
    ("POLICE", "PUBLIC_PROTECTION_OFFICER"): {c.value for c in ALL} - {"HEALTH"},
    ("POLICE", "INTELLIGENCE_ANALYST"): {
        "IDENTITY", "MAPPA_STATUS", "OFFENCE_SUMMARY", "OFFENDER_ADDRESS", "CONDITIONS",
        "RISK_SUMMARY", "CONTACTS", "INTELLIGENCE", "VICTIM_IDENTITY", "SUPERVISION"},
    ("PROBATION", "OFFENDER_MANAGER"): {c.value for c in ALL} - {"HEALTH", "VICTIM_LOCATION"},
    ("YOUTH_JUSTICE", "OFFENDER_MANAGER"): {c.value for c in ALL} - {"HEALTH", "VICTIM_LOCATION"},
    ("PROBATION", "VICTIM_LIAISON_OFFICER"): {
        "IDENTITY", "MAPPA_STATUS", "CONDITIONS", "VICTIM_IDENTITY", "VICTIM_LOCATION",
        "RISK_PLAN"},
    ("PRISON", "OFFENDER_MANAGER"): {
        "IDENTITY", "MAPPA_STATUS", "OFFENCE_SUMMARY", "CONDITIONS", "RISK_SUMMARY", "CONTACTS",
        "SUPERVISION", "RISK_PLAN"},
    ("POLICE", "MAPPA_COORDINATOR"): COORDINATOR,
    ("PROBATION", "MAPPA_COORDINATOR"): COORDINATOR,
    ("PRISON", "MAPPA_COORDINATOR"): COORDINATOR,
    ("HOUSING", "PARTNER_OFFICER"): {"IDENTITY", "MAPPA_STATUS", "OFFENDER_ADDRESS"},
    ("CHILDRENS_SERVICES", "PARTNER_OFFICER"): {
        "IDENTITY", "MAPPA_STATUS", "OFFENCE_SUMMARY", "OFFENDER_ADDRESS", "RISK_SUMMARY",
        "CONTACTS"},
    ("HEALTH", "PARTNER_OFFICER"): {"IDENTITY", "MAPPA_STATUS", "RISK_SUMMARY", "HEALTH"},
    ("DWP", "PARTNER_OFFICER"): {"IDENTITY", "MAPPA_STATUS"},
    ("ELECTRONIC_MONITORING", "PARTNER_SYSTEM"): {
        "IDENTITY", "OFFENDER_ADDRESS", "CONDITIONS", "EM_LOCATION"},
}


@pytest.mark.parametrize("kind", list(AgencyKind))
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("field_class", list(FieldClass))
def test_every_kind_role_and_class(kind: AgencyKind, role: Role, field_class: FieldClass) -> None:
    granted = EXPECTED.get((kind.value, role.value), set())
    assert (field_class in field_classes(kind, [role])) == (field_class.value in granted)


@pytest.mark.parametrize("kind", list(AgencyKind))
@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ADMIN])
def test_auditors_and_admins_see_no_case_data(kind: AgencyKind, role: Role) -> None:
    assert field_classes(kind, [role]) == frozenset()


def test_roles_combine_as_a_union() -> None:
    both = field_classes(AgencyKind.PROBATION, [Role.OFFENDER_MANAGER, Role.VICTIM_LIAISON_OFFICER])
    assert FieldClass.VICTIM_LOCATION in both
    assert FieldClass.INTELLIGENCE in both
    assert FieldClass.HEALTH not in both


@pytest.mark.parametrize("kind", ["HOUSING", "CHILDRENS_SERVICES", "HEALTH", "DWP"])
def test_duty_to_cooperate_partners_see_no_plan(kind: str) -> None:
    """They see only the actions their agency owns (issue 22), never the plan through the class."""
    assert FieldClass.RISK_PLAN not in field_classes(AgencyKind(kind), [Role.PARTNER_OFFICER])


def test_the_plan_goes_to_those_who_make_and_carry_it_out() -> None:
    holders = {(kind.value, role.value) for kind in AgencyKind for role in Role
               if FieldClass.RISK_PLAN in field_classes(kind, [role])}
    assert holders == {
        ("POLICE", "PUBLIC_PROTECTION_OFFICER"), ("PROBATION", "OFFENDER_MANAGER"),
        ("YOUTH_JUSTICE", "OFFENDER_MANAGER"), ("PROBATION", "VICTIM_LIAISON_OFFICER"),
        ("PRISON", "OFFENDER_MANAGER"), ("POLICE", "MAPPA_COORDINATOR"),
        ("PROBATION", "MAPPA_COORDINATOR"), ("PRISON", "MAPPA_COORDINATOR")}
