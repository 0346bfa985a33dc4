"""An offender as one caller may see it: every field of a class the caller lacks is None.

None means "withheld or unknown"; the redactions list (app/access/redaction.py) tells the two apart.
Lists follow the same rule: None is withheld, an empty tuple is "none recorded".

What the case-data writes made or changed, and the facts they are decided on; and, last, their
inputs, validated before any Cypher runs.
"""

from datetime import date, datetime, timedelta
from typing import Annotated, Literal, Self, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel

from app.core import geometry
from app.core.enums import (
    AgencyKind,
    ComplianceKind,
    ConditionKind,
    EmergencyReviewOutcome,
    InterventionKind,
    MappaCategory,
    MappaLevel,
    NotificationKind,
    PersonKind,
    PremisesKind,
    Purpose,
    ResidenceKind,
    RiskLevel,
    Role,
    listed,
)
from app.core.inputs import (
    LATITUDE,
    LONGITUDE,
    OFFENDER_ID,
    BirthDate,
    FieldProblem,
    Id,
    Input,
    Latitude,
    Longitude,
    Name,
    PastDate,
    PastInstant,
    PlannedDate,
    Pnc,
    Postcode,
    Text,
    today,
)

# Values a field takes from a few (the records' and the inputs').
# MAPPA_MEETING is written by a meeting's invitation (app/meetings), never given to involveAgency.
InvolvementBasis = Literal["MAPPA_CATEGORY", "DUTY_TO_COOPERATE", "LICENCE_CONDITION",
                           "SAFEGUARDING", "MAPPA_MEETING"]
MEETING_BASIS = "MAPPA_MEETING"
GIVEN_BASES = [basis for basis in get_args(InvolvementBasis) if basis != MEETING_BASIS]
ContactRelationship = Literal["PARTNER", "CHILD", "PARENT", "SIBLING", "FRIEND", "EMPLOYER",
                              "OTHER"]
ComplianceOutcome = Literal["WARNING", "FINAL_WARNING", "BREACH_ACTION", "RECALL", "NONE"]
ZoneKind = Literal["EXCLUSION", "INCLUSION"]


class Record(BaseModel):
    """Read from the graph with camelCase keys, used in Python with snake_case names."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", alias_generator=to_camel,
        validate_by_name=True, validate_by_alias=True,
    )


PERSON_ID = "The person's id: the same for every caller."


class GeoPoint(Record):
    latitude: float = Field(description="Latitude in degrees, -90 to 90.")
    longitude: float = Field(description="Longitude in degrees, -180 to 180.")


class Address(Record):
    id: str = Field(description="The address's id: each case's record of a place has its own.")
    line1: str = Field(description="The first line: number and street, or the building.")
    town: str = Field(description="The town or city.")
    postcode: str = Field(description="The UK postcode, e.g. M15 4QX.")
    location: GeoPoint | None = Field(default=None, description="Where it is on the map; null "
                                      "when not recorded.")


class Residence(Record):
    address: Address = Field(description="Where.")
    kind: ResidenceKind = Field(description="What kind of residence.")
    from_: date | None = Field(default=None, alias="from", description="When it began.")
    to: date | None = Field(default=None, description="When it ended; null while it lasts.")


class AgencySummary(Record):
    id: str = Field(description="The agency's id.")
    name: str = Field(description="The agency's name.")
    kind: AgencyKind = Field(description="What kind of agency it is.")


class Involvement(Record):
    agency: AgencySummary = Field(description="The agency involved.")
    basis: str = Field(description="Why it is involved: LEAD (the lead agency), or "
                       f"{listed(get_args(InvolvementBasis))}.")
    since: date | None = Field(default=None, description="When the involvement began.")
    until: date | None = Field(default=None, description="When it ends, if it has an end; the "
                               "agency loses the case that day.")


class OfficerSummary(Record):
    id: str = Field(description="The officer's id (their tokens' subject).")
    name: str = Field(description="The officer's name.")
    role: Role = Field(description="The officer's role.")
    agency_id: str | None = Field(default=None, description="The agency the officer works for.")
    since: date | None = Field(default=None, description="Since when the officer manages the "
                               "case.")


class Zone(Record):
    id: str = Field(description="The zone's id.")
    kind: str = Field(description=f"{listed(get_args(ZoneKind))}: an EXCLUSION zone must not be "
                      "entered, an INCLUSION zone must not be left.")
    shape: str = Field(description="POLYGON or CIRCLE.")
    geometry: str = Field(description="GeoJSON: a Polygon, or a circle's centre Point.")
    radius_metres: float | None = Field(default=None, description="A circle's radius in metres; "
                                        "null for a polygon.")
    valid_from: date | None = Field(default=None, description="When the zone comes into force "
                                    "(its condition's validFrom).")
    valid_to: date | None = Field(default=None, description="When it ends; null while the "
                                  "condition lasts.")


class LicenceCondition(Record):
    id: str = Field(description="The condition's id.")
    kind: ConditionKind = Field(description="What the condition requires.")
    text: str = Field(description="The condition as the licence words it.")
    valid_from: date | None = Field(default=None, description="When it comes into force.")
    valid_to: date | None = Field(default=None, description="When it ends; null while the "
                                  "licence lasts.")
    premises_kind: PremisesKind | None = Field(default=None, description="The kind of premises "
                                               "an OUT_OF_BOUNDS_PREMISES_TYPE condition bars.")
    zones: tuple[Zone, ...] = Field(default=(), description="Every zone the condition defines.")
    protected_person_ids: tuple[str, ...] = ()


class RiskOfSeriousHarm(Record):
    overall: RiskLevel = Field(description="The highest of the groups' levels.")
    children: RiskLevel | None = Field(default=None, description="Risk to children.")
    public_at_large: RiskLevel | None = Field(default=None, description="Risk to the public at "
                                              "large.")
    known_adult: RiskLevel | None = Field(default=None, description="Risk to a known adult (a "
                                          "partner, a victim).")
    staff: RiskLevel | None = Field(default=None, description="Risk to staff.")
    assessed_on: date = Field(description="When it was assessed.")
    tool: str | None = Field(default=None, description="The assessment tool, e.g. OASys.")


class ContactPerson(Record):
    id: str = Field(description=PERSON_ID)
    name: str | None = Field(default=None, description="The contact's name.")
    date_of_birth: date | None = Field(default=None, description="The contact's date of birth, "
                                       "when known.")
    is_child: bool | None = Field(default=None, description="Whether they are under 18 today; "
                                  "null when their date of birth is not known.")


class Contact(Record):
    relationship: str = Field(description="Who they are to the offender: "
                              f"{listed(get_args(ContactRelationship))}.")
    household_member: bool = Field(description="Whether they live in the offender's household.")
    person: ContactPerson = Field(description="The contact.")


class PersonSummary(Record):
    """A person as a search hit or an associate: who, not their case (the GraphQL Person
    interface's fields, described here)."""

    id: str = Field(description=PERSON_ID)
    name: str | None = Field(default=None, description="Their name; null when withheld.")
    date_of_birth: date | None = Field(default=None, description="Their date of birth; null when "
                                       "withheld or not known.")


class Association(Record):
    person: PersonSummary = Field(description="Who the offender is associated with (only "
                                  "someone the caller may see).")
    source_agency: str | None = Field(default=None, description="The agency that recorded it.")
    source: int | None = Field(default=None, description="Source evaluation, 1 (reliable) to 3 "
                               "(not reliable).")
    information: str | None = Field(default=None, description="Information assessment, A (known "
                                    "directly) to E (suspected false).")
    handling: str = Field(description="Handling code: P (may be shared with partners) or C "
                          "(police only).")
    observed_at: datetime | None = Field(default=None, description="When the association was "
                                         "observed.")


class Victim(Record):
    id: str = Field(description=PERSON_ID)
    name: str | None = Field(default=None, description="The victim's name.")
    date_of_birth: date | None = Field(default=None, description="The victim's date of birth, "
                                       "when known.")
    location: Address | None = Field(default=None, description="The victim's protected "
                                     "address.")


class HealthNote(Record):
    id: str = Field(description="The note's id.")
    text: str = Field(description="The note.")
    recorded_on: date | None = Field(default=None, description="When it was recorded.")


class LocationFix(Record):
    location: GeoPoint
    at: datetime | None = Field(default=None, description="When the fix was taken.")


class Intervention(Record):
    id: str = Field(description="The intervention's id.")
    kind: InterventionKind = Field(description="What kind of intervention.")
    name: str = Field(description="The programme's name.")
    status: str = Field(description="PLANNED, ACTIVE or COMPLETED, as its start and end stood "
                        "when it was recorded.")
    start: date | None = Field(default=None, description="When it starts.")
    end: date | None = Field(default=None, description="When it ends; null when open-ended.")


class ComplianceEvent(Record):
    id: str = Field(description="The event's id.")
    kind: ComplianceKind = Field(description="What happened.")
    at: datetime = Field(description="When.")
    outcome: str | None = Field(default=None, description="What was done: "
                                f"{listed(get_args(ComplianceOutcome))}.")


class Notification(Record):
    id: str = Field(description="The notification's id.")
    kind: NotificationKind = Field(description="What was notified.")
    made_on: date = Field(description="When it was made.")
    due_on: date | None = Field(default=None, description="When it was due (a late one is past "
                                "this).")


class OffenderRecord(Record):
    """One offender the caller may see; None where the caller's classes withhold the field."""

    id: str = Field(description=PERSON_ID)
    name: str | None = Field(default=None, description="The offender's name.")
    date_of_birth: date | None = Field(default=None, description="The offender's date of birth.")
    aliases: tuple[str, ...] | None = Field(default=None, description="Other names the offender "
                                            "is known by.")
    pnc: str | None = Field(default=None, description="The Police National Computer reference, "
                            "e.g. 24/123456A.")
    visor_ref: str | None = Field(default=None, description="The ViSOR (Violent and Sex Offender "
                                  "Register) reference.")
    category: MappaCategory | None = Field(default=None, description="The MAPPA category.")
    level: MappaLevel | None = Field(default=None, description="The MAPPA level.")
    area: str | None = Field(default=None, description="The criminal justice area managing the "
                             "case (the lead agency's, e.g. GMP).")
    review_date: date | None = Field(default=None, description="When the case is next "
                                     "reviewed.")
    registered_sex_offender: bool | None = Field(
        default=None, description="Whether the offender is a registered sexual offender, "
        "subject to notification requirements.")
    lead_agency: AgencySummary | None = Field(default=None, description="The agency leading the "
                                              "case.")
    agencies: tuple[Involvement, ...] | None = Field(default=None, description="The agencies "
                                                     "involved in the case now.")
    officers: tuple[OfficerSummary, ...] | None = Field(
        default=None, description="The case officers managing the case, of agencies involved in "
        "it now.")
    index_offence: str | None = Field(default=None, description="A summary of the index offence, "
                                      "which brought the offender under MAPPA.")
    current_address: Address | None = Field(
        default=None, description="Where the offender lives today: the residence in force "
        "(never a PROPOSED one), the latest begun if several.")
    addresses: tuple[Residence, ...] | None = Field(
        default=None, description="Every residence recorded, past, current and proposed, newest "
        "first.")
    conditions: tuple[LicenceCondition, ...] | None = Field(
        default=None, description="The licence conditions, oldest first.")
    risk_of_serious_harm: RiskOfSeriousHarm | None = Field(
        default=None, description="The latest risk of serious harm assessment; null when none.")
    contacts: tuple[Contact, ...] | None = Field(default=None, description="Named contacts and "
                                                 "household members.")
    associations: tuple[Association, ...] | None = Field(
        default=None, description="Graded associations with people the caller may see, newest "
        "first.")
    victims: tuple[Victim, ...] | None = Field(default=None, description="The offender's "
                                               "victims.")
    health_notes: tuple[HealthNote, ...] | None = Field(default=None, description="Health notes, "
                                                        "newest first.")
    last_known_location: LocationFix | None = Field(
        default=None, description="The newest location electronic monitoring reported; null "
        "when none.")
    interventions: tuple[Intervention, ...] | None = Field(
        default=None, description="Interventions and programmes, newest first.")
    compliance_events: tuple[ComplianceEvent, ...] | None = Field(
        default=None, description="Compliance events, newest first.")
    notifications: tuple[Notification, ...] | None = Field(
        default=None, description="Sex-offender notifications, newest first.")

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


class PersonHit(Record):
    person: PersonSummary = Field(description="Who was found.")
    score: float = Field(description=(
        "How well the text matches this person's name or one of their aliases, from 0 to 1: "
        "the mean of the share of the text's words found in the name and the share of the "
        "name's words the text matches (a whole word counts 1, its beginning 1/2), for the "
        "best of the person's names; 1 when a name's words are the text's. Computed from the "
        "person's own names alone, so who else is in the graph, seen or hidden, changes "
        "neither it nor the order."))
    kind: PersonKind = Field(description="The role the caller sees them in.")


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
    id: str = Field(description="The new offender's id.")
    name: str = Field(description="Their name.")
    category: MappaCategory = Field(description="The MAPPA category.")
    level: MappaLevel = Field(description="The MAPPA level.")
    lead_agency_id: str = Field(description="The lead agency: the caller's.")
    area: str | None = Field(description="The area managing the case: the lead agency's.")


class InvolvementChanged(_Record):
    offender_id: str = Field(description="The offender's id.")
    agency_id: str = Field(description="The agency's id.")
    basis: str = Field(description="Why it is involved.")
    since: date | None = Field(description="When the involvement began.")
    until: date | None = Field(description="When it ends (today, for a withdrawal).")


class CaseOfficerAssigned(_Record):
    offender_id: str = Field(description="The offender's id.")
    officer_id: str = Field(description="The officer's id.")
    since: date | None = Field(description="Since when they manage it (kept as it was if they "
                               "already did).")


class MappaLevelSet(_Record):
    offender_id: str = Field(description="The offender's id.")
    level: MappaLevel = Field(description="The new level.")
    previous_level: MappaLevel | None = Field(description="The level before.")
    reason: str = Field(description="Why it changed.")


class AddressRecorded(_Record):
    person_id: str = Field(description="The person's id.")
    address_id: str = Field(description="The new address's id: this case's own record of the "
                            "place.")
    from_: date = Field(description="When they live there from.")
    kind: ResidenceKind | None = Field(description="What kind of residence; null for a victim's "
                                       "protected address.")
    protected: bool = Field(description="Whether it is a victim's protected address "
                            "(VICTIM_LOCATION).")
    ended_address_ids: tuple[str, ...] = Field(description="The addresses whose residence this "
                                               "one ended.")


class VictimAdded(_Record):
    id: str = Field(description="The victim's id.")
    offender_id: str = Field(description="The offender's id.")
    address_id: str | None = Field(description="Their protected address's id, if one was "
                                   "given.")


class NamedContactAdded(_Record):
    id: str = Field(description="The contact's id.")
    offender_id: str = Field(description="The offender's id.")
    relationship: str = Field(description="Who they are to the offender.")
    household_member: bool = Field(description="Whether they live in the offender's household.")
    address_id: str | None = Field(description="Their address's id, if one was given.")


class AssociationLinked(_Record):
    person_a_id: str = Field(description="One person's id.")
    person_b_id: str = Field(description="The other's.")
    source_agency: str = Field(description="The agency that recorded it: the caller's.")
    source: int = Field(description="Source evaluation, 1 to 3.")
    information: str = Field(description="Information assessment, A to E.")
    handling: str = Field(description="P (may be shared) or C (police only).")
    observed_at: datetime = Field(description="When it was observed.")


class LicenceConditionAdded(_Record):
    id: str = Field(description="The condition's id.")
    offender_id: str = Field(description="The offender's id.")
    kind: ConditionKind = Field(description="What it requires.")
    valid_from: date = Field(description="When it comes into force.")
    valid_to: date | None = Field(description="When it ends.")
    protected_person_id: str | None = Field(description="The person it protects.")
    zone_id: str | None = Field(description="Its zone's id.")
    premises_kind: PremisesKind | None = Field(description="The kind of premises it bars.")


class PremisesAdded(_Record):
    id: str = Field(description="The premises' id.")
    name: str = Field(description="Their name.")
    kind: PremisesKind = Field(description="What kind of premises.")
    area: str | None = Field(description="The area they lie in.")


class RiskAssessmentRecorded(_Record):
    id: str = Field(description="The assessment's id.")
    offender_id: str = Field(description="The offender's id.")
    tool: str = Field(description="The assessment tool.")
    assessed_on: date = Field(description="When it was assessed.")
    overall: RiskLevel = Field(description="The highest of the groups' levels.")


class InterventionAdded(_Record):
    id: str = Field(description="The intervention's id.")
    offender_id: str = Field(description="The offender's id.")
    kind: InterventionKind = Field(description="What kind of intervention.")
    name: str = Field(description="The programme's name.")
    status: str = Field(description="PLANNED, ACTIVE or COMPLETED, by its start and end today.")
    start: date = Field(description="When it starts.")
    end: date | None = Field(description="When it ends.")


class ComplianceEventRecorded(_Record):
    id: str = Field(description="The event's id.")
    offender_id: str = Field(description="The offender's id.")
    kind: ComplianceKind = Field(description="What happened.")
    at: datetime = Field(description="When.")
    outcome: str = Field(description="What was done.")


class NotificationRecorded(_Record):
    id: str = Field(description="The notification's id.")
    offender_id: str = Field(description="The offender's id.")
    kind: NotificationKind = Field(description="What was notified.")
    made_on: date = Field(description="When it was made.")
    due_on: date = Field(description="When it was due: for an ANNUAL one a year after the last "
                         "INITIAL or ANNUAL, for an ADDRESS_CHANGE 3 days after the move, else "
                         "the day it was made.")


EMERGENCY_ACCESS_HOURS = 4


class EmergencyGrant(Record):
    """A break-glass grant as stored (MODEL.md), read with camelCase keys: who took it, as what,
    why and for which purpose of use, for how long, its revocation and its review."""

    id: str = Field(description="The grant's id.")
    offender_id: str = Field(description="The case it opens.")
    user_id: str = Field(description="Who took it.")
    agency_id: str = Field(description="The agency they acted for.")
    roles: tuple[Role, ...] = Field(default=(), description="Their roles, which decide the "
                                    "classes it grants.")
    purpose: Purpose | None = Field(  # kept since issue 19; older grants have none
        default=None, description="The request's X-Purpose-Of-Use (null for grants taken before "
        "it was kept).")
    justification: str = Field(description="Why they needed access, in their words.")
    granted_at: datetime = Field(description="When it began.")
    expires_at: datetime = Field(description="When it ends of itself, "
                                 f"{EMERGENCY_ACCESS_HOURS} hours after it began.")
    revoked_at: datetime | None = Field(default=None, description="When it was revoked; null "
                                        "unless it was.")
    revoked_by: str | None = Field(default=None, description="Who revoked it.")
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


# The inputs of the case-data writes (app/core/inputs.py: how their fields are checked).

MAX_RADIUS_METRES = 50_000.0
MIN_JUSTIFICATION = 20  # characters of an emergency access justification (PRODUCT.md section 4)
MIN_JUSTIFICATION_WORDS = 3


class Coordinates(Input):
    latitude: Latitude = Field(description=LATITUDE)
    longitude: Longitude = Field(description=LONGITUDE)


class AddressInput(Input):
    line1: Name = Field(description="The first line: number and street, or the building.")
    town: Name = Field(description="The town or city.")
    postcode: Postcode = Field(description="A UK postcode, e.g. M15 4QX (kept in that form).")
    latitude: Latitude = Field(description=LATITUDE)
    longitude: Longitude = Field(description=LONGITUDE)


class ZoneInput(Input):
    """A polygon ([lon, lat] positions, closed) or a circle (centre and radius), not both."""

    kind: ZoneKind = Field(description=f"{listed(get_args(ZoneKind))}: an EXCLUSION zone must "
                           "not be entered, an INCLUSION zone must not be left.")
    polygon: list[tuple[Longitude, Latitude]] | None = Field(
        default=None, max_length=geometry.MAX_RING_POSITIONS,
        description="The boundary as [longitude, latitude] positions, the last the same as the "
        "first; leave out for a circle.")
    centre: Coordinates | None = Field(default=None, description="A circle's centre.")
    radius_metres: Annotated[float, Field(gt=0, le=MAX_RADIUS_METRES, allow_inf_nan=False)] | None \
        = Field(default=None, description=f"A circle's radius in metres, up to "
                f"{MAX_RADIUS_METRES:,.0f}.")

    @field_validator("polygon")
    @classmethod
    def _simple_ring(
        cls, ring: list[tuple[float, float]] | None
    ) -> list[tuple[float, float]] | None:
        if ring is not None:
            try:
                geometry.check_ring(ring)
            except geometry.RingProblem as problem:
                where = "" if problem.position is None else str(problem.position)
                raise FieldProblem(str(problem), where) from problem
        return ring

    @model_validator(mode="after")
    def _one_shape(self) -> Self:
        if self.polygon is not None:
            if self.centre is not None or self.radius_metres is not None:
                raise FieldProblem("give either a polygon, or a centre and radiusMetres",
                                   "centre" if self.centre is not None else "radiusMetres")
        elif self.centre is None:
            raise FieldProblem("a zone needs a polygon, or a centre and radiusMetres", "polygon")
        elif self.radius_metres is None:
            raise FieldProblem("a circular zone needs radiusMetres", "radiusMetres")
        return self


class CreateOffenderInput(Input):
    name: Name = Field(description="The offender's name.")
    date_of_birth: BirthDate = Field(description="Their date of birth.")
    category: MappaCategory = Field(description="The MAPPA category (CATEGORY_1: a registered "
                                    "sexual offender).")
    level: MappaLevel = Field(description="The MAPPA level.")
    index_offence: Text | None = Field(default=None, description="A summary of the index "
                                       "offence.")
    pnc: Pnc | None = Field(default=None, description="The Police National Computer reference, "
                            "e.g. 24/123456A; unique.")


class InvolveAgencyInput(Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    agency_id: Id = Field(description="The agency to involve.")
    basis: InvolvementBasis = Field(description=f"Why: {listed(GIVEN_BASES)} ({MEETING_BASIS} "
                                    "comes from a MAPPA meeting's invitation only).")
    until: PlannedDate | None = Field(default=None, description="When the involvement ends "
                                      "(after today); leave out for no end.")

    @field_validator("basis")
    @classmethod
    def _not_by_meeting(cls, basis: str) -> str:
        if basis == MEETING_BASIS:
            raise ValueError(f"{MEETING_BASIS} involvements come from a MAPPA meeting's "
                             "invitation (inviteToMeeting, addAgendaCase), not involveAgency")
        return basis

    @field_validator("until")
    @classmethod
    def _after_today(cls, until: date | None) -> date | None:
        if until is not None and until <= today():
            raise ValueError("must be after today (withdrawAgency ends an involvement now)")
        return until


class WithdrawAgencyInput(Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    agency_id: Id = Field(description="The agency to withdraw.")


class AssignCaseOfficerInput(Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    officer_id: Id = Field(description="The officer, of an agency involved in the case.")


class SetMappaLevelInput(Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    level: MappaLevel = Field(description="The new level.")
    reason: Text = Field(description="Why, e.g. the MAPP meeting's decision.")


class RecordAddressInput(Input):
    person_id: Id = Field(description="The offender, contact or victim, of a case the caller's "
                          "agency is involved in.")
    address: AddressInput = Field(description="The address.")
    from_: PlannedDate = Field(alias="from", description="When they live there from (up to a "
                               "year ahead).")
    kind: ResidenceKind = Field(default=ResidenceKind.HOME, description="What kind of residence "
                                "(not kept for a victim's protected address).")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @field_validator("from_")
    @classmethod
    def _not_far_ahead(cls, value: date) -> date:
        if value > today() + timedelta(days=366):
            raise ValueError("must not be more than a year ahead")
        return value


class AddVictimInput(Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    name: Name = Field(description="The victim's name.")
    date_of_birth: BirthDate | None = Field(default=None, description="Their date of birth, if "
                                            "known.")
    address: AddressInput | None = Field(default=None, description="Their protected address, if "
                                         "known.")


class AddNamedContactInput(Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    name: Name = Field(description="The contact's name.")
    relationship: ContactRelationship = Field(
        description=f"Who they are to the offender: {listed(get_args(ContactRelationship))}.")
    date_of_birth: BirthDate | None = Field(default=None, description="Their date of birth, if "
                                            "known (it tells whether they are a child).")
    household_member: bool = Field(default=False, description="They live in the offender's "
                                   "household (then give no address).")
    address: AddressInput | None = Field(default=None, description="Where they live, if not "
                                         "with the offender.")

    @model_validator(mode="after")
    def _household_lives_with_offender(self) -> Self:
        if self.household_member and self.address is not None:
            raise FieldProblem("a household member lives at the offender's address; leave "
                               "address out", "address")
        return self


class Grading(Input):
    """The 3x5x2 intelligence grading: source 1..3, information A..E (handling is separate)."""

    source: Annotated[int, Field(ge=1, le=3)] = Field(
        description="Source evaluation: 1 (reliable), 2 (untested) or 3 (not reliable).")
    information: Literal["A", "B", "C", "D", "E"] = Field(
        description="Information assessment: A (known directly) to E (suspected false).")


class LinkAssociationInput(Input):
    person_a_id: Id = Field(description="One person, on a case the caller may see.")
    person_b_id: Id = Field(description="The other (not the same).")
    grading: Grading = Field(description="The intelligence grading.")
    handling: Literal["P", "C"] = Field(description="P (may be shared) or C (police only).")
    observed_at: PastInstant = Field(description="When the association was observed (not in "
                                     "the future).")

    @model_validator(mode="after")
    def _two_people(self) -> Self:
        if self.person_a_id == self.person_b_id:
            raise FieldProblem("a person cannot be associated with themselves", "personBId")
        return self


class AddLicenceConditionInput(Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    kind: ConditionKind = Field(description="What the condition requires.")
    text: Text = Field(description="The condition as the licence words it.")
    valid_from: PlannedDate = Field(description="When it comes into force.")
    valid_to: PlannedDate | None = Field(default=None, description="When it ends (not before "
                                         "validFrom); leave out for no end.")
    protected_person_id: Id | None = Field(default=None, description="The person a NO_CONTACT "
                                           "(or EXCLUSION_ZONE) condition protects.")
    zone: ZoneInput | None = Field(default=None, description="An EXCLUSION_ZONE condition's "
                                   "zone.")
    premises_kind: PremisesKind | None = Field(default=None, description="The kind of premises "
                                               "an OUT_OF_BOUNDS_PREMISES_TYPE condition bars.")

    @model_validator(mode="after")
    def _parts_fit_the_kind(self) -> Self:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise FieldProblem("must not be before validFrom", "validTo")
        needs = {
            ConditionKind.NO_CONTACT: ("protectedPersonId", self.protected_person_id),
            ConditionKind.EXCLUSION_ZONE: ("zone", self.zone),
            ConditionKind.OUT_OF_BOUNDS_PREMISES_TYPE: ("premisesKind", self.premises_kind),
        }
        if self.kind in needs and needs[self.kind][1] is None:
            raise FieldProblem(f"a {self.kind} condition needs {needs[self.kind][0]}",
                               needs[self.kind][0])
        if self.zone is not None and self.kind is not ConditionKind.EXCLUSION_ZONE:
            raise FieldProblem("only an EXCLUSION_ZONE condition defines a zone", "zone")
        if self.premises_kind is not None and \
                self.kind is not ConditionKind.OUT_OF_BOUNDS_PREMISES_TYPE:
            raise FieldProblem("only an OUT_OF_BOUNDS_PREMISES_TYPE condition names a premises "
                               "kind", "premisesKind")
        if self.protected_person_id is not None and self.kind not in {
                ConditionKind.NO_CONTACT, ConditionKind.EXCLUSION_ZONE}:
            raise FieldProblem("only NO_CONTACT and EXCLUSION_ZONE conditions protect a person",
                               "protectedPersonId")
        return self


class AddPremisesInput(Input):
    name: Name = Field(description="The premises' name.")
    kind: PremisesKind = Field(description="What kind of premises.")
    latitude: Latitude = Field(description=LATITUDE)
    longitude: Longitude = Field(description=LONGITUDE)


class RecordRiskAssessmentInput(Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    tool: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)] \
        = Field(description="The assessment tool, e.g. OASys.")
    assessed_on: PastDate = Field(description="When it was assessed (not in the future).")
    children: RiskLevel = Field(description="Risk to children.")
    public_at_large: RiskLevel = Field(description="Risk to the public at large.")
    known_adult: RiskLevel = Field(description="Risk to a known adult.")
    staff: RiskLevel = Field(description="Risk to staff.")


class AddInterventionInput(Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    kind: InterventionKind = Field(description="What kind of intervention.")
    name: Name = Field(description="The programme's name.")
    start: PlannedDate = Field(description="When it starts.")
    end: PlannedDate | None = Field(default=None, description="When it ends (not before start); "
                                    "leave out when open-ended.")

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.end is not None and self.end < self.start:
            raise FieldProblem("must not be before start", "end")
        return self


class RecordComplianceEventInput(Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    kind: ComplianceKind = Field(description="What happened.")
    at: PastInstant = Field(description="When (not in the future).")
    note: Text | None = Field(default=None, description="What the officer noted.")
    outcome: ComplianceOutcome = Field(
        default="NONE", description=f"What was done: {listed(get_args(ComplianceOutcome))}.")


class RecordNotificationInput(Input):
    offender_id: Id = Field(description=f"{OFFENDER_ID} The offender must be a registered "
                            "sexual offender.")
    kind: NotificationKind = Field(description="What was notified.")
    made_on: PastDate = Field(description="When it was made (not in the future).")
    details: Text | None = Field(default=None, description="What was notified, in words.")


def _sentence(value: str) -> str:
    """A justification is a real sentence, not a word or a row of dots."""
    words = value.split()
    if len(" ".join(words)) < MIN_JUSTIFICATION or len(words) < MIN_JUSTIFICATION_WORDS:
        raise ValueError(f"must say why you need access, in a sentence of at least "
                         f"{MIN_JUSTIFICATION} characters and {MIN_JUSTIFICATION_WORDS} words")
    return value


Justification = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2_000),
                          AfterValidator(_sentence)]


class RequestEmergencyAccessInput(Input):
    offender_id: Id = Field(description="The offender's id.")
    justification: Justification = Field(
        description=f"Why you need access: a sentence of at least {MIN_JUSTIFICATION} "
        f"characters and {MIN_JUSTIFICATION_WORDS} words.")


class GrantReference(Input):
    id: Id


class ReviewEmergencyAccessInput(Input):
    """The lead agency's or MAPPA coordinator's finding on a grant; UNJUSTIFIED says why."""

    id: Id = Field(description="The grant's id.")
    outcome: EmergencyReviewOutcome = Field(description="The finding.")
    note: Text | None = Field(default=None, description="Required for UNJUSTIFIED: what was "
                              "wrong with the access.")

    @model_validator(mode="after")
    def _unjustified_says_why(self) -> Self:
        if self.outcome is EmergencyReviewOutcome.UNJUSTIFIED and self.note is None:
            raise FieldProblem("an UNJUSTIFIED review must say why (what was wrong with the "
                               "access)", "note")
        return self
