"""What the case-data writes made or changed, and the facts they are decided on."""

from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from app.domain.enums import (
    ComplianceKind,
    ConditionKind,
    EmergencyReviewOutcome,
    InterventionKind,
    MappaCategory,
    MappaLevel,
    NotificationKind,
    PremisesKind,
    Purpose,
    ResidenceKind,
    RiskLevel,
    Role,
)
from app.domain.offenders import Record

CaseRoute = Literal["OFFENDER", "CONTACT", "VICTIM", "PROTECTED"]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PersonCase(_Record):
    """One case a person belongs to, by which route, and the caller's relation to it."""

    offender_id: str
    route: CaseRoute
    involved: bool
    visible: bool


class PersonCases(_Record):
    is_offender: bool
    is_victim: bool
    cases: tuple[PersonCase, ...]
    resident_from: date | None  # when the current residence began
    located_from: date | None  # when a victim's current protected address began


class AgencyInvolvement(_Record):
    agency_id: str
    lead: bool
    basis: str | None  # None: never involved (the open involvement, else the last one ended)
    since: date | None
    until: date | None


class OfficerFacts(_Record):
    role: str
    agency_id: str | None
    agency_involved: bool


class NotificationBasis(_Record):
    registered_sex_offender: bool
    last_renewal: date | None  # the last INITIAL or ANNUAL notification made before
    last_move: date | None  # the latest residence begun on or before


class OffenderCreated(_Record):
    id: str
    name: str
    category: MappaCategory
    level: MappaLevel
    lead_agency_id: str
    area: str | None


class Involvement(_Record):
    offender_id: str
    agency_id: str
    basis: str
    since: date | None
    until: date | None


class CaseOfficerAssigned(_Record):
    offender_id: str
    officer_id: str
    since: date | None


class MappaLevelSet(_Record):
    offender_id: str
    level: MappaLevel
    previous_level: MappaLevel | None
    reason: str


class AddressRecorded(_Record):
    person_id: str
    address_id: str
    from_: date
    kind: ResidenceKind | None  # None for a victim's protected address
    protected: bool
    ended_address_ids: tuple[str, ...]


class VictimAdded(_Record):
    id: str
    offender_id: str
    address_id: str | None


class NamedContactAdded(_Record):
    id: str
    offender_id: str
    relationship: str
    household_member: bool
    address_id: str | None


class AssociationLinked(_Record):
    person_a_id: str
    person_b_id: str
    source_agency: str
    source: int
    information: str
    handling: str
    observed_at: datetime


class LicenceConditionAdded(_Record):
    id: str
    offender_id: str
    kind: ConditionKind
    valid_from: date
    valid_to: date | None
    protected_person_id: str | None
    zone_id: str | None
    premises_kind: PremisesKind | None


class PremisesAdded(_Record):
    id: str
    name: str
    kind: PremisesKind
    area: str | None


class RiskAssessmentRecorded(_Record):
    id: str
    offender_id: str
    tool: str
    assessed_on: date
    overall: RiskLevel


class InterventionAdded(_Record):
    id: str
    offender_id: str
    kind: InterventionKind
    name: str
    status: str
    start: date
    end: date | None


class ComplianceEventRecorded(_Record):
    id: str
    offender_id: str
    kind: ComplianceKind
    at: datetime
    outcome: str


class NotificationRecorded(_Record):
    id: str
    offender_id: str
    kind: NotificationKind
    made_on: date
    due_on: date


class EmergencyGrant(Record):
    """A break-glass grant as stored (MODEL.md), read with camelCase keys: who took it, as what,
    why and for which purpose of use, for how long, its revocation and its review."""

    id: str
    offender_id: str
    user_id: str
    agency_id: str
    roles: tuple[Role, ...] = ()
    purpose: Purpose | None = None  # kept since issue 19; older grants have none
    justification: str
    granted_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    revoked_by: str | None = None
    review_outcome: EmergencyReviewOutcome | None = None
    review_note: str | None = None
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None


def notification_due_on(kind: NotificationKind, made_on: date, basis: NotificationBasis) -> date:
    """When a notification was due (MODEL.md): an ANNUAL one a year after the last INITIAL or
    ANNUAL, an ADDRESS_CHANGE 3 days after the move; any other the day it was made (the
    registration date an INITIAL is due from is not recorded)."""
    if kind is NotificationKind.ANNUAL and basis.last_renewal is not None:
        last = basis.last_renewal
        try:
            return last.replace(year=last.year + 1)
        except ValueError:  # 29 February
            return last.replace(year=last.year + 1, day=28)
    if kind is NotificationKind.ADDRESS_CHANGE and basis.last_move is not None:
        return basis.last_move + timedelta(days=3)
    return made_on
