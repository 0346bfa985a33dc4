"""An offender as one caller may see it: every field of a class the caller lacks is None.

None means "withheld or unknown"; the redactions list (app/access/redaction.py) tells the two apart.
Lists follow the same rule: None is withheld, an empty tuple is "none recorded".

What the case-data writes made or changed, and the facts they are decided on.
"""

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from app.core.enums import (
    AgencyKind,
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


class Record(BaseModel):
    """Read from the graph with camelCase keys, used in Python with snake_case names."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", alias_generator=to_camel,
        validate_by_name=True, validate_by_alias=True,
    )


class GeoPoint(Record):
    latitude: float
    longitude: float


class Address(Record):
    id: str
    line1: str
    town: str
    postcode: str
    location: GeoPoint | None = None


class Residence(Record):
    address: Address
    kind: ResidenceKind
    from_: date | None = Field(default=None, alias="from")
    to: date | None = None


class AgencySummary(Record):
    id: str
    name: str
    kind: AgencyKind


class Involvement(Record):
    agency: AgencySummary
    basis: str
    since: date | None = None
    until: date | None = None


class OfficerSummary(Record):
    id: str
    name: str
    role: Role
    agency_id: str | None = None
    since: date | None = None


class Zone(Record):
    id: str
    kind: str
    shape: str
    geometry: str
    radius_metres: float | None = None
    valid_from: date | None = None
    valid_to: date | None = None


class LicenceCondition(Record):
    id: str
    kind: ConditionKind
    text: str
    valid_from: date | None = None
    valid_to: date | None = None
    premises_kind: PremisesKind | None = None
    zones: tuple[Zone, ...] = ()
    protected_person_ids: tuple[str, ...] = ()


class RiskOfSeriousHarm(Record):
    tool: str | None = None
    assessed_on: date
    overall: RiskLevel
    children: RiskLevel | None = None
    public_at_large: RiskLevel | None = None
    known_adult: RiskLevel | None = None
    staff: RiskLevel | None = None


class ContactPerson(Record):
    id: str
    name: str | None = None
    date_of_birth: date | None = None
    is_child: bool | None = None


class Contact(Record):
    relationship: str
    household_member: bool
    person: ContactPerson


class PersonSummary(Record):
    id: str
    name: str | None = None
    date_of_birth: date | None = None


class Association(Record):
    person: PersonSummary
    source_agency: str | None = None
    source: int | None = None
    information: str | None = None
    handling: str
    observed_at: datetime | None = None


class Victim(Record):
    id: str
    name: str | None = None
    date_of_birth: date | None = None
    location: Address | None = None


class HealthNote(Record):
    id: str
    text: str
    recorded_on: date | None = None


class LocationFix(Record):
    location: GeoPoint
    at: datetime | None = None


class Intervention(Record):
    id: str
    kind: InterventionKind
    name: str
    status: str
    start: date | None = None
    end: date | None = None


class ComplianceEvent(Record):
    id: str
    kind: ComplianceKind
    at: datetime
    outcome: str | None = None


class Notification(Record):
    id: str
    kind: NotificationKind
    made_on: date
    due_on: date | None = None


class OffenderRecord(Record):
    """One offender the caller may see; None where the caller's classes withhold the field."""

    id: str
    name: str | None = None
    aliases: tuple[str, ...] | None = None
    date_of_birth: date | None = None
    pnc: str | None = None
    visor_ref: str | None = None
    category: MappaCategory | None = None
    level: MappaLevel | None = None
    area: str | None = None
    review_date: date | None = None
    registered_sex_offender: bool | None = None
    lead_agency: AgencySummary | None = None
    agencies: tuple[Involvement, ...] | None = None
    officers: tuple[OfficerSummary, ...] | None = None
    index_offence: str | None = None
    current_address: Address | None = None
    addresses: tuple[Residence, ...] | None = None
    conditions: tuple[LicenceCondition, ...] | None = None
    risk_of_serious_harm: RiskOfSeriousHarm | None = None
    contacts: tuple[Contact, ...] | None = None
    associations: tuple[Association, ...] | None = None
    victims: tuple[Victim, ...] | None = None
    health_notes: tuple[HealthNote, ...] | None = None
    last_known_location: LocationFix | None = None
    interventions: tuple[Intervention, ...] | None = None
    compliance_events: tuple[ComplianceEvent, ...] | None = None
    notifications: tuple[Notification, ...] | None = None

    def subject_ids(self) -> set[str]:
        """Every person, address and zone whose data this record holds: the subjects of the
        audit event of an answer that showed it (DPA 2018 s.62), so that "who has seen this
        victim" finds a profile read too."""
        ids = {self.id}
        addresses = [self.current_address, *(r.address for r in self.addresses or ()),
                     *(v.location for v in self.victims or ())]
        ids.update(a.id for a in addresses if a is not None)
        for condition in self.conditions or ():
            ids.update(zone.id for zone in condition.zones)
            ids.update(condition.protected_person_ids)
        ids.update(c.person.id for c in self.contacts or ())
        ids.update(a.person.id for a in self.associations or ())
        ids.update(v.id for v in self.victims or ())
        return ids


class OffenderFilter(Record):
    """The caseload filter: each criterion narrows the offenders the caller may see (the GraphQL
    OffenderFilter is derived from it)."""

    level: MappaLevel | None = Field(default=None, description="At this MAPPA level.")
    category: MappaCategory | None = Field(default=None, description="Of this MAPPA category.")
    area: str | None = Field(default=None, description="Managed in this area (e.g. GMP).")
    lead_agency_id: str | None = Field(default=None, description="Led by this agency.")
    text: str | None = Field(default=None, description="Whose name or an alias contains this "
                             "text (ignoring case).")


class CaseloadPage(Record):
    offenders: tuple[OffenderRecord, ...]
    has_next_page: bool


class PersonKind(StrEnum):
    """Through which role a person was found: the class that let the caller see them."""

    OFFENDER = "OFFENDER"
    VICTIM = "VICTIM"
    NAMED_CONTACT = "NAMED_CONTACT"


class PersonHit(Record):
    person: PersonSummary
    score: float
    kind: PersonKind


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


class InvolvementChanged(_Record):
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
