"""Offenders and the people around them, as the caller may see them (PRODUCT.md sections 4, 6).

A withheld field is null (a withheld list too, so "withheld" differs from "none") and the
object's `redactions` names it; the queries withhold it before it leaves the database.
"""

from collections.abc import Iterable, Mapping
from datetime import date
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

from app.access import redaction as policy
from app.access.links import RESIDENCE_CLASS
from app.cases import models as domain
from app.cases import service
from app.core.enums import (
    ComplianceKind,
    ConditionKind,
    InterventionKind,
    MappaCategory,
    MappaLevel,
    NotificationKind,
    PersonKind,
    PremisesKind,
    ResidenceKind,
    RiskLevel,
)
from app.graphql.context import Context
from app.graphql.derived import placed, shown
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
    from app.plans.graphql import RiskManagementPlan, RiskManagementPlanConnection

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
PERSON_REDACTIONS = "What of this person is withheld from the caller, and why."
_PERSON = {name: field.description for name, field in domain.PersonSummary.model_fields.items()}


@strawberry.experimental.pydantic.type(
    model=policy.Redaction, all_fields=True,
    description="A field withheld from the caller: it comes back null, and this says which, of "
    "what class, and why.")
class Redaction:
    pass


@strawberry.interface(description="Anyone the graph knows: offender, victim or named contact.")
class Person:
    id: strawberry.ID = strawberry.field(description=_PERSON["id"])
    name: str | None = strawberry.field(description=_PERSON["name"])
    date_of_birth: date | None = strawberry.field(description=_PERSON["date_of_birth"])

    @strawberry.field(description=PERSON_REDACTIONS)
    def redactions(self) -> list[Redaction]:
        """None, unless the kind of person says otherwise (offenders, victims)."""
        return []


@strawberry.experimental.pydantic.type(
    model=domain.GeoPoint, all_fields=True,
    description="A point on the map (WGS 84).")
class GeoPoint:
    pass


@strawberry.experimental.pydantic.type(
    model=domain.Address, all_fields=True,
    description="An address as a case recorded it. Its class is its resident's ("
    + ", ".join(f"{kind} {field_class}" for kind, field_class in RESIDENCE_CLASS.items()) + ").")
class Address:
    id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=domain.Residence, all_fields=True,
    description="A period of an offender's residence at an address.")
class Residence:
    pass


@strawberry.experimental.pydantic.type(
    model=domain.AgencySummary, all_fields=True,
    description="An agency, as a case names it.")
class AgencySummary:
    id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=domain.Involvement, all_fields=True,
    description="An agency's involvement in a case: the need-to-know grant that lets its "
    "principals see the case while it is open.")
class Involvement:
    pass


@strawberry.experimental.pydantic.type(
    model=domain.OfficerSummary, all_fields=True,
    description="A case officer managing a case.")
class OfficerSummary:
    id: strawberry.ID
    agency_id: strawberry.ID | None


@strawberry.type(description="A person by id only, where their details belong to another "
                 "part of the case (a protected person is listed among the victims or contacts "
                 "to those who may see them).")
class PersonRef:
    id: strawberry.ID = strawberry.field(description="The person's id.")


@strawberry.experimental.pydantic.type(
    model=domain.Zone, all_fields=True,
    description=f"A zone of a licence condition. "
    f"{CLASS_NOTE.format(policy.OFFENDER_FIELDS['conditions'])}")
class Zone:
    id: strawberry.ID


@placed(zone="zones", protected_person=None, protected_people=None)
@strawberry.experimental.pydantic.type(
    model=domain.LicenceCondition, all_fields=True,
    description=f"A licence condition, with the zone or person it concerns. "
    f"{CLASS_NOTE.format(policy.OFFENDER_FIELDS['conditions'])}")
class LicenceCondition:
    id: strawberry.ID
    zones: strawberry.auto
    protected_person_ids: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="An EXCLUSION_ZONE condition's zone (the first of `zones`).")
    def zone(self) -> Zone | None:
        return next(iter(self.zones), None)

    @strawberry.field(description="The person a NO_CONTACT or EXCLUSION_ZONE condition protects "
                      "(the first of `protectedPeople`).")
    def protected_person(self) -> PersonRef | None:
        return next(iter(self.protected_people()), None)

    @strawberry.field(description="Every person the condition protects.")
    def protected_people(self) -> list[PersonRef]:
        return [PersonRef(id=strawberry.ID(i)) for i in self.protected_person_ids]


@strawberry.experimental.pydantic.type(
    model=domain.RiskOfSeriousHarm, all_fields=True,
    description=f"The latest risk of serious harm assessment, overall and by whom the harm may "
    f"fall on. {CLASS_NOTE.format(policy.OFFENDER_FIELDS['riskOfSeriousHarm'])}")
class RiskOfSeriousHarm:
    pass


@with_field_classes(dict.fromkeys(("name", "dateOfBirth", "isChild"),
                                  policy.OFFENDER_FIELDS["contacts"]))
@strawberry.experimental.pydantic.type(
    model=domain.ContactPerson, all_fields=True,
    description="A named contact or household member of an offender.")
class ContactPerson(Person):
    id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=domain.Contact, all_fields=True,
    description="A named contact of an offender, and how they are linked.")
class Contact:
    pass


@strawberry.experimental.pydantic.type(
    model=domain.PersonSummary, all_fields=True,
    description=f"A person as a search hit or an associate: who, not their case. Their name and "
    f"date of birth are of the class of the role the caller sees them in ({PERSON_CLASSES}).")
class PersonSummary(Person):
    id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=domain.Association, all_fields=True,
    description=f"A graded intelligence association between the offender and another person. "
    f"{CLASS_NOTE.format(policy.OFFENDER_FIELDS['associations'])}")
class Association:
    pass


@with_field_classes(policy.VICTIM_FIELDS)
@strawberry.experimental.pydantic.type(
    model=domain.Victim, all_fields=True,
    description="A victim of the offender.")
class Victim(Person):
    id: strawberry.ID

    @strawberry.field(description=PERSON_REDACTIONS)
    def redactions(self, info: Info[Context, None]) -> list[Redaction]:
        return _redactions_shown(policy.victim_redactions(info.context.require_principal()))


@strawberry.experimental.pydantic.type(
    model=domain.HealthNote, all_fields=True,
    description=f"A health note on the offender. "
    f"{CLASS_NOTE.format(policy.OFFENDER_FIELDS['healthNotes'])}")
class HealthNote:
    id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=domain.LocationFix, all_fields=True,
    description=f"Where electronic monitoring last placed the offender. "
    f"{CLASS_NOTE.format(policy.OFFENDER_FIELDS['lastKnownLocation'])}")
class LocationFix:
    location: strawberry.Private[domain.GeoPoint]

    @strawberry.field(description="Latitude in degrees.")
    def latitude(self) -> float:
        return self.location.latitude

    @strawberry.field(description="Longitude in degrees.")
    def longitude(self) -> float:
        return self.location.longitude


@strawberry.experimental.pydantic.type(
    model=domain.Intervention, all_fields=True,
    description=f"An intervention or programme the offender attends. "
    f"{CLASS_NOTE.format(policy.OFFENDER_FIELDS['interventions'])}")
class Intervention:
    id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=domain.ComplianceEvent, all_fields=True,
    description=f"A compliance event: a missed appointment, a breach, a positive test. "
    f"{CLASS_NOTE.format(policy.OFFENDER_FIELDS['complianceEvents'])}")
class ComplianceEvent:
    id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=domain.Notification, all_fields=True,
    description=f"A registered sexual offender's notification to the police. "
    f"{CLASS_NOTE.format(policy.OFFENDER_FIELDS['notifications'])}")
class Notification:
    id: strawberry.ID


@with_field_classes(policy.OFFENDER_FIELDS)
@placed(alerts=None, plan=None, plan_history=None)
@strawberry.experimental.pydantic.type(
    model=domain.OffenderRecord, all_fields=True,
    description="An offender's case as far as the caller may see it. A field of a class the "
    "caller is not granted is null (a list too, so that withheld differs from none recorded), "
    "and named in `redactions`.")
class Offender(Person):
    id: strawberry.ID

    @strawberry.field(
        description="Every field of this offender withheld from the caller, asked for or not, "
        "with its class and why (a class the caller's role lacks; associations graded handling "
        "code C, for police principals only).")
    def redactions(self, info: Info[Context, None]) -> list[Redaction]:
        return _redactions_shown(policy.offender_redactions(info.context.require_principal()))

    @strawberry.field(description="The alerts on this case, newest first (each redacted for "
                      "the caller as in `alerts`); one round trip per offender shown.")
    async def alerts(
        self, info: Info[Context, None], first: First = 20, after: After = None
    ) -> Annotated["AlertConnection", strawberry.lazy("app.alerts.graphql")]:
        from app.alerts.graphql import alert_connection  # noqa: PLC0415 - they import us
        from app.alerts.models import AlertFilter  # noqa: PLC0415

        return await alert_connection(info, AlertFilter(offender_id=str(self.id)), first, after)

    @strawberry.field(description="The case's current risk management plan: the agreed version "
                      "in force; null when none has been agreed.")
    async def plan(
        self, info: Info[Context, None]
    ) -> Annotated["RiskManagementPlan", strawberry.lazy("app.plans.graphql")] | None:
        from app.plans.graphql import offender_plan  # noqa: PLC0415 - they import us

        return await offender_plan(info, str(self.id))

    @strawberry.field(description="Every version of the case's risk management plan, drafts "
                      "and superseded ones too, newest first.")
    async def plan_history(
        self, info: Info[Context, None], first: First = 20, after: After = None
    ) -> Annotated["RiskManagementPlanConnection", strawberry.lazy("app.plans.graphql")]:
        from app.plans.graphql import plan_history  # noqa: PLC0415 - they import us

        return await plan_history(info, str(self.id), first, after)


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


@strawberry.experimental.pydantic.type(
    model=domain.PersonHit, all_fields=True,
    description="A person found by `searchPeople`.")
class PersonHit:
    person: Person


def redactions_of(redactions: Iterable[policy.Redaction]) -> list[Redaction]:
    return [shown(Redaction, r) for r in redactions]


@cache
def _redactions_shown(redactions: tuple[policy.Redaction, ...]) -> list[Redaction]:
    """A principal's offender or victim redactions, made once for each kind of principal (the
    policy returns the same tuple for the same agency kind and roles), not for every offender of
    a page; strawberry only reads the list."""
    return redactions_of(redactions)


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
        return shown(Offender, record)

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
        edges = [Edge(cursor=encode_cursor(CURSOR_KIND, o.id), node=shown(Offender, o))
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
        return [shown(PersonHit, h) for h in hits]
