"""The need-to-know class table (PRODUCT.md section 4), every agency kind and role against every
class, transcribed here independently of app/access/table.py."""

import pytest

from app.access.table import field_classes
from app.core.enums import AgencyKind, FieldClass, Role

ALL = set(FieldClass)
COORDINATOR = {"IDENTITY", "MAPPA_STATUS", "OFFENCE_SUMMARY", "OFFENDER_ADDRESS", "CONDITIONS",
               "RISK_SUMMARY", "CONTACTS", "SUPERVISION"}
EXPECTED: dict[tuple[str, str], set[str]] = {
    ("POLICE", "PUBLIC_PROTECTION_OFFICER"): {c.value for c in ALL} - {"HEALTH"},
    ("POLICE", "INTELLIGENCE_ANALYST"): {
        "IDENTITY", "MAPPA_STATUS", "OFFENCE_SUMMARY", "OFFENDER_ADDRESS", "CONDITIONS",
        "RISK_SUMMARY", "CONTACTS", "INTELLIGENCE", "VICTIM_IDENTITY", "SUPERVISION"},
    ("PROBATION", "OFFENDER_MANAGER"): {c.value for c in ALL} - {"HEALTH", "VICTIM_LOCATION"},
    ("YOUTH_JUSTICE", "OFFENDER_MANAGER"): {c.value for c in ALL} - {"HEALTH", "VICTIM_LOCATION"},
    ("PROBATION", "VICTIM_LIAISON_OFFICER"): {
        "IDENTITY", "MAPPA_STATUS", "CONDITIONS", "VICTIM_IDENTITY", "VICTIM_LOCATION"},
    ("PRISON", "OFFENDER_MANAGER"): {
        "IDENTITY", "MAPPA_STATUS", "OFFENCE_SUMMARY", "CONDITIONS", "RISK_SUMMARY", "CONTACTS",
        "SUPERVISION"},
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
