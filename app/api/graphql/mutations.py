"""The case-data mutations (PRODUCT.md section 6): inputs mirroring app/domain/inputs.py, one
payload per mutation naming what it made or changed, and thin resolvers that call
app/services/writes.py and record what was collected or altered for the audit event."""

from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import date, datetime
from functools import partial
from typing import Any, TypeVar

import strawberry
from pydantic import BaseModel
from strawberry.types import Info

from app.alerts.rules import Limits
from app.api.graphql.alerts import Alert, alert_of, disclosed
from app.api.graphql.context import Context
from app.api.graphql.emergency import EmergencyGrant, grant_of
from app.api.graphql.extensions import new_entry
from app.api.graphql.webhooks import Webhook, webhook_of
from app.audit.trail import AuditedWrites
from app.domain.alerts import AlertRecord, LocationsReported
from app.domain.audit import AuditEntry
from app.domain.enums import (
    AgencyKind,
    AlertStatus,
    AuditAction,
    ComplianceKind,
    ConditionKind,
    EmergencyReviewOutcome,
    InterventionKind,
    MappaCategory,
    MappaLevel,
    NotificationKind,
    PremisesKind,
    ResidenceKind,
    RiskLevel,
    Role,
)
from app.domain.enums import FieldClass as F
from app.domain.errors import DomainError
from app.domain.webhooks import SecretRotated, WebhookView
from app.graph.driver import Graph
from app.policy.principal import Principal
from app.services import alerts, locations, reference, webhooks, writes

R = TypeVar("R", bound=BaseModel)

# Inputs: the names and fields of PRODUCT.md section 6; app/domain/inputs.py validates them.


@strawberry.input
class AddressInput:
    line1: str
    town: str
    postcode: str
    latitude: float
    longitude: float


@strawberry.input
class CoordinatesInput:
    latitude: float
    longitude: float


@strawberry.input(description="A polygon ([lon, lat] positions, closed, not self-intersecting) "
                              "or a circle (centre and radiusMetres).")
class ZoneInput:
    kind: str = strawberry.field(description="EXCLUSION (must not enter) or INCLUSION (must not "
                                             "leave)")
    polygon: list[list[float]] | None = None
    centre: CoordinatesInput | None = None
    radius_metres: float | None = None


@strawberry.input(description="The 3x5x2 intelligence grading: source 1..3, information A..E.")
class GradingInput:
    source: int
    information: str


@strawberry.input
class CreateAgencyInput:
    id: strawberry.ID
    name: str
    kind: AgencyKind
    area: str = strawberry.field(description="Criminal justice area code, e.g. GMP; NATIONAL "
                                             "for a national provider")


@strawberry.input
class CreateCaseOfficerInput:
    id: strawberry.ID
    name: str
    agency_id: strawberry.ID
    role: Role


@strawberry.input
class CreateOffenderInput:
    name: str
    date_of_birth: date
    category: MappaCategory
    level: MappaLevel
    index_offence: str | None = None
    pnc: str | None = None


@strawberry.input
class InvolveAgencyInput:
    offender_id: strawberry.ID
    agency_id: strawberry.ID
    basis: str = strawberry.field(description="MAPPA_CATEGORY, DUTY_TO_COOPERATE, "
                                              "LICENCE_CONDITION or SAFEGUARDING")
    until: date | None = None


@strawberry.input
class WithdrawAgencyInput:
    offender_id: strawberry.ID
    agency_id: strawberry.ID


@strawberry.input
class AssignCaseOfficerInput:
    offender_id: strawberry.ID
    officer_id: strawberry.ID


@strawberry.input
class SetMappaLevelInput:
    offender_id: strawberry.ID
    level: MappaLevel
    reason: str


@strawberry.input
class RecordAddressInput:
    person_id: strawberry.ID
    address: AddressInput
    from_: date = strawberry.field(name="from")
    kind: ResidenceKind = ResidenceKind.HOME


@strawberry.input
class AddVictimInput:
    offender_id: strawberry.ID
    name: str
    date_of_birth: date | None = None
    address: AddressInput | None = None


@strawberry.input
class AddNamedContactInput:
    offender_id: strawberry.ID
    name: str
    relationship: str = strawberry.field(description="PARTNER, CHILD, PARENT, SIBLING, FRIEND, "
                                                     "EMPLOYER or OTHER")
    date_of_birth: date | None = None
    household_member: bool = False
    address: AddressInput | None = None


@strawberry.input
class LinkAssociationInput:
    person_a_id: strawberry.ID
    person_b_id: strawberry.ID
    grading: GradingInput
    handling: str = strawberry.field(description="P (may be shared) or C (police only)")
    observed_at: datetime


@strawberry.input
class AddLicenceConditionInput:
    offender_id: strawberry.ID
    kind: ConditionKind
    text: str
    valid_from: date
    valid_to: date | None = None
    protected_person_id: strawberry.ID | None = None
    zone: ZoneInput | None = None
    premises_kind: PremisesKind | None = None


@strawberry.input
class AddPremisesInput:
    name: str
    kind: PremisesKind
    latitude: float
    longitude: float


@strawberry.input
class RecordRiskAssessmentInput:
    offender_id: strawberry.ID
    tool: str
    assessed_on: date
    children: RiskLevel
    public_at_large: RiskLevel
    known_adult: RiskLevel
    staff: RiskLevel


@strawberry.input
class AddInterventionInput:
    offender_id: strawberry.ID
    kind: InterventionKind
    name: str
    start: date
    end: date | None = None


@strawberry.input
class RecordComplianceEventInput:
    offender_id: strawberry.ID
    kind: ComplianceKind
    at: datetime
    note: str | None = None
    outcome: str = strawberry.field(
        default="NONE",
        description="WARNING, FINAL_WARNING, BREACH_ACTION, RECALL or NONE")


@strawberry.input
class RecordNotificationInput:
    offender_id: strawberry.ID
    kind: NotificationKind
    made_on: date
    details: str | None = None


@strawberry.input
class RequestEmergencyAccessInput:
    offender_id: strawberry.ID
    justification: str = strawberry.field(description="Why you need access: a sentence of at "
                                                      "least 20 characters")


@strawberry.input
class ReviewEmergencyAccessInput:
    id: strawberry.ID
    outcome: EmergencyReviewOutcome
    note: str | None = strawberry.field(default=None, description="Required for UNJUSTIFIED: "
                                                                  "what was wrong with the access")


# Payloads: what each mutation made or changed.


@strawberry.type
class Agency:
    id: strawberry.ID
    name: str
    kind: AgencyKind
    area: str | None


@strawberry.type
class CaseOfficer:
    id: strawberry.ID
    name: str
    role: Role
    agency: Agency | None


@strawberry.type
class CreateOffenderPayload:
    id: strawberry.ID
    name: str
    category: MappaCategory
    level: MappaLevel
    lead_agency_id: strawberry.ID
    area: str | None


@strawberry.type
class InvolvementPayload:
    offender_id: strawberry.ID
    agency_id: strawberry.ID
    basis: str
    since: date | None
    until: date | None


@strawberry.type
class AssignCaseOfficerPayload:
    offender_id: strawberry.ID
    officer_id: strawberry.ID
    since: date | None


@strawberry.type
class SetMappaLevelPayload:
    offender_id: strawberry.ID
    level: MappaLevel
    previous_level: MappaLevel | None
    reason: str


@strawberry.type
class RecordAddressPayload:
    person_id: strawberry.ID
    address_id: strawberry.ID
    from_: date = strawberry.field(name="from")
    kind: ResidenceKind | None = strawberry.field(
        description="null for a victim's protected address")
    protected: bool
    ended_address_ids: list[strawberry.ID] = strawberry.field(
        description="the addresses whose residence this one ended")


@strawberry.type
class AddVictimPayload:
    id: strawberry.ID
    offender_id: strawberry.ID
    address_id: strawberry.ID | None


@strawberry.type
class AddNamedContactPayload:
    id: strawberry.ID
    offender_id: strawberry.ID
    relationship: str
    household_member: bool
    address_id: strawberry.ID | None


@strawberry.type
class LinkAssociationPayload:
    person_a_id: strawberry.ID
    person_b_id: strawberry.ID
    source_agency: strawberry.ID
    source: int
    information: str
    handling: str
    observed_at: datetime


@strawberry.type
class AddLicenceConditionPayload:
    id: strawberry.ID
    offender_id: strawberry.ID
    kind: ConditionKind
    valid_from: date
    valid_to: date | None
    protected_person_id: strawberry.ID | None
    zone_id: strawberry.ID | None
    premises_kind: PremisesKind | None


@strawberry.type
class AddPremisesPayload:
    id: strawberry.ID
    name: str
    kind: PremisesKind
    area: str | None


@strawberry.type
class RecordRiskAssessmentPayload:
    id: strawberry.ID
    offender_id: strawberry.ID
    tool: str
    assessed_on: date
    overall: RiskLevel


@strawberry.type
class AddInterventionPayload:
    id: strawberry.ID
    offender_id: strawberry.ID
    kind: InterventionKind
    name: str
    status: str
    start: date
    end: date | None


@strawberry.type
class RecordComplianceEventPayload:
    id: strawberry.ID
    offender_id: strawberry.ID
    kind: ComplianceKind
    at: datetime
    outcome: str


@strawberry.type
class RecordNotificationPayload:
    id: strawberry.ID
    offender_id: strawberry.ID
    kind: NotificationKind
    made_on: date
    due_on: date


Service = Callable[[Graph, Principal, Mapping[str, Any]], Awaitable[R]]


async def _write(
    info: Info[Context, None], service: Service[R], given: Any, *,
    action: AuditAction, classes: Iterable[F] | Callable[[R], Iterable[F]],
    subjects: Callable[[R], Iterable[str | None]], outcome: Callable[[R], str] | None = None,
) -> dict[str, Any]:
    """Run one write for the caller, its audit event (what it collected or altered, about whom;
    `outcome` when the write finds something, else OK) committed in the write's own
    transaction, and return the fields of what it made or changed."""
    made = await _made(info, service, given, action=action, classes=classes, subjects=subjects,
                       outcome=outcome)
    return made.model_dump()


async def _made(
    info: Info[Context, None], service: Service[R], given: Any, *,
    action: AuditAction, classes: Iterable[F] | Callable[[R], Iterable[F]],
    subjects: Callable[[R], Iterable[str | None]], outcome: Callable[[R], str] | None = None,
) -> R:
    """`_write`, returning the model the write made."""
    context = info.context

    def audit_event(made: R) -> AuditEntry:
        return new_entry(
            context, f"mutation {info.field_name}", action,
            subject_ids=[s for s in subjects(made) if s],
            field_classes=classes(made) if callable(classes) else classes,
            outcome=outcome(made) if outcome else "OK",
        )

    raw = given if isinstance(given, Mapping) else strawberry.asdict(given)
    try:
        made = await service(AuditedWrites(context.graph, audit_event),
                             context.require_principal(), raw)
    except DomainError as refusal:  # audited by AuditOperation, about whom it concerned
        context.disclosure.record(refusal.subject_ids)
        raise
    context.disclosure.audited_in_write.add(info.field_name)
    context.wake_worker()  # the write enqueued its offenders for the alert rules
    return made


COLLECTION, ALTERATION = AuditAction.COLLECTION, AuditAction.ALTERATION


@strawberry.type
class CaseMutation:
    @strawberry.mutation(description="Create an agency that shares cases (ADMIN).")
    async def create_agency(
        self, info: Info[Context, None], input: CreateAgencyInput
    ) -> Agency | None:
        made = await _write(info, reference.create_agency, input, action=COLLECTION,
                            classes=[], subjects=lambda r: [r.id])
        return Agency(**made)

    @strawberry.mutation(description="Create a case officer of an existing agency (ADMIN).")
    async def create_case_officer(
        self, info: Info[Context, None], input: CreateCaseOfficerInput
    ) -> CaseOfficer | None:
        made = await _write(info, reference.create_case_officer, input, action=COLLECTION,
                            classes=[], subjects=lambda r: [r.id])
        agency = made.pop("agency")
        return CaseOfficer(**made, agency=Agency(**agency) if agency else None)

    @strawberry.mutation(description="Open a case led by the caller's agency.")
    async def create_offender(
        self, info: Info[Context, None], input: CreateOffenderInput
    ) -> CreateOffenderPayload | None:
        made = await _write(info, writes.create_offender, input, action=COLLECTION,
                            classes=[F.IDENTITY, F.MAPPA_STATUS, F.OFFENCE_SUMMARY],
                            subjects=lambda r: [r.id])
        return CreateOffenderPayload(**made)

    @strawberry.mutation(description="Involve an agency in a case (lead agency or MAPPA "
                                     "coordinator).")
    async def involve_agency(
        self, info: Info[Context, None], input: InvolveAgencyInput
    ) -> InvolvementPayload | None:
        made = await _write(info, writes.involve_agency, input, action=ALTERATION,
                            classes=[F.MAPPA_STATUS], subjects=lambda r: [r.offender_id])
        return InvolvementPayload(**made)

    @strawberry.mutation(description="End an agency's involvement in a case today (lead agency "
                                     "or MAPPA coordinator); its officers stop managing it.")
    async def withdraw_agency(
        self, info: Info[Context, None], input: WithdrawAgencyInput
    ) -> InvolvementPayload | None:
        made = await _write(info, writes.withdraw_agency, input, action=ALTERATION,
                            classes=[F.MAPPA_STATUS], subjects=lambda r: [r.offender_id])
        return InvolvementPayload(**made)

    @strawberry.mutation(description="Make a case officer of an involved agency manage a case.")
    async def assign_case_officer(
        self, info: Info[Context, None], input: AssignCaseOfficerInput
    ) -> AssignCaseOfficerPayload | None:
        made = await _write(info, writes.assign_case_officer, input, action=ALTERATION,
                            classes=[F.MAPPA_STATUS], subjects=lambda r: [r.offender_id])
        return AssignCaseOfficerPayload(**made)

    @strawberry.mutation(description="Set a case's MAPPA level (lead agency or MAPPA "
                                     "coordinator).")
    async def set_mappa_level(
        self, info: Info[Context, None], input: SetMappaLevelInput
    ) -> SetMappaLevelPayload | None:
        made = await _write(info, writes.set_mappa_level, input, action=ALTERATION,
                            classes=[F.MAPPA_STATUS], subjects=lambda r: [r.offender_id])
        return SetMappaLevelPayload(**made)

    @strawberry.mutation(description="Record where an offender, contact or victim lives; the "
                                     "current address ends when the new one begins.")
    async def record_address(
        self, info: Info[Context, None], input: RecordAddressInput
    ) -> RecordAddressPayload | None:
        made = await _write(
            info, writes.record_address, input, action=COLLECTION,
            classes=lambda r: [F.VICTIM_LOCATION if r.protected else F.OFFENDER_ADDRESS],
            subjects=lambda r: [r.person_id, r.address_id],
        )
        return RecordAddressPayload(**made)

    @strawberry.mutation(description="Add a victim to a case (victim liaison officers).")
    async def add_victim(
        self, info: Info[Context, None], input: AddVictimInput
    ) -> AddVictimPayload | None:
        made = await _write(
            info, writes.add_victim, input, action=COLLECTION,
            classes=lambda r: [F.VICTIM_IDENTITY, *([F.VICTIM_LOCATION] if r.address_id else [])],
            subjects=lambda r: [r.offender_id, r.id, r.address_id],
        )
        return AddVictimPayload(**made)

    @strawberry.mutation(description="Add a named contact (or household member) to a case.")
    async def add_named_contact(
        self, info: Info[Context, None], input: AddNamedContactInput
    ) -> AddNamedContactPayload | None:
        made = await _write(info, writes.add_named_contact, input, action=COLLECTION,
                            classes=[F.CONTACTS],
                            subjects=lambda r: [r.offender_id, r.id, r.address_id])
        return AddNamedContactPayload(**made)

    @strawberry.mutation(description="Link two people by a graded intelligence association "
                                     "(police).")
    async def link_association(
        self, info: Info[Context, None], input: LinkAssociationInput
    ) -> LinkAssociationPayload | None:
        made = await _write(info, writes.link_association, input, action=COLLECTION,
                            classes=[F.INTELLIGENCE],
                            subjects=lambda r: [r.person_a_id, r.person_b_id])
        return LinkAssociationPayload(**made)

    @strawberry.mutation(description="Add a licence condition, with its zone or protected "
                                     "person.")
    async def add_licence_condition(
        self, info: Info[Context, None], input: AddLicenceConditionInput
    ) -> AddLicenceConditionPayload | None:
        made = await _write(info, writes.add_licence_condition, input, action=COLLECTION,
                            classes=[F.CONDITIONS],
                            subjects=lambda r: [r.offender_id, r.id, r.zone_id])
        return AddLicenceConditionPayload(**made)

    @strawberry.mutation(description="Add premises (school, playground, nursery, youth club).")
    async def add_premises(
        self, info: Info[Context, None], input: AddPremisesInput
    ) -> AddPremisesPayload | None:
        made = await _write(info, writes.add_premises, input, action=COLLECTION, classes=[],
                            subjects=lambda r: [r.id])
        return AddPremisesPayload(**made)

    @strawberry.mutation(description="Record a risk assessment; overall is the highest group.")
    async def record_risk_assessment(
        self, info: Info[Context, None], input: RecordRiskAssessmentInput
    ) -> RecordRiskAssessmentPayload | None:
        made = await _write(info, writes.record_risk_assessment, input, action=COLLECTION,
                            classes=[F.RISK_SUMMARY], subjects=lambda r: [r.offender_id, r.id])
        return RecordRiskAssessmentPayload(**made)

    @strawberry.mutation(description="Add an intervention the offender attends.")
    async def add_intervention(
        self, info: Info[Context, None], input: AddInterventionInput
    ) -> AddInterventionPayload | None:
        made = await _write(info, writes.add_intervention, input, action=COLLECTION,
                            classes=[F.SUPERVISION], subjects=lambda r: [r.offender_id, r.id])
        return AddInterventionPayload(**made)

    @strawberry.mutation(description="Record a compliance event and its outcome.")
    async def record_compliance_event(
        self, info: Info[Context, None], input: RecordComplianceEventInput
    ) -> RecordComplianceEventPayload | None:
        made = await _write(info, writes.record_compliance_event, input, action=COLLECTION,
                            classes=[F.SUPERVISION], subjects=lambda r: [r.offender_id, r.id])
        return RecordComplianceEventPayload(**made)

    @strawberry.mutation(description="Record a registered sexual offender's notification.")
    async def record_notification(
        self, info: Info[Context, None], input: RecordNotificationInput
    ) -> RecordNotificationPayload | None:
        made = await _write(info, writes.record_notification, input, action=COLLECTION,
                            classes=[F.SUPERVISION], subjects=lambda r: [r.offender_id, r.id])
        return RecordNotificationPayload(**made)

    @strawberry.mutation(description="Break glass: four hours' access to a case your agency is "
                                     "not involved in (police and probation officers), with a "
                                     "justification; capped per officer (active grants, grants "
                                     "in 24 hours).")
    async def request_emergency_access(
        self, info: Info[Context, None], input: RequestEmergencyAccessInput
    ) -> EmergencyGrant | None:
        request = partial(writes.request_emergency_access,
                          limits=writes.EmergencyLimits.from_settings(info.context.settings))
        return grant_of(await _made(info, request, input, action=COLLECTION, classes=[],
                                    subjects=lambda r: [r.offender_id, r.id]))

    @strawberry.mutation(description="Revoke an emergency grant (its holder, or the lead "
                                     "agency).")
    async def revoke_emergency_access(
        self, info: Info[Context, None], id: strawberry.ID
    ) -> EmergencyGrant | None:
        return grant_of(await _made(info, writes.revoke_emergency_access, {"id": id},
                                    action=ALTERATION, classes=[],
                                    subjects=lambda r: [r.offender_id, r.id]))

    @strawberry.mutation(description="Review an emergency grant: JUSTIFIED or UNJUSTIFIED (with "
                                     "a note), once; by the lead agency's officers or the case's "
                                     "MAPPA coordinators, never its holder. UNJUSTIFIED revokes "
                                     "the grant if it is still active; the audit event's outcome "
                                     "is the finding.")
    async def review_emergency_access(
        self, info: Info[Context, None], input: ReviewEmergencyAccessInput
    ) -> EmergencyGrant | None:
        return grant_of(await _made(
            info, writes.review_emergency_access, input, action=ALTERATION, classes=[],
            subjects=lambda r: [r.offender_id, r.id, r.user_id],
            outcome=lambda r: str(r.review_outcome)))


@strawberry.input(description="One reported location of an offender.")
class LocationFixInput:
    offender_id: strawberry.ID
    latitude: float
    longitude: float
    at: datetime


@strawberry.type
class ReportLocationsPayload:
    accepted: int = strawberry.field(description="Fixes accepted (only each offender's newest "
                                                 "is kept).")
    raised: list[Alert] = strawberry.field(description="Alerts the fixes raised, as the caller "
                                                       "may see them.")


@strawberry.input
class RegisterWebhookInput:
    url: str = strawberry.field(description="Where alerts are POSTed (http or https).")
    description: str | None = None


@strawberry.type(description="A registered webhook; `secret` signs its deliveries (Standard "
                             "Webhooks) and is shown only in this answer.")
class WebhookRegistration:
    id: strawberry.ID
    url: str
    description: str | None
    created_at: datetime
    secret: str


@strawberry.input
class DisableWebhookInput:
    id: strawberry.ID
    reason: str | None = None


@strawberry.input
class RotateWebhookSecretInput:
    id: strawberry.ID


@strawberry.type(description="A webhook's new signing secret, shown only in this answer.")
class WebhookSecretRotation:
    webhook: Webhook
    secret: str
    previous_secret_until: datetime | None = strawberry.field(
        description="Until when deliveries are signed with the previous secret too (a second "
                    "signature in webhook-signature); null when it stopped at once.")


@strawberry.type
class AlertMutation:
    @strawberry.mutation(description="Register a webhook that receives, signed, the alerts the "
                                     "caller may see (for partner systems).")
    async def register_webhook(
        self, info: Info[Context, None], input: RegisterWebhookInput
    ) -> WebhookRegistration | None:
        register = partial(webhooks.register_webhook, settings=info.context.settings)
        made = await _write(info, register, input, action=COLLECTION,
                            classes=[], subjects=lambda r: [r.id])
        return WebhookRegistration(**made)

    @strawberry.mutation(description="Stop a webhook of the caller's agency for good (its owner, "
                                     "or the agency's ADMIN); its pending deliveries are "
                                     "dropped.")
    async def disable_webhook(
        self, info: Info[Context, None], input: DisableWebhookInput
    ) -> Webhook | None:
        made = await _write(info, webhooks.disable_webhook, input, action=ALTERATION,
                            classes=[], subjects=lambda r: [r.id])
        return webhook_of(WebhookView.model_validate(made))

    @strawberry.mutation(description="Give a webhook of the caller's agency a new signing secret "
                                     "(its owner, or the agency's ADMIN), shown once; the "
                                     "previous one signs beside it until previousSecretUntil.")
    async def rotate_webhook_secret(
        self, info: Info[Context, None], input: RotateWebhookSecretInput
    ) -> WebhookSecretRotation | None:
        rotate = partial(webhooks.rotate_webhook_secret, settings=info.context.settings)
        made = SecretRotated.model_validate(await _write(
            info, rotate, input, action=ALTERATION, classes=[],
            subjects=lambda r: [r.webhook.id]))
        return WebhookSecretRotation(webhook=webhook_of(made.webhook), secret=made.secret,
                                     previous_secret_until=made.previous_secret_until)

    @strawberry.mutation(description="Report location fixes from electronic monitoring (the "
                                     "monitoring provider's system, for cases its agency is "
                                     "involved in); each fix is checked against the offender's "
                                     "zones and barred premises.")
    async def report_locations(
        self, info: Info[Context, None], fixes: list[LocationFixInput]
    ) -> ReportLocationsPayload | None:
        context = info.context
        principal = context.require_principal()
        limits = Limits.from_settings(context.settings)

        async def report(graph: Graph, caller: Principal, raw: Mapping[str, Any]
                         ) -> LocationsReported:
            return await locations.report_locations(graph, caller, raw, limits)

        made = LocationsReported.model_validate(await _write(
            info, report, {"fixes": [strawberry.asdict(fix) for fix in fixes]},
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

    @strawberry.mutation(description="Acknowledge an open alert: an officer of an involved "
                                     "agency is dealing with it.")
    async def acknowledge_alert(
        self, info: Info[Context, None], id: strawberry.ID, note: str | None = None
    ) -> Alert | None:
        return await _decide(info, id, note, AlertStatus.ACKNOWLEDGED)

    @strawberry.mutation(description="Resolve an alert by hand (it is not raised again while its "
                                     "situation holds).")
    async def resolve_alert(
        self, info: Info[Context, None], id: strawberry.ID, note: str | None = None
    ) -> Alert | None:
        return await _decide(info, id, note, AlertStatus.RESOLVED)


async def _decide(
    info: Info[Context, None], alert_id: str, note: str | None, status: AlertStatus
) -> Alert:
    principal = info.context.require_principal()

    async def decide(graph: Graph, caller: Principal, raw: Mapping[str, Any]) -> AlertRecord:
        return await alerts.decide_alert(graph, caller, raw, status)

    made = await _write(info, decide, {"id": alert_id, "note": note}, action=ALTERATION,
                        classes=lambda r: disclosed(r, principal)[1],
                        subjects=lambda r: [*disclosed(r, principal)[0], r.id])
    return alert_of(AlertRecord.model_validate(made), principal)
