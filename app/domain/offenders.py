"""An offender as one caller may see it: every field of a class the caller lacks is None.

None means "withheld or unknown"; the redactions list (app/policy/redaction.py) tells the two apart.
Lists follow the same rule: None is withheld, an empty tuple is "none recorded".
"""

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from app.domain.enums import (
    AgencyKind,
    ComplianceKind,
    ConditionKind,
    InterventionKind,
    MappaCategory,
    MappaLevel,
    NotificationKind,
    PremisesKind,
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
