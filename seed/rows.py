"""The shape of the rows the seed statements take (queries/seed/*.cypher), shared by the synthetic
population and the demo scenario so that both are loaded by the same statements.

Coordinates travel as `lat`/`lon` floats and become points in Cypher. Dates and instants travel
as ISO-8601 text and become Neo4j Date / DateTime in Cypher (`date()`, `datetime()`): the driver's
Python-side conversion of `date` and `datetime` objects costs several times more than packing the
rest of a batch, and the seed is CPU-bound on a small machine. Enumerated values are plain strings.
Lists of zero or one element stand for optional parts that a statement creates with FOREACH or
UNWIND.
"""

from enum import StrEnum
from typing import NotRequired, TypedDict

IsoDate = str  # "2025-06-01"
IsoDateTime = str  # "2025-06-01T14:05:00+00:00" (always with an offset)


class AgencyRow(TypedDict):
    id: str
    name: str
    kind: str
    area: str


class OfficerRow(TypedDict):
    id: str
    name: str
    role: str
    email: str
    agencyId: str


class PremisesRow(TypedDict):
    id: str
    name: str
    kind: str
    area: str
    lat: float
    lon: float


class AddressRow(TypedDict):
    id: str
    line1: str
    town: str
    postcode: str
    area: str
    lat: float
    lon: float
    protected: bool  # labelled :Protected (every victim address is)
    approvedPremises: bool | None  # True for Approved Premises; None (absent) otherwise


class InvolvementRow(TypedDict):
    agencyId: str
    basis: str
    since: IsoDate
    until: IsoDate | None
    meetingId: NotRequired[str]  # basis MAPPA_MEETING: the meeting whose invitation gave it


class ManagerRow(TypedDict):
    officerId: str
    since: IsoDate


class FixRow(TypedDict):
    lat: float
    lon: float
    at: IsoDateTime


class PlaceRow(TypedDict):
    """A place several people live at (Approved Premises), created ahead of their addresses so
    that concurrent offender batches find it rather than race to create it."""

    line1: str
    postcode: str


class ResidenceRow(TypedDict):
    """A residence at its own address, created with it: each case's record of a place is its
    own, and people of several cases at one place meet at its Place (graph_schema/MODEL.md)."""

    start: IsoDate
    end: IsoDate | None
    kind: str
    address: AddressRow


class VictimRow(TypedDict):
    id: str
    name: str
    dateOfBirth: IsoDate
    locatedFrom: IsoDate
    address: AddressRow
    contactRelationship: list[str]  # [relationship] when the victim is also a named contact


class HouseholdRow(TypedDict):
    since: IsoDate
    kind: str  # the ResidenceKind of the contact's RESIDES_AT the offender's home


class ContactRow(TypedDict):
    id: str
    name: str
    dateOfBirth: IsoDate
    relationship: str
    household: list[HouseholdRow]  # [..] when the contact lives in the offender's household
    residences: list[ResidenceRow]  # the contact's own address(es), outside the household


class ZoneRow(TypedDict):
    id: str
    kind: str  # EXCLUSION or INCLUSION
    shape: str  # POLYGON or CIRCLE
    geometry: str  # GeoJSON text: Polygon ([lon, lat], closed ring) or the centre Point
    centreLat: float
    centreLon: float
    radiusMetres: float | None
    south: float
    west: float
    north: float
    east: float
    validFrom: IsoDate
    validTo: IsoDate | None


class ConditionRow(TypedDict):
    id: str
    kind: str
    text: str
    validFrom: IsoDate
    validTo: IsoDate | None
    premisesKind: str | None
    protectsVictims: list[int]  # indexes into the offender's victims
    protectsContacts: list[int]  # indexes into the offender's contacts
    zones: list[ZoneRow]


class RiskAssessmentRow(TypedDict):
    id: str
    tool: str
    assessedOn: IsoDate
    overall: str
    children: str
    publicAtLarge: str
    knownAdult: str
    staff: str


class InterventionRow(TypedDict):
    id: str
    kind: str
    name: str
    status: str
    start: IsoDate
    end: IsoDate | None


class ComplianceEventRow(TypedDict):
    id: str
    kind: str
    at: IsoDateTime
    outcome: str
    note: str
    recordedBy: str


class NotificationRow(TypedDict):
    id: str
    kind: str
    madeOn: IsoDate
    dueOn: IsoDate
    details: str


class HealthNoteRow(TypedDict):
    id: str
    text: str
    recordedOn: IsoDate


class OffenderRow(TypedDict):
    id: str
    name: str
    aliases: list[str]
    dateOfBirth: IsoDate
    pnc: str
    visorRef: str
    category: str
    level: str
    area: str
    indexOffence: str
    reviewDate: IsoDate
    registeredSexOffender: bool
    lastFix: FixRow | None
    leadAgencyId: str
    leadSince: IsoDate
    involvements: list[InvolvementRow]
    managers: list[ManagerRow]
    home: ResidenceRow  # the current residence (end None)
    pastResidences: list[ResidenceRow]
    victims: list[VictimRow]
    contacts: list[ContactRow]
    conditions: list[ConditionRow]
    riskAssessments: list[RiskAssessmentRow]
    interventions: list[InterventionRow]
    complianceEvents: list[ComplianceEventRow]
    notifications: list[NotificationRow]
    healthNotes: list[HealthNoteRow]


class AssociationRow(TypedDict):
    fromId: str
    toId: str
    sourceAgency: str
    source: int
    information: str
    handling: str
    observedAt: IsoDateTime


class MeasureRow(TypedDict):
    id: str
    kind: str  # MeasureKind
    text: str
    refersToId: str | None  # the case's own condition, address or intervention, or its officer


class ActionRow(TypedDict):
    id: str
    ownerAgencyId: str
    ownerOfficerId: str | None
    text: str
    dueOn: IsoDate
    status: str  # PlanActionStatus
    statusBy: str | None
    statusByAgencyId: str | None
    statusAt: IsoDateTime | None
    outcome: str | None
    createdAt: IsoDateTime
    createdBy: str


class PlanVersionRow(TypedDict):
    id: str
    version: int
    status: str  # PlanStatus
    current: bool  # the agreed version in force (CURRENT_PLAN)
    supersedesId: str | None
    summary: str
    reviewDate: IsoDate
    createdAt: IsoDateTime
    createdBy: str
    agreedOn: IsoDate | None
    agreedBy: str | None
    agreedAtMeetingId: str | None
    measures: list[MeasureRow]
    actions: list[ActionRow]  # the actions this version created


class PlanRow(TypedDict):
    """Every version of one case's risk management plan, oldest first."""

    offenderId: str
    versions: list[PlanVersionRow]


class InvitationRow(TypedDict):
    agencyId: str
    invitedAt: IsoDateTime
    invitedBy: str
    attended: bool | None  # None until recorded


class AgendaItemRow(TypedDict):
    id: str
    offenderId: str
    position: int
    addedAt: IsoDateTime
    decidedAt: IsoDateTime | None  # the decision, on a meeting held
    decidedBy: str | None
    levelBefore: str | None
    level: str | None
    nextReviewDate: IsoDate | None
    minutes: str | None
    agreedPlanIds: list[str]  # [the plan version agreed] or []
    createdActionIds: list[str]


class MeetingRow(TypedDict):
    id: str
    level: str
    area: str
    date: IsoDate
    status: str  # MeetingStatus
    createdAt: IsoDateTime
    createdBy: str
    chairId: str  # a MAPPA_COORDINATOR
    invitations: list[InvitationRow]
    agenda: list[AgendaItemRow]


class BatchKind(StrEnum):
    """What a batch of rows creates; batches are loaded in this order."""

    AGENCIES = "AGENCIES"
    OFFICERS = "OFFICERS"
    PREMISES = "PREMISES"
    PLACES = "PLACES"
    OFFENDERS = "OFFENDERS"
    ASSOCIATIONS = "ASSOCIATIONS"
    PLANS = "PLANS"
    MEETINGS = "MEETINGS"
