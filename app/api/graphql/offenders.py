"""Offenders and the people around them, as the caller may see them (PRODUCT.md sections 4, 6).

A withheld field is null (a withheld list too, so "withheld" differs from "none") and the
object's `redactions` names it; the queries withhold it before it leaves the database.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Annotated

import strawberry
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionNode,
)
from strawberry.types import Info

from app.api.graphql.context import Context
from app.api.graphql.pagination import Edge, PageInfo, check_first, decode_cursor, encode_cursor
from app.domain import offenders as domain
from app.domain.enums import (
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
)
from app.domain.offenders import PersonKind
from app.policy import redaction as policy
from app.policy.principal import Principal
from app.services import offenders as service

if TYPE_CHECKING:
    from app.api.graphql.alerts import AlertConnection

for contract_enum in (
    MappaCategory, MappaLevel, RiskLevel, ConditionKind, PremisesKind, ResidenceKind,
    InterventionKind, ComplianceKind, NotificationKind, PersonKind,
):
    strawberry.enum(contract_enum)

CURSOR_KIND = "offender"


@strawberry.type
class Redaction:
    field: str
    field_class: FieldClass
    reason: str


@strawberry.interface(description="Anyone the graph knows: offender, victim or named contact.")
class Person:
    id: strawberry.ID
    name: str | None
    date_of_birth: date | None
    redactions: list[Redaction]


@strawberry.type
class GeoPoint:
    latitude: float
    longitude: float


@strawberry.type
class Address:
    id: strawberry.ID
    line1: str
    town: str
    postcode: str
    location: GeoPoint | None


@strawberry.type
class Residence:
    address: Address
    kind: ResidenceKind
    from_: date | None = strawberry.field(name="from")
    to: date | None


@strawberry.type
class AgencySummary:
    id: strawberry.ID
    name: str
    kind: AgencyKind


@strawberry.type
class Involvement:
    agency: AgencySummary
    basis: str
    since: date | None
    until: date | None


@strawberry.type
class OfficerSummary:
    id: strawberry.ID
    name: str
    role: Role
    agency_id: strawberry.ID | None
    since: date | None


@strawberry.type
class PersonRef:
    id: strawberry.ID


@strawberry.type
class Zone:
    id: strawberry.ID
    kind: str
    shape: str
    geometry: str = strawberry.field(description="GeoJSON: a Polygon, or a circle's centre Point.")
    radius_metres: float | None
    valid_from: date | None
    valid_to: date | None


@strawberry.type
class LicenceCondition:
    id: strawberry.ID
    kind: ConditionKind
    text: str
    valid_from: date | None
    valid_to: date | None
    premises_kind: PremisesKind | None
    zone: Zone | None
    zones: list[Zone]
    protected_person: PersonRef | None
    protected_people: list[PersonRef]


@strawberry.type
class RiskOfSeriousHarm:
    overall: RiskLevel
    children: RiskLevel | None
    public_at_large: RiskLevel | None
    known_adult: RiskLevel | None
    staff: RiskLevel | None
    assessed_on: date
    tool: str | None


@strawberry.type
class ContactPerson(Person):
    is_child: bool | None


@strawberry.type
class Contact:
    relationship: str
    household_member: bool
    person: ContactPerson


@strawberry.type(description="A person as a search hit or an associate: who, not their case.")
class PersonSummary(Person):
    pass


@strawberry.type
class Association:
    person: PersonSummary
    source_agency: str | None
    source: int | None
    information: str | None
    handling: str
    observed_at: datetime | None


@strawberry.type
class Victim(Person):
    location: Address | None


@strawberry.type
class HealthNote:
    id: strawberry.ID
    text: str
    recorded_on: date | None


@strawberry.type
class LocationFix:
    latitude: float
    longitude: float
    at: datetime | None


@strawberry.type
class Intervention:
    id: strawberry.ID
    kind: InterventionKind
    name: str
    status: str
    start: date | None
    end: date | None


@strawberry.type
class ComplianceEvent:
    id: strawberry.ID
    kind: ComplianceKind
    at: datetime
    outcome: str | None


@strawberry.type
class Notification:
    id: strawberry.ID
    kind: NotificationKind
    made_on: date
    due_on: date | None


@strawberry.type
class Offender(Person):
    aliases: list[str] | None
    pnc: str | None
    visor_ref: str | None
    category: MappaCategory | None
    level: MappaLevel | None
    area: str | None
    review_date: date | None
    registered_sex_offender: bool | None
    lead_agency: AgencySummary | None
    agencies: list[Involvement] | None
    officers: list[OfficerSummary] | None
    index_offence: str | None
    current_address: Address | None
    addresses: list[Residence] | None
    conditions: list[LicenceCondition] | None
    risk_of_serious_harm: RiskOfSeriousHarm | None
    contacts: list[Contact] | None
    associations: list[Association] | None
    victims: list[Victim] | None
    health_notes: list[HealthNote] | None
    last_known_location: LocationFix | None
    interventions: list[Intervention] | None
    compliance_events: list[ComplianceEvent] | None
    notifications: list[Notification] | None

    @strawberry.field(description="The alerts on this case, newest first (each redacted for "
                      "the caller as in `alerts`); one round trip per offender shown.")
    async def alerts(
        self, info: Info[Context, None], first: int = 20, after: str | None = None
    ) -> Annotated["AlertConnection", strawberry.lazy("app.api.graphql.alerts")]:
        from app.api.graphql.alerts import alert_connection  # noqa: PLC0415 - they import us
        from app.domain.alerts import AlertFilter  # noqa: PLC0415

        return await alert_connection(info, AlertFilter(offender_id=str(self.id)), first, after)


@strawberry.type
class OffenderConnection:
    edges: list[Edge[Offender]]
    page_info: PageInfo


@strawberry.input
class OffenderFilter:
    level: MappaLevel | None = None
    category: MappaCategory | None = None
    area: str | None = None
    lead_agency_id: strawberry.ID | None = None
    text: str | None = None


@strawberry.type
class PersonHit:
    person: Person
    score: float = strawberry.field(description=(
        "How well the text matches this person's name or one of their aliases, from 0 to 1: "
        "the mean of the share of the text's words found in the name and the share of the "
        "name's words the text matches (a whole word counts 1, its beginning 1/2), for the "
        "best of the person's names; 1 when a name's words are the text's. Computed from the "
        "person's own names alone, so who else is in the graph, seen or hidden, changes "
        "neither it nor the order."))
    kind: PersonKind


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
    text = (wanted.text or "").strip() or None
    return domain.OffenderFilter(
        level=wanted.level, category=wanted.category, area=wanted.area,
        lead_agency_id=str(wanted.lead_agency_id) if wanted.lead_agency_id else None, text=text,
    )


@strawberry.type
class OffenderQuery:
    @strawberry.field(description="One offender as far as the caller may see it; null when it "
                      "does not exist or the caller may not see it (the two are alike).")
    async def offender(self, info: Info[Context, None], id: strawberry.ID) -> Offender | None:
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
        self, info: Info[Context, None], filter: OffenderFilter | None = None,
        first: int = 20, after: str | None = None,
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
            page_info=PageInfo(
                has_next_page=page.has_next_page,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )

    @strawberry.field(description="People the caller may see whose name or alias matches "
                      "`text` (every word, as a word or the beginning of one), best match "
                      "(`score`) first, then by id.")
    async def search_people(
        self, info: Info[Context, None], text: str, first: int = 20
    ) -> list[PersonHit]:
        principal = info.context.require_principal()
        check_first(first)
        hits = await service.search_people(info.context.graph, principal, text, first)
        info.context.disclosure.record(
            [h.person.id for h in hits], {policy.PERSON_KIND_CLASS[h.kind] for h in hits}
        )
        return [PersonHit(person=person_summary(h.person), score=h.score, kind=h.kind)
                for h in hits]
