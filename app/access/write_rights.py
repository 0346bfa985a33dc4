"""Who may change what (PRODUCT.md section 6), as data: one row per write, pure and table-tested.

A write is allowed when one of its grants matches the principal's agency kind and one of its roles,
and the grant's scope holds for the case (read in the write's own transaction). Otherwise the
caller learns FORBIDDEN if it may see the case, and NOT_FOUND if it may not: a case the caller may
not see is indistinguishable from one that does not exist.
"""

from dataclasses import dataclass, replace
from enum import StrEnum

from app.access.principal import OFFICER_ROLES, Principal
from app.core.enums import AgencyKind as K
from app.core.enums import Role as R
from app.core.errors import Forbidden, NotFound


class Write(StrEnum):
    """The writes of the GraphQL contract (an address of a victim is a write of its own)."""

    CREATE_AGENCY = "createAgency"
    CREATE_CASE_OFFICER = "createCaseOfficer"
    CREATE_OFFENDER = "createOffender"
    INVOLVE_AGENCY = "involveAgency"
    WITHDRAW_AGENCY = "withdrawAgency"
    ASSIGN_CASE_OFFICER = "assignCaseOfficer"
    SET_MAPPA_LEVEL = "setMappaLevel"
    RECORD_ADDRESS = "recordAddress"
    RECORD_VICTIM_ADDRESS = "recordAddress (victim)"
    ADD_VICTIM = "addVictim"
    ADD_NAMED_CONTACT = "addNamedContact"
    LINK_ASSOCIATION = "linkAssociation"
    ADD_LICENCE_CONDITION = "addLicenceCondition"
    ADD_PREMISES = "addPremises"
    RECORD_RISK_ASSESSMENT = "recordRiskAssessment"
    ADD_INTERVENTION = "addIntervention"
    RECORD_COMPLIANCE_EVENT = "recordComplianceEvent"
    RECORD_NOTIFICATION = "recordNotification"
    REPORT_LOCATIONS = "reportLocations"
    REQUEST_EMERGENCY_ACCESS = "requestEmergencyAccess"
    REVOKE_EMERGENCY_ACCESS = "revokeEmergencyAccess"
    # Reviewing a case's emergency grants; who may review them also lists them (emergencyGrants)
    # and reads them on the case's EMERGENCY_ACCESS alerts.
    REVIEW_EMERGENCY_ACCESS = "reviewEmergencyAccess"
    ACKNOWLEDGE_ALERT = "acknowledgeAlert"
    RESOLVE_ALERT = "resolveAlert"
    # The risk management plan (docs/plans-design.md section 2).
    DRAFT_PLAN = "draftPlan"
    AGREE_PLAN = "agreePlan"
    ADD_PLAN_ACTION = "addPlanAction"
    # Any status (cancel, reopen); marking an action DONE is a write of its own, which its owner
    # agency may make too (app/access/plans.py: owner_may_set).
    SET_ACTION_STATUS = "setActionStatus"
    MARK_ACTION_DONE = "setActionStatus (DONE)"
    # MAPPA meetings: their "case" is the meeting (app/meetings/service.py).
    SCHEDULE_MEETING = "scheduleMeeting"
    INVITE_TO_MEETING = "inviteToMeeting"
    ADD_AGENDA_CASE = "addAgendaCase"
    RECORD_ATTENDANCE = "recordAttendance"
    RECORD_MEETING_DECISION = "recordMeetingDecision"
    CANCEL_MEETING = "cancelMeeting"


class Scope(StrEnum):
    """Where a grant holds."""

    ANYWHERE = "ANYWHERE"  # no case: reference data, a new case, premises
    INVOLVED = "INVOLVED"  # the principal's agency has an open INVOLVED_IN on the case
    LEAD = "LEAD"  # the principal's agency is the case's lead agency
    VISIBLE = "VISIBLE"  # the principal may see the case, by any route
    NOT_INVOLVED = "NOT_INVOLVED"  # the principal's agency is not involved (emergency access)
    GRANTEE = "GRANTEE"  # the principal holds the emergency grant in question
    OWNER = "OWNER"  # the principal's agency owns the plan action in question
    AREA = "AREA"  # the principal's agency is in the MAPPA meeting's area


class Verdict(StrEnum):
    ALLOWED = "ALLOWED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"


@dataclass(frozen=True)
class Grant:
    kinds: frozenset[K] | None  # None: any agency kind
    roles: frozenset[R]
    scope: Scope

    def holds_for(self, kind: K, roles: tuple[R, ...] | list[R]) -> bool:
        return (self.kinds is None or kind in self.kinds) and not self.roles.isdisjoint(roles)


@dataclass(frozen=True)
class CaseAccess:
    """What the graph says about the principal and one existing case, read in the write's
    transaction."""

    visible: bool  # an open INVOLVED_IN of its agency, or an active emergency grant
    involved: bool  # an open INVOLVED_IN of its agency
    lead: bool  # its agency is the lead agency
    grantee: bool = False  # it holds the emergency grant being revoked
    owner: bool = False  # its agency owns the plan action being written to
    in_area: bool = False  # its agency is in the area of the MAPPA meeting written to


RESPONSIBLE_AUTHORITY = frozenset({K.POLICE, K.PROBATION, K.PRISON, K.YOUTH_JUSTICE})
RA_OFFICERS = frozenset({R.PUBLIC_PROTECTION_OFFICER, R.OFFENDER_MANAGER, R.MAPPA_COORDINATOR})

CASE_DATA = (Grant(RESPONSIBLE_AUTHORITY, RA_OFFICERS, Scope.INVOLVED),)
LEAD_OR_COORDINATOR = (
    Grant(RESPONSIBLE_AUTHORITY, RA_OFFICERS, Scope.LEAD),
    Grant(RESPONSIBLE_AUTHORITY, frozenset({R.MAPPA_COORDINATOR}), Scope.INVOLVED),
)

# Who runs MAPPA meetings: the MAPPA coordinators of the Responsible Authority's police, probation
# and prison agencies (app/access/meetings.py, which also lets them see their area's meetings).
MEETING_AGENCIES = frozenset({K.POLICE, K.PROBATION, K.PRISON})
MEETINGS = (Grant(MEETING_AGENCIES, frozenset({R.MAPPA_COORDINATOR}), Scope.AREA),)

W = Write
RIGHTS: dict[Write, tuple[Grant, ...]] = {
    W.CREATE_AGENCY: (Grant(None, frozenset({R.ADMIN}), Scope.ANYWHERE),),
    W.CREATE_CASE_OFFICER: (Grant(None, frozenset({R.ADMIN}), Scope.ANYWHERE),),
    W.CREATE_OFFENDER: (Grant(RESPONSIBLE_AUTHORITY, RA_OFFICERS, Scope.ANYWHERE),),
    W.INVOLVE_AGENCY: LEAD_OR_COORDINATOR,
    W.WITHDRAW_AGENCY: LEAD_OR_COORDINATOR,
    W.SET_MAPPA_LEVEL: LEAD_OR_COORDINATOR,
    W.ASSIGN_CASE_OFFICER: CASE_DATA,
    W.RECORD_ADDRESS: CASE_DATA,
    W.RECORD_VICTIM_ADDRESS: (Grant(RESPONSIBLE_AUTHORITY, frozenset({
        R.VICTIM_LIAISON_OFFICER, R.PUBLIC_PROTECTION_OFFICER}), Scope.INVOLVED),),
    W.ADD_VICTIM: (Grant(RESPONSIBLE_AUTHORITY, frozenset({R.VICTIM_LIAISON_OFFICER}),
                         Scope.INVOLVED),),
    W.ADD_NAMED_CONTACT: CASE_DATA,
    W.LINK_ASSOCIATION: (Grant(frozenset({K.POLICE}), frozenset({
        R.PUBLIC_PROTECTION_OFFICER, R.INTELLIGENCE_ANALYST}), Scope.VISIBLE),),
    W.ADD_LICENCE_CONDITION: CASE_DATA,
    W.ADD_PREMISES: (Grant(RESPONSIBLE_AUTHORITY, RA_OFFICERS, Scope.ANYWHERE),),
    W.RECORD_RISK_ASSESSMENT: CASE_DATA,
    W.ADD_INTERVENTION: CASE_DATA,
    W.RECORD_COMPLIANCE_EVENT: CASE_DATA,
    W.RECORD_NOTIFICATION: CASE_DATA,
    W.ACKNOWLEDGE_ALERT: CASE_DATA,
    W.RESOLVE_ALERT: CASE_DATA,
    W.REPORT_LOCATIONS: (Grant(frozenset({K.ELECTRONIC_MONITORING}), frozenset({
        R.PARTNER_SYSTEM}), Scope.INVOLVED),),
    W.REQUEST_EMERGENCY_ACCESS: (Grant(frozenset({K.POLICE, K.PROBATION}), RA_OFFICERS,
                                       Scope.NOT_INVOLVED),),
    W.REVOKE_EMERGENCY_ACCESS: (
        Grant(None, frozenset(R), Scope.GRANTEE),
        Grant(RESPONSIBLE_AUTHORITY, RA_OFFICERS, Scope.LEAD),
    ),
    # The lead agency's officers and the case's MAPPA coordinators (a MAPPA_COORDINATOR of any
    # agency involved in it); never the grantee (app/cases/service.py refuses self-review).
    W.REVIEW_EMERGENCY_ACCESS: LEAD_OR_COORDINATOR,
    W.DRAFT_PLAN: CASE_DATA,
    W.AGREE_PLAN: CASE_DATA,
    W.ADD_PLAN_ACTION: CASE_DATA,
    W.SET_ACTION_STATUS: LEAD_OR_COORDINATOR,
    # The owner exception: any officer of the agency that owes the action.
    W.MARK_ACTION_DONE: (*LEAD_OR_COORDINATOR, Grant(None, OFFICER_ROLES, Scope.OWNER)),
    W.SCHEDULE_MEETING: MEETINGS,
    W.INVITE_TO_MEETING: MEETINGS,
    W.ADD_AGENDA_CASE: MEETINGS,
    W.RECORD_ATTENDANCE: MEETINGS,
    W.RECORD_MEETING_DECISION: MEETINGS,
    W.CANCEL_MEETING: MEETINGS,
}
del W


def _in_scope(scope: Scope, access: CaseAccess | None) -> bool:
    if scope is Scope.ANYWHERE:
        return True
    if access is None:
        return False
    return {
        Scope.INVOLVED: access.involved,
        Scope.LEAD: access.lead,
        Scope.VISIBLE: access.visible,
        Scope.NOT_INVOLVED: not access.involved,
        Scope.GRANTEE: access.grantee,
        Scope.OWNER: access.owner,
        Scope.AREA: access.in_area,
    }[scope]


def held_grants(write: Write, kind: K, roles: tuple[R, ...] | list[R]) -> tuple[Grant, ...]:
    """The grants of `write` that the principal's agency kind and roles hold, wherever."""
    return tuple(g for g in RIGHTS[write] if g.holds_for(kind, roles))


def held_scopes(write: Write, kind: K, roles: tuple[R, ...] | list[R]) -> list[str]:
    """Where the principal's grants of `write` hold, for a query that applies them to many cases
    at once (the EMERGENCY_ACCESS alerts' grants: `LEAD`, `INVOLVED` in queries/alert/)."""
    return sorted({g.scope.value for g in held_grants(write, kind, roles)})


def verdict(
    write: Write, kind: K, roles: tuple[R, ...] | list[R], access: CaseAccess | None
) -> Verdict:
    """Whether the principal may make `write` on a case (`access`; None when there is no case).

    A refusal is NOT_FOUND when the principal may not see the case, FORBIDDEN otherwise.
    """
    if any(_in_scope(g.scope, access) for g in held_grants(write, kind, roles)):
        return Verdict.ALLOWED
    if access is None or access.visible or access.grantee or access.owner:
        return Verdict.FORBIDDEN
    return Verdict.NOT_FOUND


def seen(access: CaseAccess, principal: Principal) -> CaseAccess:
    """A principal whose role sees no class of case data sees no case at all (nor, so, the
    actions its agency owns)."""
    if principal.field_classes:
        return access
    return replace(access, visible=False, owner=False)


def authorise(
    write: Write, principal: Principal, access: CaseAccess | None, *, case: bool = True,
    missing: str = "no such offender",
) -> None:
    """Raise unless `principal` may make `write` (on the case `access` describes; `case=False`
    for writes outside any case)."""
    if case and access is None:
        raise NotFound(missing)
    outcome = verdict(write, principal.agency_kind, principal.roles,
                      seen(access, principal) if access is not None else None)
    if outcome is Verdict.NOT_FOUND:
        raise NotFound(missing)
    if outcome is Verdict.FORBIDDEN:
        raise forbidden(write, principal)


def authorise_outside_case(write: Write, principal: Principal) -> None:
    """Raise unless `principal` may make `write`, which concerns no case. It depends on the
    caller alone, so the API makes this check before validating the input as well: a caller who
    may not make the write is told so, whatever they sent."""
    authorise(write, principal, None, case=False)


def forbidden(write: Write, principal: Principal) -> Forbidden:
    roles = ", ".join(principal.roles) or "no role"
    return Forbidden(f"{roles} of a {principal.agency_kind} agency may not {write.value} here")
