"""The case-data mutations (PRODUCT.md section 6): inputs derived from app/core/inputs.py, one
payload per mutation naming what it made or changed, and thin resolvers that call
app/cases/service.py and record what was collected or altered for the audit event."""

from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import date, datetime
from functools import partial
from typing import Annotated, Any, NamedTuple, TypeVar

import strawberry
from pydantic import BaseModel
from strawberry.types import Info

from app.access.principal import Principal
from app.access.write_rights import Write
from app.alerts import locations
from app.alerts import service as alerts
from app.alerts.graphql import Alert, alert_of, disclosed
from app.alerts.models import AlertRecord, LocationsReported
from app.alerts.rules import Limits
from app.audit.models import AuditEntry
from app.audit.trail import AuditedWrites
from app.cases import service as writes
from app.cases.emergency import EmergencyGrant, grant_of
from app.core import inputs
from app.core.enums import (
    AgencyKind,
    AlertStatus,
    AuditAction,
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
from app.core.enums import FieldClass as F
from app.core.errors import DomainError
from app.graphql.context import Context, new_entry
from app.graphql.descriptions import allowed, write_description
from app.platform.neo4j.driver import Graph
from app.reference import service as reference
from app.webhooks import service as webhooks
from app.webhooks.graphql import Webhook, webhook_of
from app.webhooks.models import SecretRotated, WebhookView

R = TypeVar("R", bound=BaseModel)

# Inputs: the names and fields of PRODUCT.md section 6, each derived from its model in
# app/core/inputs.py (fields, descriptions, constraints). A field is declared here only where its
# GraphQL type is not the one strawberry derives: ids are IDs, an aware instant a DateTime, a
# polygon a list of [lon, lat] lists, and a value the model limits to a few (a Literal) stays a
# String, so that a bad one is told as VALIDATION in our words, not by GraphQL's coercion.


def _input(model: type[BaseModel], description: str) -> Callable[..., type[Any]]:
    """The GraphQL input type of `model`: every field of it, described as the model describes
    them."""
    return strawberry.experimental.pydantic.input(model=model, all_fields=True,
                                                  description=description)


@_input(inputs.AddressInput, "An address, with where it is on the map.")
class AddressInput:
    pass


@_input(inputs.Coordinates, "A point on the map (WGS 84).")
class CoordinatesInput:
    pass


@_input(inputs.ZoneInput, "A polygon ([lon, lat] positions, closed, not self-intersecting) or a "
        "circle (centre and radiusMetres).")
class ZoneInput:
    kind: str
    polygon: list[list[float]] | None


@_input(inputs.Grading, "The 3x5x2 intelligence grading: source 1..3, information A..E.")
class GradingInput:
    information: str


@_input(inputs.CreateAgencyInput, "A new agency.")
class CreateAgencyInput:
    id: strawberry.ID


@_input(inputs.CreateCaseOfficerInput, "A new case officer.")
class CreateCaseOfficerInput:
    id: strawberry.ID
    agency_id: strawberry.ID


@_input(inputs.CreateOffenderInput, "A new case.")
class CreateOffenderInput:
    pass


@_input(inputs.InvolveAgencyInput, "An agency to involve in a case.")
class InvolveAgencyInput:
    offender_id: strawberry.ID
    agency_id: strawberry.ID
    basis: str


@_input(inputs.WithdrawAgencyInput, "An agency to withdraw from a case.")
class WithdrawAgencyInput:
    offender_id: strawberry.ID
    agency_id: strawberry.ID


@_input(inputs.AssignCaseOfficerInput, "A case officer to make manage a case.")
class AssignCaseOfficerInput:
    offender_id: strawberry.ID
    officer_id: strawberry.ID


@_input(inputs.SetMappaLevelInput, "A case's new MAPPA level.")
class SetMappaLevelInput:
    offender_id: strawberry.ID


@_input(inputs.RecordAddressInput, "Where a person lives from a date.")
class RecordAddressInput:
    person_id: strawberry.ID


@_input(inputs.AddVictimInput, "A victim of the offender.")
class AddVictimInput:
    offender_id: strawberry.ID


@_input(inputs.AddNamedContactInput, "A named contact or household member of the offender.")
class AddNamedContactInput:
    offender_id: strawberry.ID
    relationship: str


@_input(inputs.LinkAssociationInput, "A graded intelligence association between two people.")
class LinkAssociationInput:
    person_a_id: strawberry.ID
    person_b_id: strawberry.ID
    handling: str
    observed_at: datetime


@_input(inputs.AddLicenceConditionInput, "A licence condition: a NO_CONTACT one names a "
        "protected person, an EXCLUSION_ZONE one a zone, an OUT_OF_BOUNDS_PREMISES_TYPE one a "
        "kind of premises.")
class AddLicenceConditionInput:
    offender_id: strawberry.ID
    protected_person_id: strawberry.ID | None


@_input(inputs.AddPremisesInput, "Premises where children gather.")
class AddPremisesInput:
    pass


@_input(inputs.RecordRiskAssessmentInput, "A risk of serious harm assessment, by group.")
class RecordRiskAssessmentInput:
    offender_id: strawberry.ID


@_input(inputs.AddInterventionInput, "An intervention the offender attends.")
class AddInterventionInput:
    offender_id: strawberry.ID


@_input(inputs.RecordComplianceEventInput, "A compliance event.")
class RecordComplianceEventInput:
    offender_id: strawberry.ID
    at: datetime
    outcome: str


@_input(inputs.RecordNotificationInput, "A registered sexual offender's notification.")
class RecordNotificationInput:
    offender_id: strawberry.ID


@_input(inputs.RequestEmergencyAccessInput, "Break glass on a case the caller's agency is not "
        "involved in.")
class RequestEmergencyAccessInput:
    offender_id: strawberry.ID


@_input(inputs.ReviewEmergencyAccessInput, "A finding on an emergency grant.")
class ReviewEmergencyAccessInput:
    id: strawberry.ID


# Payloads: what each mutation made or changed.


@strawberry.type(description="An agency that shares cases.")
class Agency:
    id: strawberry.ID = strawberry.field(description="The agency's id.")
    name: str = strawberry.field(description="Its name.")
    kind: AgencyKind = strawberry.field(description="What kind of agency it is.")
    area: str | None = strawberry.field(description="Its criminal justice area.")


@strawberry.type(description="A case officer of an agency.")
class CaseOfficer:
    id: strawberry.ID = strawberry.field(description="The officer's id.")
    name: str = strawberry.field(description="Their name.")
    role: Role = strawberry.field(description="Their role.")
    agency: Agency | None = strawberry.field(description="The agency they work for.")


@strawberry.type(description="A case opened: the new offender, led by the caller's agency.")
class CreateOffenderPayload:
    id: strawberry.ID = strawberry.field(description="The new offender's id.")
    name: str = strawberry.field(description="Their name.")
    category: MappaCategory = strawberry.field(description="The MAPPA category.")
    level: MappaLevel = strawberry.field(description="The MAPPA level.")
    lead_agency_id: strawberry.ID = strawberry.field(description="The lead agency: the "
                                                     "caller's.")
    area: str | None = strawberry.field(description="The area managing the case: the lead "
                                        "agency's.")


@strawberry.type(description="An agency's involvement in a case, as it now stands.")
class InvolvementPayload:
    offender_id: strawberry.ID = strawberry.field(description="The offender's id.")
    agency_id: strawberry.ID = strawberry.field(description="The agency's id.")
    basis: str = strawberry.field(description="Why it is involved.")
    since: date | None = strawberry.field(description="When the involvement began.")
    until: date | None = strawberry.field(description="When it ends (today, for a withdrawal).")


@strawberry.type(description="A case officer now managing a case.")
class AssignCaseOfficerPayload:
    offender_id: strawberry.ID = strawberry.field(description="The offender's id.")
    officer_id: strawberry.ID = strawberry.field(description="The officer's id.")
    since: date | None = strawberry.field(description="Since when they manage it (kept as it "
                                          "was if they already did).")


@strawberry.type(description="A case's MAPPA level, changed.")
class SetMappaLevelPayload:
    offender_id: strawberry.ID = strawberry.field(description="The offender's id.")
    level: MappaLevel = strawberry.field(description="The new level.")
    previous_level: MappaLevel | None = strawberry.field(description="The level before.")
    reason: str = strawberry.field(description="Why it changed.")


@strawberry.type(description="An address recorded for a person.")
class RecordAddressPayload:
    person_id: strawberry.ID = strawberry.field(description="The person's id.")
    address_id: strawberry.ID = strawberry.field(description="The new address's id: this "
                                                 "case's own record of the place.")
    from_: date = strawberry.field(name="from", description="When they live there from.")
    kind: ResidenceKind | None = strawberry.field(
        description="What kind of residence; null for a victim's protected address.")
    protected: bool = strawberry.field(description="Whether it is a victim's protected address "
                                       "(VICTIM_LOCATION).")
    ended_address_ids: list[strawberry.ID] = strawberry.field(
        description="The addresses whose residence this one ended.")


@strawberry.type(description="A victim added to a case.")
class AddVictimPayload:
    id: strawberry.ID = strawberry.field(description="The victim's id.")
    offender_id: strawberry.ID = strawberry.field(description="The offender's id.")
    address_id: strawberry.ID | None = strawberry.field(description="Their protected address's "
                                                        "id, if one was given.")


@strawberry.type(description="A named contact added to a case.")
class AddNamedContactPayload:
    id: strawberry.ID = strawberry.field(description="The contact's id.")
    offender_id: strawberry.ID = strawberry.field(description="The offender's id.")
    relationship: str = strawberry.field(description="Who they are to the offender.")
    household_member: bool = strawberry.field(description="Whether they live in the offender's "
                                              "household.")
    address_id: strawberry.ID | None = strawberry.field(description="Their address's id, if one "
                                                        "was given.")


@strawberry.type(description="An association linked.")
class LinkAssociationPayload:
    person_a_id: strawberry.ID = strawberry.field(description="One person's id.")
    person_b_id: strawberry.ID = strawberry.field(description="The other's.")
    source_agency: strawberry.ID = strawberry.field(description="The agency that recorded it: "
                                                    "the caller's.")
    source: int = strawberry.field(description="Source evaluation, 1 to 3.")
    information: str = strawberry.field(description="Information assessment, A to E.")
    handling: str = strawberry.field(description="P (may be shared) or C (police only).")
    observed_at: datetime = strawberry.field(description="When it was observed.")


@strawberry.type(description="A licence condition added.")
class AddLicenceConditionPayload:
    id: strawberry.ID = strawberry.field(description="The condition's id.")
    offender_id: strawberry.ID = strawberry.field(description="The offender's id.")
    kind: ConditionKind = strawberry.field(description="What it requires.")
    valid_from: date = strawberry.field(description="When it comes into force.")
    valid_to: date | None = strawberry.field(description="When it ends.")
    protected_person_id: strawberry.ID | None = strawberry.field(description="The person it "
                                                                 "protects.")
    zone_id: strawberry.ID | None = strawberry.field(description="Its zone's id.")
    premises_kind: PremisesKind | None = strawberry.field(description="The kind of premises it "
                                                          "bars.")


@strawberry.type(description="Premises added.")
class AddPremisesPayload:
    id: strawberry.ID = strawberry.field(description="The premises' id.")
    name: str = strawberry.field(description="Their name.")
    kind: PremisesKind = strawberry.field(description="What kind of premises.")
    area: str | None = strawberry.field(description="The area they lie in.")


@strawberry.type(description="A risk assessment recorded.")
class RecordRiskAssessmentPayload:
    id: strawberry.ID = strawberry.field(description="The assessment's id.")
    offender_id: strawberry.ID = strawberry.field(description="The offender's id.")
    tool: str = strawberry.field(description="The assessment tool.")
    assessed_on: date = strawberry.field(description="When it was assessed.")
    overall: RiskLevel = strawberry.field(description="The highest of the groups' levels.")


@strawberry.type(description="An intervention added.")
class AddInterventionPayload:
    id: strawberry.ID = strawberry.field(description="The intervention's id.")
    offender_id: strawberry.ID = strawberry.field(description="The offender's id.")
    kind: InterventionKind = strawberry.field(description="What kind of intervention.")
    name: str = strawberry.field(description="The programme's name.")
    status: str = strawberry.field(description="PLANNED, ACTIVE or COMPLETED, by its start and "
                                   "end today.")
    start: date = strawberry.field(description="When it starts.")
    end: date | None = strawberry.field(description="When it ends.")


@strawberry.type(description="A compliance event recorded.")
class RecordComplianceEventPayload:
    id: strawberry.ID = strawberry.field(description="The event's id.")
    offender_id: strawberry.ID = strawberry.field(description="The offender's id.")
    kind: ComplianceKind = strawberry.field(description="What happened.")
    at: datetime = strawberry.field(description="When.")
    outcome: str = strawberry.field(description="What was done.")


@strawberry.type(description="A notification recorded.")
class RecordNotificationPayload:
    id: strawberry.ID = strawberry.field(description="The notification's id.")
    offender_id: strawberry.ID = strawberry.field(description="The offender's id.")
    kind: NotificationKind = strawberry.field(description="What was notified.")
    made_on: date = strawberry.field(description="When it was made.")
    due_on: date = strawberry.field(description="When it was due: for an ANNUAL one a year "
                                    "after the last INITIAL or ANNUAL, for an ADDRESS_CHANGE 3 "
                                    "days after the move, else the day it was made.")


# A write of the services: the graph, the caller, and its input validated (a model of
# app/core/inputs.py).
Service = Callable[[Graph, Principal, Any], Awaitable[R]]
# A check on the caller alone, which a write makes before validating its input (see _made).
CallerCheck = Callable[[Principal], None]


class _Arguments(NamedTuple):
    """A mutation's arguments that are not an input type, validated as `model` (the paths of
    their errors are the arguments' names: `id`, `fixes.0.at`)."""

    model: type[BaseModel]
    values: Mapping[str, Any]


def _validated(given: Any) -> BaseModel:
    """What the caller sent, as its model of app/core/inputs.py: a derived input type is
    validated as the model it was derived from, so that what is wrong is told in our words at
    its GraphQL path (`input.address.latitude`)."""
    if isinstance(given, _Arguments):
        return inputs.parse(given.model, given.values, root=None)
    model: type[BaseModel] = type(given)._pydantic_type
    return inputs.parse(model, strawberry.asdict(given))


async def _write(
    info: Info[Context, None], service: Service[R], given: Any, *,
    action: AuditAction, classes: Iterable[F] | Callable[[R], Iterable[F]],
    subjects: Callable[[R], Iterable[str | None]], outcome: Callable[[R], str] | None = None,
    first: CallerCheck | None = None,
) -> dict[str, Any]:
    """Run one write for the caller, its audit event (what it collected or altered, about whom;
    `outcome` when the write finds something, else OK) committed in the write's own
    transaction, and return the fields of what it made or changed."""
    made = await _made(info, service, given, action=action, classes=classes, subjects=subjects,
                       outcome=outcome, first=first)
    return made.model_dump()


async def _made(
    info: Info[Context, None], service: Service[R], given: Any, *,
    action: AuditAction, classes: Iterable[F] | Callable[[R], Iterable[F]],
    subjects: Callable[[R], Iterable[str | None]], outcome: Callable[[R], str] | None = None,
    first: CallerCheck | None = None,
) -> R:
    """`_write`, returning the model the write made. `given` (a derived input type, or
    _Arguments) is validated before the write runs, after the caller is known and after
    `first`, a check on the caller alone that the write makes again: a caller who may not make
    the write is told so whatever they sent."""
    context = info.context

    def audit_event(made: R) -> AuditEntry:
        return new_entry(
            context, f"mutation {info.field_name}", action,
            subject_ids=[s for s in subjects(made) if s],
            field_classes=classes(made) if callable(classes) else classes,
            outcome=outcome(made) if outcome else "OK",
        )

    try:
        principal = context.require_principal()
        if first is not None:
            first(principal)
        made = await service(AuditedWrites(context.graph, audit_event), principal,
                             _validated(given))
    except DomainError as refusal:  # audited by AuditOperation, about whom it concerned
        context.disclosure.record(refusal.subject_ids)
        raise
    context.disclosure.audited_in_write.add(info.field_name)
    context.wake_worker()  # the write enqueued its offenders for the alert rules
    return made


COLLECTION, ALTERATION = AuditAction.COLLECTION, AuditAction.ALTERATION


@strawberry.type
class CaseMutation:
    @strawberry.mutation(description=write_description(
        Write.CREATE_AGENCY, "Create an agency that shares cases."))
    async def create_agency(
        self, info: Info[Context, None],
        input: Annotated[CreateAgencyInput, strawberry.argument(description="The agency.")],
    ) -> Agency | None:
        made = await _write(info, reference.create_agency, input, action=COLLECTION,
                            classes=[], subjects=lambda r: [r.id],
                            first=partial(writes.authorise_outside_case, Write.CREATE_AGENCY))
        return Agency(**made)

    @strawberry.mutation(description=write_description(
        Write.CREATE_CASE_OFFICER, "Create a case officer of an existing agency."))
    async def create_case_officer(
        self, info: Info[Context, None],
        input: Annotated[CreateCaseOfficerInput, strawberry.argument(
            description="The officer.")],
    ) -> CaseOfficer | None:
        made = await _write(info, reference.create_case_officer, input, action=COLLECTION,
                            classes=[], subjects=lambda r: [r.id],
                            first=partial(writes.authorise_outside_case,
                                          Write.CREATE_CASE_OFFICER))
        agency = made.pop("agency")
        return CaseOfficer(**made, agency=Agency(**agency) if agency else None)

    @strawberry.mutation(description=write_description(
        Write.CREATE_OFFENDER, "Open a case led by the caller's agency."))
    async def create_offender(
        self, info: Info[Context, None],
        input: Annotated[CreateOffenderInput, strawberry.argument(
            description="The offender.")],
    ) -> CreateOffenderPayload | None:
        made = await _write(info, writes.create_offender, input, action=COLLECTION,
                            classes=[F.IDENTITY, F.MAPPA_STATUS, F.OFFENCE_SUMMARY],
                            subjects=lambda r: [r.id],
                            first=partial(writes.authorise_outside_case, Write.CREATE_OFFENDER))
        return CreateOffenderPayload(**made)

    @strawberry.mutation(description=write_description(
        Write.INVOLVE_AGENCY, "Involve an agency in a case from today (or change the basis or "
        "end of its open involvement): its principals may then see the case."))
    async def involve_agency(
        self, info: Info[Context, None],
        input: Annotated[InvolveAgencyInput, strawberry.argument(
            description="The case, the agency and why.")],
    ) -> InvolvementPayload | None:
        made = await _write(info, writes.involve_agency, input, action=ALTERATION,
                            classes=[F.MAPPA_STATUS], subjects=lambda r: [r.offender_id])
        return InvolvementPayload(**made)

    @strawberry.mutation(description=write_description(
        Write.WITHDRAW_AGENCY, "End an agency's involvement in a case today; its officers stop "
        "managing it."))
    async def withdraw_agency(
        self, info: Info[Context, None],
        input: Annotated[WithdrawAgencyInput, strawberry.argument(
            description="The case and the agency.")],
    ) -> InvolvementPayload | None:
        made = await _write(info, writes.withdraw_agency, input, action=ALTERATION,
                            classes=[F.MAPPA_STATUS], subjects=lambda r: [r.offender_id])
        return InvolvementPayload(**made)

    @strawberry.mutation(description=write_description(
        Write.ASSIGN_CASE_OFFICER, "Make a case officer of an involved agency manage a case."))
    async def assign_case_officer(
        self, info: Info[Context, None],
        input: Annotated[AssignCaseOfficerInput, strawberry.argument(
            description="The case and the officer.")],
    ) -> AssignCaseOfficerPayload | None:
        made = await _write(info, writes.assign_case_officer, input, action=ALTERATION,
                            classes=[F.MAPPA_STATUS], subjects=lambda r: [r.offender_id])
        return AssignCaseOfficerPayload(**made)

    @strawberry.mutation(description=write_description(
        Write.SET_MAPPA_LEVEL, "Set a case's MAPPA level, saying why."))
    async def set_mappa_level(
        self, info: Info[Context, None],
        input: Annotated[SetMappaLevelInput, strawberry.argument(
            description="The case, the level and why.")],
    ) -> SetMappaLevelPayload | None:
        made = await _write(info, writes.set_mappa_level, input, action=ALTERATION,
                            classes=[F.MAPPA_STATUS], subjects=lambda r: [r.offender_id])
        return SetMappaLevelPayload(**made)

    @strawberry.mutation(description=write_description(
        Write.RECORD_ADDRESS, "Record where an offender, contact or victim lives; the current "
        "address ends when the new one begins.") + " A victim's is a protected address "
        f"(VICTIM_LOCATION), which only {allowed(Write.RECORD_VICTIM_ADDRESS)} may record.")
    async def record_address(
        self, info: Info[Context, None],
        input: Annotated[RecordAddressInput, strawberry.argument(
            description="Who, where and from when.")],
    ) -> RecordAddressPayload | None:
        made = await _write(
            info, writes.record_address, input, action=COLLECTION,
            classes=lambda r: [F.VICTIM_LOCATION if r.protected else F.OFFENDER_ADDRESS],
            subjects=lambda r: [r.person_id, r.address_id],
        )
        return RecordAddressPayload(**made)

    @strawberry.mutation(description=write_description(
        Write.ADD_VICTIM, "Add a victim to a case, with their protected address if known."))
    async def add_victim(
        self, info: Info[Context, None],
        input: Annotated[AddVictimInput, strawberry.argument(description="The victim.")],
    ) -> AddVictimPayload | None:
        made = await _write(
            info, writes.add_victim, input, action=COLLECTION,
            classes=lambda r: [F.VICTIM_IDENTITY, *([F.VICTIM_LOCATION] if r.address_id else [])],
            subjects=lambda r: [r.offender_id, r.id, r.address_id],
        )
        return AddVictimPayload(**made)

    @strawberry.mutation(description=write_description(
        Write.ADD_NAMED_CONTACT, "Add a named contact (or household member) to a case."))
    async def add_named_contact(
        self, info: Info[Context, None],
        input: Annotated[AddNamedContactInput, strawberry.argument(
            description="The contact.")],
    ) -> AddNamedContactPayload | None:
        made = await _write(info, writes.add_named_contact, input, action=COLLECTION,
                            classes=[F.CONTACTS],
                            subjects=lambda r: [r.offender_id, r.id, r.address_id])
        return AddNamedContactPayload(**made)

    @strawberry.mutation(description=write_description(
        Write.LINK_ASSOCIATION, "Link two people by a graded intelligence association."))
    async def link_association(
        self, info: Info[Context, None],
        input: Annotated[LinkAssociationInput, strawberry.argument(
            description="The two people and the grading.")],
    ) -> LinkAssociationPayload | None:
        made = await _write(info, writes.link_association, input, action=COLLECTION,
                            classes=[F.INTELLIGENCE],
                            subjects=lambda r: [r.person_a_id, r.person_b_id])
        return LinkAssociationPayload(**made)

    @strawberry.mutation(description=write_description(
        Write.ADD_LICENCE_CONDITION, "Add a licence condition, with its zone or protected "
        "person."))
    async def add_licence_condition(
        self, info: Info[Context, None],
        input: Annotated[AddLicenceConditionInput, strawberry.argument(
            description="The condition.")],
    ) -> AddLicenceConditionPayload | None:
        made = await _write(info, writes.add_licence_condition, input, action=COLLECTION,
                            classes=[F.CONDITIONS],
                            subjects=lambda r: [r.offender_id, r.id, r.zone_id])
        return AddLicenceConditionPayload(**made)

    @strawberry.mutation(description=write_description(
        Write.ADD_PREMISES, "Add premises (school, playground, nursery, youth club), which "
        "OUT_OF_BOUNDS_PREMISES_TYPE conditions are checked against."))
    async def add_premises(
        self, info: Info[Context, None],
        input: Annotated[AddPremisesInput, strawberry.argument(description="The premises.")],
    ) -> AddPremisesPayload | None:
        made = await _write(info, writes.add_premises, input, action=COLLECTION, classes=[],
                            subjects=lambda r: [r.id],
                            first=partial(writes.authorise_outside_case, Write.ADD_PREMISES))
        return AddPremisesPayload(**made)

    @strawberry.mutation(description=write_description(
        Write.RECORD_RISK_ASSESSMENT, "Record a risk assessment; overall is the highest "
        "group."))
    async def record_risk_assessment(
        self, info: Info[Context, None],
        input: Annotated[RecordRiskAssessmentInput, strawberry.argument(
            description="The assessment.")],
    ) -> RecordRiskAssessmentPayload | None:
        made = await _write(info, writes.record_risk_assessment, input, action=COLLECTION,
                            classes=[F.RISK_SUMMARY], subjects=lambda r: [r.offender_id, r.id])
        return RecordRiskAssessmentPayload(**made)

    @strawberry.mutation(description=write_description(
        Write.ADD_INTERVENTION, "Add an intervention the offender attends."))
    async def add_intervention(
        self, info: Info[Context, None],
        input: Annotated[AddInterventionInput, strawberry.argument(
            description="The intervention.")],
    ) -> AddInterventionPayload | None:
        made = await _write(info, writes.add_intervention, input, action=COLLECTION,
                            classes=[F.SUPERVISION], subjects=lambda r: [r.offender_id, r.id])
        return AddInterventionPayload(**made)

    @strawberry.mutation(description=write_description(
        Write.RECORD_COMPLIANCE_EVENT, "Record a compliance event and its outcome."))
    async def record_compliance_event(
        self, info: Info[Context, None],
        input: Annotated[RecordComplianceEventInput, strawberry.argument(
            description="The event.")],
    ) -> RecordComplianceEventPayload | None:
        made = await _write(info, writes.record_compliance_event, input, action=COLLECTION,
                            classes=[F.SUPERVISION], subjects=lambda r: [r.offender_id, r.id])
        return RecordComplianceEventPayload(**made)

    @strawberry.mutation(description=write_description(
        Write.RECORD_NOTIFICATION, "Record a registered sexual offender's notification."))
    async def record_notification(
        self, info: Info[Context, None],
        input: Annotated[RecordNotificationInput, strawberry.argument(
            description="The notification.")],
    ) -> RecordNotificationPayload | None:
        made = await _write(info, writes.record_notification, input, action=COLLECTION,
                            classes=[F.SUPERVISION], subjects=lambda r: [r.offender_id, r.id])
        return RecordNotificationPayload(**made)

    @strawberry.mutation(description=write_description(
        Write.REQUEST_EMERGENCY_ACCESS, "Break glass: four hours' access to a case your agency "
        "is not involved in, with a justification; capped per officer (active grants, grants "
        "in 24 hours). The lead agency is alerted, and reviews it."))
    async def request_emergency_access(
        self, info: Info[Context, None],
        input: Annotated[RequestEmergencyAccessInput, strawberry.argument(
            description="The case and why.")],
    ) -> EmergencyGrant | None:
        request = partial(writes.request_emergency_access,
                          limits=writes.EmergencyLimits.from_settings(info.context.settings))
        return grant_of(await _made(info, request, input, action=COLLECTION, classes=[],
                                    subjects=lambda r: [r.offender_id, r.id]))

    @strawberry.mutation(description=write_description(
        Write.REVOKE_EMERGENCY_ACCESS, "Revoke an emergency grant: access ends at once."))
    async def revoke_emergency_access(
        self, info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="The grant's id.")],
    ) -> EmergencyGrant | None:
        return grant_of(await _made(info, writes.revoke_emergency_access,
                                    _Arguments(inputs.GrantReference, {"id": id}),
                                    action=ALTERATION, classes=[],
                                    subjects=lambda r: [r.offender_id, r.id]))

    @strawberry.mutation(description=write_description(
        Write.REVIEW_EMERGENCY_ACCESS, "Review an emergency grant: JUSTIFIED or UNJUSTIFIED "
        "(with a note), once, never by its holder. UNJUSTIFIED revokes the grant if it is still "
        "active; the audit event's outcome is the finding."))
    async def review_emergency_access(
        self, info: Info[Context, None],
        input: Annotated[ReviewEmergencyAccessInput, strawberry.argument(
            description="The grant and the finding.")],
    ) -> EmergencyGrant | None:
        return grant_of(await _made(
            info, writes.review_emergency_access, input, action=ALTERATION, classes=[],
            subjects=lambda r: [r.offender_id, r.id, r.user_id],
            outcome=lambda r: str(r.review_outcome)))


@_input(inputs.LocationFix, "One reported location of an offender.")
class LocationFixInput:
    offender_id: strawberry.ID
    at: datetime


@strawberry.type(description="What a batch of location fixes did.")
class ReportLocationsPayload:
    accepted: int = strawberry.field(description="Fixes accepted (only each offender's newest "
                                                 "is kept).")
    raised: list[Alert] = strawberry.field(description="Alerts the fixes raised, as the caller "
                                                       "may see them.")


@_input(inputs.RegisterWebhookInput, "A webhook to register.")
class RegisterWebhookInput:
    pass


@strawberry.type(description="A registered webhook; `secret` signs its deliveries (Standard "
                             "Webhooks) and is shown only in this answer.")
class WebhookRegistration:
    id: strawberry.ID = strawberry.field(description="The webhook's id.")
    url: str = strawberry.field(description="Where alerts are POSTed.")
    description: str | None = strawberry.field(description="What it is for.")
    created_at: datetime = strawberry.field(description="When it was registered.")
    secret: str = strawberry.field(description="The signing secret (whsec_...), for a Standard "
                                   "Webhooks verifier: keep it, it is never shown again.")


@_input(inputs.DisableWebhookInput, "A webhook to disable.")
class DisableWebhookInput:
    id: strawberry.ID


@_input(inputs.RotateWebhookSecretInput, "A webhook whose signing secret to rotate.")
class RotateWebhookSecretInput:
    id: strawberry.ID


@strawberry.type(description="A webhook's new signing secret, shown only in this answer.")
class WebhookSecretRotation:
    webhook: Webhook = strawberry.field(description="The webhook.")
    secret: str = strawberry.field(description="The new signing secret (whsec_...): keep it, "
                                   "it is never shown again.")
    previous_secret_until: datetime | None = strawberry.field(
        description="Until when deliveries are signed with the previous secret too (a second "
                    "signature in webhook-signature); null when it stopped at once.")


AlertId = Annotated[strawberry.ID, strawberry.argument(description="The alert's id.")]
AlertNote = Annotated[str | None, strawberry.argument(
    description="What the officer notes; shown only to those holding every class of the "
    "alert.")]
WEBHOOK_MANAGERS = ("Who may: the webhook's owner, or its agency's ADMIN (another agency's "
                    "webhook is NOT_FOUND).")


@strawberry.type
class AlertMutation:
    @strawberry.mutation(description="Register a webhook that receives, signed, the alerts the "
                                     "caller may see, while it may see them (for partner "
                                     "systems). Who may: any principal whose role sees case "
                                     "data, up to the agency's limit of enabled webhooks.")
    async def register_webhook(
        self, info: Info[Context, None],
        input: Annotated[RegisterWebhookInput, strawberry.argument(
            description="The receiver's URL.")],
    ) -> WebhookRegistration | None:
        register = partial(webhooks.register_webhook, settings=info.context.settings)
        made = await _write(info, register, input, action=COLLECTION,
                            classes=[], subjects=lambda r: [r.id],
                            first=webhooks.may_register_webhook)
        return WebhookRegistration(**made)

    @strawberry.mutation(description="Stop a webhook of the caller's agency for good; its "
                                     f"pending deliveries are dropped. {WEBHOOK_MANAGERS}")
    async def disable_webhook(
        self, info: Info[Context, None],
        input: Annotated[DisableWebhookInput, strawberry.argument(
            description="The webhook, and why.")],
    ) -> Webhook | None:
        made = await _write(info, webhooks.disable_webhook, input, action=ALTERATION,
                            classes=[], subjects=lambda r: [r.id])
        return webhook_of(WebhookView.model_validate(made))

    @strawberry.mutation(description="Give a webhook of the caller's agency a new signing secret, "
                                     "shown once; the previous one signs beside it until "
                                     f"previousSecretUntil. {WEBHOOK_MANAGERS}")
    async def rotate_webhook_secret(
        self, info: Info[Context, None],
        input: Annotated[RotateWebhookSecretInput, strawberry.argument(
            description="The webhook.")],
    ) -> WebhookSecretRotation | None:
        rotate = partial(webhooks.rotate_webhook_secret, settings=info.context.settings)
        made = SecretRotated.model_validate(await _write(
            info, rotate, input, action=ALTERATION, classes=[],
            subjects=lambda r: [r.webhook.id]))
        return WebhookSecretRotation(webhook=webhook_of(made.webhook), secret=made.secret,
                                     previous_secret_until=made.previous_secret_until)

    @strawberry.mutation(description=write_description(
        Write.REPORT_LOCATIONS, "Report location fixes from electronic monitoring; each fix is "
        "checked against the offender's zones and barred premises."))
    async def report_locations(
        self, info: Info[Context, None],
        fixes: Annotated[list[LocationFixInput], strawberry.argument(
            description=f"The fixes, 1 to {inputs.MAX_FIXES:,}.")],
    ) -> ReportLocationsPayload | None:
        context = info.context
        principal = context.require_principal()
        limits = Limits.from_settings(context.settings)

        async def report(graph: Graph, caller: Principal, data: inputs.ReportLocationsInput
                         ) -> LocationsReported:
            return await locations.report_locations(graph, caller, data, limits)

        made = LocationsReported.model_validate(await _write(
            info, report, _Arguments(inputs.ReportLocationsInput,
                                     {"fixes": [strawberry.asdict(fix) for fix in fixes]}),
            action=COLLECTION, classes=[F.EM_LOCATION], subjects=lambda r: r.offender_ids))
        shown = []
        if made.raised:
            context.alerts_raised(made.raised[-1].sequence)
            wanted = {alert.id for alert in made.raised}
            found = await alerts.alerts_since(context.graph, principal,
                                              made.raised[0].sequence - 1,
                                              made.raised[-1].sequence)
            shown = [alert_of(a, principal) for a in found if a.id in wanted]
        return ReportLocationsPayload(accepted=made.accepted, raised=shown)

    @strawberry.mutation(description=write_description(
        Write.ACKNOWLEDGE_ALERT, "Acknowledge an open alert: an officer of an involved agency "
        "is dealing with it."))
    async def acknowledge_alert(
        self, info: Info[Context, None], id: AlertId, note: AlertNote = None
    ) -> Alert | None:
        return await _decide(info, id, note, AlertStatus.ACKNOWLEDGED)

    @strawberry.mutation(description=write_description(
        Write.RESOLVE_ALERT, "Resolve an alert by hand (it is not raised again while its "
        "situation holds)."))
    async def resolve_alert(
        self, info: Info[Context, None], id: AlertId, note: AlertNote = None
    ) -> Alert | None:
        return await _decide(info, id, note, AlertStatus.RESOLVED)


async def _decide(
    info: Info[Context, None], alert_id: str, note: str | None, status: AlertStatus
) -> Alert:
    principal = info.context.require_principal()

    async def decide(graph: Graph, caller: Principal, wanted: inputs.AlertDecision
                     ) -> AlertRecord:
        return await alerts.decide_alert(graph, caller, wanted, status)

    made = await _write(info, decide, _Arguments(inputs.AlertDecision,
                                                 {"id": alert_id, "note": note}),
                        action=ALTERATION,
                        classes=lambda r: disclosed(r, principal)[1],
                        subjects=lambda r: [*disclosed(r, principal)[0], r.id])
    return alert_of(AlertRecord.model_validate(made), principal)
