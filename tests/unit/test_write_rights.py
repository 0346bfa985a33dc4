"""The write rights of PRODUCT.md section 6, every write against every agency kind, role and
relation to the case, transcribed here independently of app/access/write_rights.py."""

import pytest

from app.access.write_rights import RIGHTS, CaseAccess, Verdict, Write, held_scopes, verdict
from app.core.enums import AgencyKind, Role

RA = {"POLICE", "PROBATION", "PRISON", "YOUTH_JUSTICE"}
OFFICERS = {"PUBLIC_PROTECTION_OFFICER", "OFFENDER_MANAGER", "MAPPA_COORDINATOR"}

# The principal's relation to the case.
LEAD = CaseAccess(visible=True, involved=True, lead=True)
INVOLVED = CaseAccess(visible=True, involved=True, lead=False)
GRANTED = CaseAccess(visible=True, involved=False, lead=False)  # an active emergency grant
UNSEEN = CaseAccess(visible=False, involved=False, lead=False)
GRANTEE = CaseAccess(visible=True, involved=False, lead=False, grantee=True)
GRANTEE_EXPIRED = CaseAccess(visible=False, involved=False, lead=False, grantee=True)
# A MAPPA meeting (app/meetings): in the principal's agency's area, seen or not.
IN_AREA = CaseAccess(visible=True, involved=False, lead=False, in_area=True)
UNSEEN_IN_AREA = CaseAccess(visible=False, involved=False, lead=False, in_area=True)
RELATIONS = {"lead": LEAD, "involved": INVOLVED, "granted": GRANTED, "unseen": UNSEEN,
             "grantee": GRANTEE, "grantee-expired": GRANTEE_EXPIRED, "no case": None,
             "in area": IN_AREA, "unseen in area": UNSEEN_IN_AREA}
MEETING_WRITES = {Write.SCHEDULE_MEETING, Write.INVITE_TO_MEETING, Write.ADD_AGENDA_CASE,
                  Write.RECORD_ATTENDANCE, Write.RECORD_MEETING_DECISION, Write.CANCEL_MEETING}


def ra_officer(kind: str, role: str) -> bool:
    return kind in RA and role in OFFICERS


def expected_allowed(write: Write, kind: str, role: str, relation: str) -> bool:  # noqa: PLR0911
    involved = relation in {"lead", "involved"}
    if write in {Write.CREATE_AGENCY, Write.CREATE_CASE_OFFICER}:
        return role == "ADMIN"
    if write in {Write.CREATE_OFFENDER, Write.ADD_PREMISES}:
        return ra_officer(kind, role)
    if write in {Write.INVOLVE_AGENCY, Write.WITHDRAW_AGENCY, Write.SET_MAPPA_LEVEL,
                 Write.REVIEW_EMERGENCY_ACCESS, Write.SET_ACTION_STATUS,
                 Write.MARK_ACTION_DONE}:
        return (ra_officer(kind, role) and relation == "lead") or (
            kind in RA and role == "MAPPA_COORDINATOR" and involved)
    if write is Write.ADD_VICTIM:
        return kind in RA and role == "VICTIM_LIAISON_OFFICER" and involved
    if write is Write.RECORD_VICTIM_ADDRESS:
        return kind in RA and role in {"VICTIM_LIAISON_OFFICER", "PUBLIC_PROTECTION_OFFICER"} \
            and involved
    if write in MEETING_WRITES:
        return kind in {"POLICE", "PROBATION", "PRISON"} and role == "MAPPA_COORDINATOR" \
            and relation in {"in area", "unseen in area"}
    if write is Write.LINK_ASSOCIATION:
        return kind == "POLICE" and role in {"PUBLIC_PROTECTION_OFFICER", "INTELLIGENCE_ANALYST"} \
            and relation in {"lead", "involved", "granted", "grantee", "in area"}
    if write is Write.REPORT_LOCATIONS:
        return kind == "ELECTRONIC_MONITORING" and role == "PARTNER_SYSTEM" and involved
    if write is Write.REQUEST_EMERGENCY_ACCESS:
        return kind in {"POLICE", "PROBATION"} and role in OFFICERS and relation != "no case" \
            and not involved
    if write is Write.REVOKE_EMERGENCY_ACCESS:
        return relation in {"grantee", "grantee-expired"} or (
            ra_officer(kind, role) and relation == "lead")
    # Everything else is case data: Responsible Authority officers of an involved agency.
    return ra_officer(kind, role) and involved


def expected_refusal(relation: str) -> Verdict:
    if relation in {"unseen", "unseen in area"}:
        return Verdict.NOT_FOUND
    return Verdict.FORBIDDEN


@pytest.mark.parametrize("write", list(Write))
@pytest.mark.parametrize("kind", list(AgencyKind))
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("relation", list(RELATIONS))
def test_every_write_kind_role_and_relation(
    write: Write, kind: AgencyKind, role: Role, relation: str
) -> None:
    got = verdict(write, kind, [role], RELATIONS[relation])
    if expected_allowed(write, kind.value, role.value, relation):
        assert got is Verdict.ALLOWED
    else:
        assert got is expected_refusal(relation)


# The owner exception (docs/plans-design.md section 2): an agency that owns a plan action sees it
# and may mark it DONE, involved in the case or not; any other status is a plan decision.
OWNER = CaseAccess(visible=True, involved=False, lead=False, owner=True)
OWNER_INVOLVED = CaseAccess(visible=True, involved=True, lead=False, owner=True)


@pytest.mark.parametrize("kind", list(AgencyKind))
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("owner", [OWNER, OWNER_INVOLVED])
def test_the_owner_agency_marks_its_action_done_and_no_more(
    kind: AgencyKind, role: Role, owner: CaseAccess
) -> None:
    officer = role not in {Role.PARTNER_SYSTEM, Role.AUDITOR, Role.ADMIN}
    coordinator = kind.value in RA and role is Role.MAPPA_COORDINATOR and owner.involved
    assert verdict(Write.MARK_ACTION_DONE, kind, [role], owner) is (
        Verdict.ALLOWED if officer else Verdict.FORBIDDEN)
    assert verdict(Write.SET_ACTION_STATUS, kind, [role], owner) is (
        Verdict.ALLOWED if coordinator else Verdict.FORBIDDEN)


def test_every_write_has_a_row() -> None:
    assert set(RIGHTS) == set(Write)


def test_roles_combine() -> None:
    roles = [Role.PARTNER_OFFICER, Role.VICTIM_LIAISON_OFFICER]
    assert verdict(Write.ADD_VICTIM, AgencyKind.PROBATION, roles, INVOLVED) is Verdict.ALLOWED


def test_a_case_the_caller_cannot_see_is_not_found_even_without_the_role() -> None:
    assert verdict(Write.RECORD_ADDRESS, AgencyKind.HOUSING, [Role.PARTNER_OFFICER], UNSEEN) \
        is Verdict.NOT_FOUND
    assert verdict(Write.RECORD_ADDRESS, AgencyKind.HOUSING, [Role.PARTNER_OFFICER], INVOLVED) \
        is Verdict.FORBIDDEN


@pytest.mark.parametrize(("kind", "role", "scopes"), [
    (AgencyKind.PROBATION, Role.MAPPA_COORDINATOR, ["INVOLVED", "LEAD"]),
    (AgencyKind.PRISON, Role.MAPPA_COORDINATOR, ["INVOLVED", "LEAD"]),
    (AgencyKind.POLICE, Role.PUBLIC_PROTECTION_OFFICER, ["LEAD"]),
    (AgencyKind.PROBATION, Role.VICTIM_LIAISON_OFFICER, []),
    (AgencyKind.HOUSING, Role.PARTNER_OFFICER, []),
    (AgencyKind.POLICE, Role.AUDITOR, []),
])
def test_where_a_principal_reviews_emergency_grants(
    kind: AgencyKind, role: Role, scopes: list[str]
) -> None:
    """The scopes the alert queries test on each case, from the reviewEmergencyAccess row."""
    assert held_scopes(Write.REVIEW_EMERGENCY_ACCESS, kind, [role]) == scopes
