"""Offenders and the people around them, as the caller may see them (PRODUCT.md sections 4, 6).

A withheld field is null (a withheld list too, so "withheld" differs from "none") and the
object's `redactions` names it; the queries withhold it before it leaves the database.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Annotated, get_args

import strawberry
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionNode,
)
from strawberry.types import Info

from app.access import redaction as policy
from app.access.links import RESIDENCE_CLASS
from app.access.principal import Principal
from app.cases import models as domain
from app.cases import service
from app.cases.models import PersonKind
from app.core import inputs
from app.core.enums import (
    AgencyKind,
    ComplianceKind,
    ConditionKind,
    FieldClass,
    InterventionKind,
    MappaCategory,
    MappaLevel,
    NotificationKind,
    PremisesKind,
    ResidenceKind,
    RiskLevel,
    Role,
    listed,
)
from app.graphql.context import Context
from app.graphql.descriptions import (
    CLASS_NOTE,
    described_enum,
    with_field_classes,
)
from app.graphql.pagination import (
    MAX_FIRST,
    After,
    Edge,
    First,
    PageInfo,
    check_first,
    decode_cursor,
    encode_cursor,
)

if TYPE_CHECKING:
    from app.alerts.graphql import AlertConnection

described_enum(MappaCategory, "Why an offender is managed under MAPPA.", {
    MappaCategory.CATEGORY_1: "Category 1: a registered sexual offender.",
    MappaCategory.CATEGORY_2: "Category 2: a violent offender sentenced to 12 months or more, "
                              "or detained under a hospital order, or a sexual offender not "
                              "required to register.",
    MappaCategory.CATEGORY_3: "Category 3: another dangerous offender, whose offending shows "
                              "a risk of serious harm that needs multi-agency management.",
    MappaCategory.CATEGORY_4: "Category 4: a terrorist or terrorism-risk offender.",
})
described_enum(MappaLevel, "How much multi-agency management a case needs.", {
    MappaLevel.LEVEL_1: "Level 1: ordinary agency management, by the lead agency with "
                        "information shared.",
    MappaLevel.LEVEL_2: "Level 2: active multi-agency management at MAPP meetings.",
    MappaLevel.LEVEL_3: "Level 3: the highest risk, managed at MAPP meetings with senior "
                        "representatives and resources committed.",
})
described_enum(RiskLevel, "Risk of serious harm (RoSH), as assessments such as OASys grade "
               "it.", {
    RiskLevel.LOW: "No significant indicators of risk of serious harm.",
    RiskLevel.MEDIUM: "Identifiable indicators of risk of serious harm; unlikely to cause it "
                      "unless circumstances change.",
    RiskLevel.HIGH: "Identifiable indicators of risk of serious harm; the event could happen "
                    "at any time.",
    RiskLevel.VERY_HIGH: "An imminent risk of serious harm.",
})
described_enum(ConditionKind, "What a licence condition requires of the offender.", {
    ConditionKind.NO_CONTACT: "No contact with a named person (`protectedPerson`); sharing an "
                              "address, a contact link or an association with them raises "
                              "PROHIBITED_CONTACT, living near them PROXIMITY_TO_VICTIM.",
    ConditionKind.EXCLUSION_ZONE: "Not to enter a zone (or, for an INCLUSION zone, not to "
                                  "leave it); a residence or a location fix in breach raises an "
                                  "alert.",
    ConditionKind.RESIDENCE: "To live at an approved address.",
    ConditionKind.CURFEW: "To stay at home during set hours.",
    ConditionKind.NO_UNSUPERVISED_CONTACT_WITH_CHILDREN: "No unsupervised contact with anyone "
                                                         "under 18.",
    ConditionKind.OUT_OF_BOUNDS_PREMISES_TYPE: "To keep away from premises of a kind "
                                               "(`premisesKind`); living or being located near "
                                               "one raises NEAR_RESTRICTED_PREMISES.",
    ConditionKind.NON_ASSOCIATION_WITH_SEX_OFFENDERS: "Not to associate with other sexual "
                                                      "offenders.",
})
described_enum(PremisesKind, "Premises where children gather, which a condition may bar an "
               "offender from.", {
    PremisesKind.SCHOOL: "A school.",
    PremisesKind.PLAYGROUND: "A playground.",
    PremisesKind.NURSERY: "A nursery.",
    PremisesKind.YOUTH_CLUB: "A youth club.",
})
described_enum(ResidenceKind, "What kind of residence an address is for its resident.", {
    ResidenceKind.HOME: "A home of their own or their family's.",
    ResidenceKind.APPROVED_PREMISES: "An Approved Premises (a probation hostel); offenders "
                                     "sharing one do not raise OFFENDER_ASSOCIATION.",
    ResidenceKind.TEMPORARY: "Temporary accommodation.",
    ResidenceKind.PROPOSED: "An address proposed, for release or a move: never the current "
                            "address, and no alert rule reads it as where he lives.",
})
described_enum(InterventionKind, "What kind of intervention an offender attends.", {
    InterventionKind.ACCREDITED_PROGRAMME: "An accredited offending behaviour programme.",
    InterventionKind.DRUG: "A drug programme.",
    InterventionKind.ALCOHOL: "An alcohol programme.",
    InterventionKind.OTHER: "Any other intervention.",
})
described_enum(ComplianceKind, "What a compliance event records.", {
    ComplianceKind.MISSED_APPOINTMENT: "A missed supervision appointment (several close "
                                       "together raise NON_COMPLIANCE).",
    ComplianceKind.LATE_FOR_CURFEW: "Late for curfew.",
    ComplianceKind.CONDITION_BREACH: "A breach of a licence condition (raises "
                                     "NON_COMPLIANCE).",
    ComplianceKind.POSITIVE_TEST: "A positive drug or alcohol test.",
})
described_enum(NotificationKind, "What a registered sexual offender notified the police of.", {
    NotificationKind.INITIAL: "The initial notification after conviction or release.",
    NotificationKind.ANNUAL: "The yearly renewal (overdue a year after the last initial or "
                             "annual one).",
    NotificationKind.ADDRESS_CHANGE: "A change of address (due within 3 days of the move).",
    NotificationKind.TRAVEL: "Travel abroad.",
    NotificationKind.HOUSEHOLD_WITH_CHILD: "Staying at a household with a child.",
    NotificationKind.BANK_CARD: "A bank account or card.",
    NotificationKind.IDENTITY_DOCUMENT: "A passport or other identity document.",
})
described_enum(PersonKind, "The role in which the caller sees a person, which decides the "
               "class of their name and date of birth.", {
    kind: f"{text} {CLASS_NOTE.format(policy.PERSON_KIND_CLASS[kind])}"
    for kind, text in (
        (PersonKind.OFFENDER, "An offender whose case the caller may see."),
        (PersonKind.VICTIM, "A victim of an offender whose case the caller may see."),
        (PersonKind.NAMED_CONTACT, "A named contact or household member of such an offender."),
    )
})

CURSOR_KIND = "offender"
PERSON_CLASSES = ", ".join(f"{kind.value} {field_class.value}"
                           for kind, field_class in policy.PERSON_KIND_CLASS.items())


@strawberry.type(description="A field withheld from the caller: it comes back null, and this "
                 "says which, of what class, and why.")
class Redaction:
    field: str = strawberry.field(description="The field withheld, by its name in the schema (a "
                                  "dotted path for one inside a list, e.g. victims.location).")
    field_class: FieldClass = strawberry.field(description="The need-to-know class it belongs "
                                               "to.")
    reason: str = strawberry.field(description="Why it is withheld, e.g. not granted to HOUSING "
                                   "/ PARTNER_OFFICER.")


@strawberry.interface(description="Anyone the graph knows: offender, victim or named contact.")
class Person:
    id: strawberry.ID = strawberry.field(description="The person's id: the same for every "
                                         "caller.")
    name: str | None = strawberry.field(description="Their name; null when withheld.")
    date_of_birth: date | None = strawberry.field(description="Their date of birth; null when "
                                                  "withheld or not known.")
    redactions: list[Redaction] = strawberry.field(description="What of this person is "
                                                   "withheld from the caller, and why.")


@strawberry.type(description="A point on the map (WGS 84).")
class GeoPoint:
    latitude: float = strawberry.field(description="Latitude in degrees, -90 to 90.")
    longitude: float = strawberry.field(description="Longitude in degrees, -180 to 180.")


@strawberry.type(description="An address as a case recorded it. Its class is its resident's ("
                 + ", ".join(f"{kind} {field_class}" for kind, field_class
                             in RESIDENCE_CLASS.items()) + ").")
class Address:
    id: strawberry.ID = strawberry.field(description="The address's id: each case's record of "
                                         "a place has its own.")
    line1: str = strawberry.field(description="The first line: number and street, or the "
                                  "building.")
    town: str = strawberry.field(description="The town or city.")
    postcode: str = strawberry.field(description="The UK postcode, e.g. M15 4QX.")
    location: GeoPoint | None = strawberry.field(description="Where it is on the map; null when "
                                                 "not recorded.")


@strawberry.type(description="A period of an offender's residence at an address.")
class Residence:
    address: Address = strawberry.field(description="Where.")
    kind: ResidenceKind = strawberry.field(description="What kind of residence.")
    from_: date | None = strawberry.field(name="from", description="When it began.")
    to: date | None = strawberry.field(description="When it ended; null while it lasts.")


@strawberry.type(description="An agency, as a case names it.")
class AgencySummary:
    id: strawberry.ID = strawberry.field(description="The agency's id.")
    name: str = strawberry.field(description="The agency's name.")
    kind: AgencyKind = strawberry.field(description="What kind of agency it is.")


@strawberry.type(description="An agency's involvement in a case: the need-to-know grant that "
                 "lets its principals see the case while it is open.")
class Involvement:
    agency: AgencySummary = strawberry.field(description="The agency involved.")
    basis: str = strawberry.field(description="Why it is involved: LEAD (the lead agency), "
                                  f"or {listed(get_args(inputs.InvolvementBasis))}.")
    since: date | None = strawberry.field(description="When the involvement began.")
    until: date | None = strawberry.field(description="When it ends, if it has an end; the "
                                          "agency loses the case that day.")


@strawberry.type(description="A case officer managing a case.")
class OfficerSummary:
    id: strawberry.ID = strawberry.field(description="The officer's id (their tokens' "
                                         "subject).")
    name: str = strawberry.field(description="The officer's name.")
    role: Role = strawberry.field(description="The officer's role.")
    agency_id: strawberry.ID | None = strawberry.field(description="The agency the officer "
                                                       "works for.")
    since: date | None = strawberry.field(description="Since when the officer manages the "
                                          "case.")


@strawberry.type(description="A person by id only, where their details belong to another "
                 "part of the case (a protected person is listed among the victims or contacts "
                 "to those who may see them).")
class PersonRef:
    id: strawberry.ID = strawberry.field(description="The person's id.")


@strawberry.type(description="A zone of a licence condition. "
                 f"{CLASS_NOTE.format(policy.OFFENDER_FIELDS['conditions'])}")
class Zone:
    id: strawberry.ID = strawberry.field(description="The zone's id.")
    kind: str = strawberry.field(description=f"{listed(get_args(inputs.ZoneKind))}: an "
                                 "EXCLUSION zone must not be entered, an INCLUSION zone must "
                                 "not be left.")
    shape: str = strawberry.field(description="POLYGON or CIRCLE.")
    geometry: str = strawberry.field(description="GeoJSON: a Polygon, or a circle's centre "
                                     "Point.")
    radius_metres: float | None = strawberry.field(description="A circle's radius in metres; "
                                                   "null for a polygon.")
    valid_from: date | None = strawberry.field(description="When the zone comes into force "
                                               "(its condition's validFrom).")
    valid_to: date | None = strawberry.field(description="When it ends; null while the "
                                             "condition lasts.")


@strawberry.type(description="A licence condition, with the zone or person it concerns. "
                 f"{CLASS_NOTE.format(policy.OFFENDER_FIELDS['conditions'])}")
class LicenceCondition:
    id: strawberry.ID = strawberry.field(description="The condition's id.")
    kind: ConditionKind = strawberry.field(description="What the condition requires.")
    text: str = strawberry.field(description="The condition as the licence words it.")
    valid_from: date | None = strawberry.field(description="When it comes into force.")
    valid_to: date | None = strawberry.field(description="When it ends; null while the licence "
                                             "lasts.")
    premises_kind: PremisesKind | None = strawberry.field(
        description="The kind of premises an OUT_OF_BOUNDS_PREMISES_TYPE condition bars.")
    zone: Zone | None = strawberry.field(description="An EXCLUSION_ZONE condition's zone (the "
                                         "first of `zones`).")
    zones: list[Zone] = strawberry.field(description="Every zone the condition defines.")
    protected_person: PersonRef | None = strawberry.field(
        description="The person a NO_CONTACT or EXCLUSION_ZONE condition protects (the first "
        "of `protectedPeople`).")
    protected_people: list[PersonRef] = strawberry.field(description="Every person the "
                                                         "condition protects.")


@strawberry.type(description="The latest risk of serious harm assessment, overall and by whom "
                 "the harm may fall on. "
                 f"{CLASS_NOTE.format(policy.OFFENDER_FIELDS['riskOfSeriousHarm'])}")
class RiskOfSeriousHarm:
    overall: RiskLevel = strawberry.field(description="The highest of the groups' levels.")
    children: RiskLevel | None = strawberry.field(description="Risk to children.")
    public_at_large: RiskLevel | None = strawberry.field(description="Risk to the public at "
                                                         "large.")
    known_adult: RiskLevel | None = strawberry.field(description="Risk to a known adult (a "
                                                     "partner, a victim).")
    staff: RiskLevel | None = strawberry.field(description="Risk to staff.")
    assessed_on: date = strawberry.field(description="When it was assessed.")
    tool: str | None = strawberry.field(description="The assessment tool, e.g. OASys.")


@with_field_classes(dict.fromkeys(("name", "dateOfBirth", "isChild"),
                                  policy.OFFENDER_FIELDS["contacts"]))
@strawberry.type(description="A named contact or household member of an offender.")
class ContactPerson(Person):
    name: str | None = strawberry.field(description="The contact's name.")
    date_of_birth: date | None = strawberry.field(description="The contact's date of birth, "
                                                  "when known.")
    is_child: bool | None = strawberry.field(description="Whether they are under 18 today; null "
                                             "when their date of birth is not known.")


@strawberry.type(description="A named contact of an offender, and how they are linked.")
class Contact:
    relationship: str = strawberry.field(description="Who they are to the offender: "
                                         f"{listed(get_args(inputs.ContactRelationship))}.")
    household_member: bool = strawberry.field(description="Whether they live in the offender's "
                                              "household.")
    person: ContactPerson = strawberry.field(description="The contact.")


@strawberry.type(description="A person as a search hit or an associate: who, not their case. "
                 "Their name and date of birth are of the class of the role the caller sees "
                 f"them in ({PERSON_CLASSES}).")
class PersonSummary(Person):
    pass


@strawberry.type(description="A graded intelligence association between the offender and "
                 "another person. "
                 f"{CLASS_NOTE.format(policy.OFFENDER_FIELDS['associations'])}")
class Association:
    person: PersonSummary = strawberry.field(description="Who the offender is associated with "
                                             "(only someone the caller may see).")
    source_agency: str | None = strawberry.field(description="The agency that recorded it.")
    source: int | None = strawberry.field(description="Source evaluation, 1 (reliable) to 3 "
                                          "(not reliable).")
    information: str | None = strawberry.field(description="Information assessment, A (known "
                                               "directly) to E (suspected false).")
    handling: str = strawberry.field(description="Handling code: P (may be shared with "
                                     "partners) or C (police only).")
    observed_at: datetime | None = strawberry.field(description="When the association was "
                                                    "observed.")


@with_field_classes(policy.VICTIM_FIELDS)
@strawberry.type(description="A victim of the offender.")
class Victim(Person):
    name: str | None = strawberry.field(description="The victim's name.")
    date_of_birth: date | None = strawberry.field(description="The victim's date of birth, when "
                                                  "known.")
    location: Address | None = strawberry.field(description="The victim's protected address.")


@strawberry.type(description="A health note on the offender. "
                 f"{CLASS_NOTE.format(policy.OFFENDER_FIELDS['healthNotes'])}")
class HealthNote:
    id: strawberry.ID = strawberry.field(description="The note's id.")
    text: str = strawberry.field(description="The note.")
    recorded_on: date | None = strawberry.field(description="When it was recorded.")


@strawberry.type(description="Where electronic monitoring last placed the offender. "
                 f"{CLASS_NOTE.format(policy.OFFENDER_FIELDS['lastKnownLocation'])}")
class LocationFix:
    latitude: float = strawberry.field(description="Latitude in degrees.")
    longitude: float = strawberry.field(description="Longitude in degrees.")
    at: datetime | None = strawberry.field(description="When the fix was taken.")


@strawberry.type(description="An intervention or programme the offender attends. "
                 f"{CLASS_NOTE.format(policy.OFFENDER_FIELDS['interventions'])}")
class Intervention:
    id: strawberry.ID = strawberry.field(description="The intervention's id.")
    kind: InterventionKind = strawberry.field(description="What kind of intervention.")
    name: str = strawberry.field(description="The programme's name.")
    status: str = strawberry.field(description="PLANNED, ACTIVE or COMPLETED, as its start and "
                                   "end stood when it was recorded.")
    start: date | None = strawberry.field(description="When it starts.")
    end: date | None = strawberry.field(description="When it ends; null when open-ended.")


@strawberry.type(description="A compliance event: a missed appointment, a breach, a positive "
                 f"test. {CLASS_NOTE.format(policy.OFFENDER_FIELDS['complianceEvents'])}")
class ComplianceEvent:
    id: strawberry.ID = strawberry.field(description="The event's id.")
    kind: ComplianceKind = strawberry.field(description="What happened.")
    at: datetime = strawberry.field(description="When.")
    outcome: str | None = strawberry.field(description="What was done: "
                                           f"{listed(get_args(inputs.ComplianceOutcome))}.")


@strawberry.type(description="A registered sexual offender's notification to the police. "
                 f"{CLASS_NOTE.format(policy.OFFENDER_FIELDS['notifications'])}")
class Notification:
    id: strawberry.ID = strawberry.field(description="The notification's id.")
    kind: NotificationKind = strawberry.field(description="What was notified.")
    made_on: date = strawberry.field(description="When it was made.")
    due_on: date | None = strawberry.field(description="When it was due (a late one is past "
                                           "this).")


@with_field_classes(policy.OFFENDER_FIELDS)
@strawberry.type(description="An offender's case as far as the caller may see it. A field of a "
                 "class the caller is not granted is null (a list too, so that withheld differs "
                 "from none recorded), and named in `redactions`.")
class Offender(Person):
    name: str | None = strawberry.field(description="The offender's name.")
    date_of_birth: date | None = strawberry.field(description="The offender's date of birth.")
    redactions: list[Redaction] = strawberry.field(
        description="Every field of this offender withheld from the caller, asked for or not, "
        "with its class and why (a class the caller's role lacks; associations graded handling "
        "code C, for police principals only).")
    aliases: list[str] | None = strawberry.field(description="Other names the offender is "
                                                 "known by.")
    pnc: str | None = strawberry.field(description="The Police National Computer reference, "
                                       "e.g. 24/123456A.")
    visor_ref: str | None = strawberry.field(description="The ViSOR (Violent and Sex Offender "
                                             "Register) reference.")
    category: MappaCategory | None = strawberry.field(description="The MAPPA category.")
    level: MappaLevel | None = strawberry.field(description="The MAPPA level.")
    area: str | None = strawberry.field(description="The criminal justice area managing the "
                                        "case (the lead agency's, e.g. GMP).")
    review_date: date | None = strawberry.field(description="When the case is next reviewed.")
    registered_sex_offender: bool | None = strawberry.field(
        description="Whether the offender is a registered sexual offender, subject to "
        "notification requirements.")
    lead_agency: AgencySummary | None = strawberry.field(description="The agency leading the "
                                                         "case.")
    agencies: list[Involvement] | None = strawberry.field(description="The agencies involved in "
                                                          "the case now.")
    officers: list[OfficerSummary] | None = strawberry.field(
        description="The case officers managing the case, of agencies involved in it now.")
    index_offence: str | None = strawberry.field(description="A summary of the index offence, "
                                                 "which brought the offender under MAPPA.")
    current_address: Address | None = strawberry.field(
        description="Where the offender lives today: the residence in force (never a PROPOSED "
        "one), the latest begun if several.")
    addresses: list[Residence] | None = strawberry.field(
        description="Every residence recorded, past, current and proposed, newest first.")
    conditions: list[LicenceCondition] | None = strawberry.field(
        description="The licence conditions, oldest first.")
    risk_of_serious_harm: RiskOfSeriousHarm | None = strawberry.field(
        description="The latest risk of serious harm assessment; null when none.")
    contacts: list[Contact] | None = strawberry.field(description="Named contacts and household "
                                                      "members.")
    associations: list[Association] | None = strawberry.field(
        description="Graded associations with people the caller may see, newest first.")
    victims: list[Victim] | None = strawberry.field(description="The offender's victims.")
    health_notes: list[HealthNote] | None = strawberry.field(description="Health notes, newest "
                                                             "first.")
    last_known_location: LocationFix | None = strawberry.field(
        description="The newest location electronic monitoring reported; null when none.")
    interventions: list[Intervention] | None = strawberry.field(
        description="Interventions and programmes, newest first.")
    compliance_events: list[ComplianceEvent] | None = strawberry.field(
        description="Compliance events, newest first.")
    notifications: list[Notification] | None = strawberry.field(
        description="Sex-offender notifications, newest first.")

    @strawberry.field(description="The alerts on this case, newest first (each redacted for "
                      "the caller as in `alerts`); one round trip per offender shown.")
    async def alerts(
        self, info: Info[Context, None], first: First = 20, after: After = None
    ) -> Annotated["AlertConnection", strawberry.lazy("app.alerts.graphql")]:
        from app.alerts.graphql import alert_connection  # noqa: PLC0415 - they import us
        from app.alerts.models import AlertFilter  # noqa: PLC0415

        return await alert_connection(info, AlertFilter(offender_id=str(self.id)), first, after)


@strawberry.type(description="A page of offenders.")
class OffenderConnection:
    edges: list[Edge[Offender]] = strawberry.field(description="The offenders of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page stands.")


@with_field_classes(policy.FILTER_FIELDS, note="Needs {}.")
@strawberry.experimental.pydantic.input(
    model=domain.OffenderFilter, all_fields=True,
    description="Narrows the caseload; each criterion given must hold. Using a criterion needs "
    "the class of the field it tests, else FORBIDDEN.")
class OffenderFilter:
    lead_agency_id: strawberry.ID | None


@strawberry.type(description="A person found by `searchPeople`.")
class PersonHit:
    person: Person = strawberry.field(description="Who was found.")
    score: float = strawberry.field(description=(
        "How well the text matches this person's name or one of their aliases, from 0 to 1: "
        "the mean of the share of the text's words found in the name and the share of the "
        "name's words the text matches (a whole word counts 1, its beginning 1/2), for the "
        "best of the person's names; 1 when a name's words are the text's. Computed from the "
        "person's own names alone, so who else is in the graph, seen or hidden, changes "
        "neither it nor the order."))
    kind: PersonKind = strawberry.field(description="The role the caller sees them in.")


def redactions_of(redactions: Iterable[policy.Redaction]) -> list[Redaction]:
    return [Redaction(field=r.field, field_class=r.field_class, reason=r.reason)
            for r in redactions]


@cache
def _redactions_shown(redactions: tuple[policy.Redaction, ...]) -> list[Redaction]:
    """A principal's offender or victim redactions, made once for each kind of principal (the
    policy returns the same tuple for the same agency kind and roles), not for every offender of
    a page; strawberry only reads the list."""
    return redactions_of(redactions)


def point_of(point: domain.GeoPoint | None) -> GeoPoint | None:
    return GeoPoint(latitude=point.latitude, longitude=point.longitude) if point else None


def _address(address: domain.Address) -> Address:
    return Address(
        id=strawberry.ID(address.id), line1=address.line1, town=address.town,
        postcode=address.postcode, location=point_of(address.location),
    )


def _residence(residence: domain.Residence) -> Residence:
    return Residence(address=_address(residence.address), kind=residence.kind,
                     from_=residence.from_, to=residence.to)


def _agency(agency: domain.AgencySummary) -> AgencySummary:
    return AgencySummary(id=strawberry.ID(agency.id), name=agency.name, kind=agency.kind)


def zone_of(zone: domain.Zone) -> Zone:
    return Zone(
        id=strawberry.ID(zone.id), kind=zone.kind, shape=zone.shape, geometry=zone.geometry,
        radius_metres=zone.radius_metres, valid_from=zone.valid_from, valid_to=zone.valid_to,
    )


def _condition(condition: domain.LicenceCondition) -> LicenceCondition:
    zones = [zone_of(z) for z in condition.zones]
    protected = [PersonRef(id=strawberry.ID(i)) for i in condition.protected_person_ids]
    return LicenceCondition(
        id=strawberry.ID(condition.id), kind=condition.kind, text=condition.text,
        valid_from=condition.valid_from, valid_to=condition.valid_to,
        premises_kind=condition.premises_kind, zone=zones[0] if zones else None, zones=zones,
        protected_person=protected[0] if protected else None, protected_people=protected,
    )


def _risk(risk: domain.RiskOfSeriousHarm | None) -> RiskOfSeriousHarm | None:
    if risk is None:
        return None
    return RiskOfSeriousHarm(
        overall=risk.overall, children=risk.children, public_at_large=risk.public_at_large,
        known_adult=risk.known_adult, staff=risk.staff, assessed_on=risk.assessed_on,
        tool=risk.tool,
    )


def _contact(contact: domain.Contact) -> Contact:
    person = contact.person
    return Contact(
        relationship=contact.relationship, household_member=contact.household_member,
        person=ContactPerson(
            id=strawberry.ID(person.id), name=person.name, date_of_birth=person.date_of_birth,
            is_child=person.is_child, redactions=[],
        ),
    )


def person_summary(person: domain.PersonSummary) -> PersonSummary:
    return PersonSummary(
        id=strawberry.ID(person.id), name=person.name, date_of_birth=person.date_of_birth,
        redactions=[],
    )


def _association(association: domain.Association) -> Association:
    return Association(
        person=person_summary(association.person), source_agency=association.source_agency,
        source=association.source, information=association.information,
        handling=association.handling, observed_at=association.observed_at,
    )


def _victim(victim: domain.Victim, redactions: list[Redaction]) -> Victim:
    return Victim(
        id=strawberry.ID(victim.id), name=victim.name, date_of_birth=victim.date_of_birth,
        location=_address(victim.location) if victim.location else None,
        redactions=redactions,
    )


def _fix(fix: domain.LocationFix | None) -> LocationFix | None:
    if fix is None:
        return None
    return LocationFix(latitude=fix.location.latitude, longitude=fix.location.longitude,
                       at=fix.at)


def offender_of(record: domain.OffenderRecord, principal: Principal) -> Offender:
    """The GraphQL view of an offender record; `redactions` names what the principal lacks."""
    r = record
    victim_redactions = _redactions_shown(policy.victim_redactions(principal))
    return Offender(
        id=strawberry.ID(r.id), name=r.name, date_of_birth=r.date_of_birth,
        redactions=_redactions_shown(policy.offender_redactions(principal)),
        aliases=None if r.aliases is None else list(r.aliases),
        pnc=r.pnc, visor_ref=r.visor_ref, category=r.category, level=r.level, area=r.area,
        review_date=r.review_date, registered_sex_offender=r.registered_sex_offender,
        lead_agency=_agency(r.lead_agency) if r.lead_agency else None,
        agencies=None if r.agencies is None else [
            Involvement(agency=_agency(i.agency), basis=i.basis, since=i.since, until=i.until)
            for i in r.agencies
        ],
        officers=None if r.officers is None else [
            OfficerSummary(
                id=strawberry.ID(o.id), name=o.name, role=o.role,
                agency_id=strawberry.ID(o.agency_id) if o.agency_id else None, since=o.since,
            )
            for o in r.officers
        ],
        index_offence=r.index_offence,
        current_address=_address(r.current_address) if r.current_address else None,
        addresses=None if r.addresses is None else [_residence(a) for a in r.addresses],
        conditions=None if r.conditions is None else [_condition(c) for c in r.conditions],
        risk_of_serious_harm=_risk(r.risk_of_serious_harm),
        contacts=None if r.contacts is None else [_contact(c) for c in r.contacts],
        associations=None if r.associations is None else [
            _association(a) for a in r.associations
        ],
        victims=None if r.victims is None else [
            _victim(v, victim_redactions) for v in r.victims
        ],
        health_notes=None if r.health_notes is None else [
            HealthNote(id=strawberry.ID(h.id), text=h.text, recorded_on=h.recorded_on)
            for h in r.health_notes
        ],
        last_known_location=_fix(r.last_known_location),
        interventions=None if r.interventions is None else [
            Intervention(id=strawberry.ID(i.id), kind=i.kind, name=i.name, status=i.status,
                         start=i.start, end=i.end)
            for i in r.interventions
        ],
        compliance_events=None if r.compliance_events is None else [
            ComplianceEvent(id=strawberry.ID(e.id), kind=e.kind, at=e.at, outcome=e.outcome)
            for e in r.compliance_events
        ],
        notifications=None if r.notifications is None else [
            Notification(id=strawberry.ID(n.id), kind=n.kind, made_on=n.made_on, due_on=n.due_on)
            for n in r.notifications
        ],
    )


def selected_paths(
    selections: Iterable[SelectionNode], fragments: Mapping[str, FragmentDefinitionNode],
    prefix: str = "",
) -> set[str]:
    """Dotted paths of the fields a client selected ('victims', 'victims.location'), through
    fragments; read off the document, as strawberry's selected_fields would also resolve every
    argument and directive."""
    paths: set[str] = set()
    for selection in selections:
        if isinstance(selection, FieldNode):
            path = f"{prefix}{selection.name.value}"
            paths.add(path)
            if selection.selection_set:
                paths |= selected_paths(selection.selection_set.selections, fragments, f"{path}.")
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments[selection.name.value]
            paths |= selected_paths(fragment.selection_set.selections, fragments, prefix)
        elif isinstance(selection, InlineFragmentNode):
            paths |= selected_paths(selection.selection_set.selections, fragments, prefix)
    return paths


def _requested_offender_fields(info: Info[Context, None], under: str = "") -> set[str]:
    """The Offender fields selected by this root field (below `under`, e.g. 'edges.node.'), in
    every node of it (`{ offender(id: $x) { name } offender(id: $x) { pnc } }` shows both)."""
    raw = info._raw_info  # strawberry's Info shows the field's nodes only as selected_fields
    prefix = f"{raw.field_name}.{under}"
    paths = selected_paths(raw.field_nodes, raw.fragments)
    return {p.removeprefix(prefix) for p in paths if p.startswith(prefix)}


def _filter_of(wanted: OffenderFilter | None) -> domain.OffenderFilter:
    if wanted is None:
        return domain.OffenderFilter()
    given = domain.OffenderFilter.model_validate(strawberry.asdict(wanted))
    return given.model_copy(update={"text": (given.text or "").strip() or None})


@strawberry.type
class OffenderQuery:
    @strawberry.field(description="One offender as far as the caller may see it; null when it "
                      "does not exist or the caller may not see it (the two are alike).")
    async def offender(
        self, info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="The offender's id.")],
    ) -> Offender | None:
        principal = info.context.require_principal()
        fields = _requested_offender_fields(info)
        record = await service.read_offender(info.context.graph, principal, str(id), fields)
        if record is None:
            return None
        info.context.disclosure.record(
            record.subject_ids(), policy.disclosed_classes(principal, fields))
        return offender_of(record, principal)

    @strawberry.field(description="The caller's caseload: the offenders it may see, by id.")
    async def offenders(
        self, info: Info[Context, None],
        filter: Annotated[OffenderFilter | None, strawberry.argument(
            description="Only the offenders that match; omit it for the whole caseload.")] = None,
        first: First = 20, after: After = None,
    ) -> OffenderConnection:
        principal = info.context.require_principal()
        check_first(first)
        after_id = decode_cursor(CURSOR_KIND, after) if after else None
        fields = _requested_offender_fields(info, under="edges.node.")
        page = await service.read_caseload(
            info.context.graph, principal, _filter_of(filter), after_id, first, fields=fields
        )
        if page.offenders:
            info.context.disclosure.record(
                set().union(*(o.subject_ids() for o in page.offenders)),
                policy.disclosed_classes(principal, fields))
        edges = [Edge(cursor=encode_cursor(CURSOR_KIND, o.id), node=offender_of(o, principal))
                 for o in page.offenders]
        return OffenderConnection(
            edges=edges,
            page_info=PageInfo.of(edges, has_next_page=page.has_next_page, after=after),
        )

    @strawberry.field(description="People the caller may see whose name or alias matches "
                      "`text` (every word, as a word or the beginning of one), best match "
                      "(`score`) first, then by id.")
    async def search_people(
        self, info: Info[Context, None],
        text: Annotated[str, strawberry.argument(description="Words of a name, e.g. \"dar "
                                                 "holt\" or \"darren\".")],
        first: Annotated[int, strawberry.argument(description="How many people to return, 1 "
                                                  f"to {MAX_FIRST}.")] = 20,
    ) -> list[PersonHit]:
        principal = info.context.require_principal()
        check_first(first)
        hits = await service.search_people(info.context.graph, principal, text, first)
        info.context.disclosure.record(
            [h.person.id for h in hits], {policy.PERSON_KIND_CLASS[h.kind] for h in hits}
        )
        return [PersonHit(person=person_summary(h.person), score=h.score, kind=h.kind)
                for h in hits]
