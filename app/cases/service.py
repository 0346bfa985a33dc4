"""Reading offenders under need-to-know: one round trip per use case; the queries decide who and
what the caller may see, this layer refuses what cannot be asked.

Case-data writes (PRODUCT.md section 6): each takes its input validated (a model of
app/core/inputs.py, which the API validates before calling), then runs one write transaction
that reads the caller's relation to the case, authorises (app/access/write_rights.py), checks
the ids it refers to, writes, and enqueues the offenders it touched for the alert evaluator. A
refused or invalid write raises before anything is committed, so it changes nothing.

Validation comes first because it depends on the input alone and so reveals nothing about a case
(only a write outside any case, which depends on the caller alone, is authorised before it);
whether the case may be seen decides between NOT_FOUND and FORBIDDEN, inside the transaction.
Ids are made before the transaction, so that a retried transaction function makes the same ones.
"""

import uuid
from collections.abc import Collection
from datetime import UTC, date, datetime
from typing import NamedTuple

from neo4j import AsyncManagedTransaction

from app.access.principal import OFFICER_ROLES, Principal
from app.access.redaction import FILTER_FIELDS, not_granted_reason, refused_filters
from app.access.write_rights import CaseAccess, Verdict, Write, held_scopes, verdict
from app.alerts.queue import enqueue_offenders
from app.cases import repository
from app.cases import repository as repo
from app.cases.models import (
    AddressRecorded,
    AssociationLinked,
    CaseloadPage,
    CaseOfficerAssigned,
    ComplianceEventRecorded,
    EmergencyGrant,
    InterventionAdded,
    InvolvementChanged,
    LicenceConditionAdded,
    MappaLevelSet,
    NamedContactAdded,
    NotificationRecorded,
    OffenderCreated,
    OffenderFilter,
    OffenderRecord,
    PersonCases,
    PersonHit,
    PremisesAdded,
    RiskAssessmentRecorded,
    VictimAdded,
    notification_due_on,
)
from app.core import inputs
from app.core.enums import FieldClass, ResidenceKind, RiskLevel
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.platform.neo4j.driver import Graph
from app.settings import Settings

MAX_SEARCH_TEXT = 200


async def read_offender(
    graph: Graph, principal: Principal, offender_id: str, fields: Collection[str]
) -> OffenderRecord | None:
    """The offender as the caller may see it; None alike when absent and when not visible.
    `fields`: the field paths selected (what is not selected is not read)."""
    return await graph.read_one(repository.find_offender, offender_id, principal, fields)


async def read_caseload(
    graph: Graph, principal: Principal, wanted: OffenderFilter, after_id: str | None, first: int,
    *, fields: Collection[str],
) -> CaseloadPage:
    """A page of the offenders the caller may see, in id order after `after_id`, with the
    selected `fields`."""
    used = wanted.model_dump(by_alias=True, exclude_none=True)
    refused = refused_filters(principal, used)
    if refused:
        needs = ", ".join(f"filter.{f} needs {FILTER_FIELDS[f].value}" for f in refused)
        raise Forbidden(f"{needs}: {not_granted_reason(principal)}")
    return await graph.read_one(repository.list_offenders, principal, wanted, after_id, first,
                            fields=fields)


async def search_people(
    graph: Graph, principal: Principal, text: str, first: int
) -> list[PersonHit]:
    """People the caller may see whose name or alias matches `text`, best match first."""
    if not any(character.isalnum() for character in text):
        raise Invalid("text must contain at least one letter or digit", field="text")
    if len(text) > MAX_SEARCH_TEXT:
        raise Invalid(f"text must be at most {MAX_SEARCH_TEXT} characters", field="text")
    return await graph.read_one(repository.search_people, text, first, principal)


EMERGENCY_ACCESS_HOURS = 4
# Offenders this close to new premises are re-evaluated (the rule itself applies its own, smaller,
# distance).
PREMISES_REACH_METRES = 1_000.0
RISK_ORDER = (RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.VERY_HIGH)


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4()}"


def _seen(access: CaseAccess, principal: Principal) -> CaseAccess:
    """A principal whose role sees no class of case data sees no case at all."""
    if principal.field_classes:
        return access
    return CaseAccess(visible=False, involved=access.involved, lead=access.lead,
                      grantee=access.grantee)


def authorise(
    write: Write, principal: Principal, access: CaseAccess | None, *, case: bool = True,
    missing: str = "no such offender",
) -> None:
    """Raise unless `principal` may make `write` (on the case `access` describes; `case=False`
    for writes outside any case)."""
    if case and access is None:
        raise NotFound(missing)
    outcome = verdict(write, principal.agency_kind, principal.roles,
                      _seen(access, principal) if access is not None else None)
    if outcome is Verdict.NOT_FOUND:
        raise NotFound(missing)
    if outcome is Verdict.FORBIDDEN:
        raise forbidden(write, principal)


def authorise_outside_case(write: Write, principal: Principal) -> None:
    """Raise unless `principal` may make `write`, which concerns no case. It depends on the
    caller alone, so the API makes this check before validating the input as well: a caller who
    may not make the write is told so, whatever they sent."""
    authorise(write, principal, None, case=False)


def forbidden(write: Write, principal: Principal) -> Forbidden:
    roles = ", ".join(principal.roles) or "no role"
    return Forbidden(f"{roles} of a {principal.agency_kind} agency may not {write.value} here")


async def _offender_access(
    tx: AsyncManagedTransaction, principal: Principal, offender_id: str
) -> CaseAccess | None:
    return await repo.find_offender_access(tx, offender_id, principal.agency_id,
                                           principal.user_id)


def _person_access(
    person: PersonCases, principal: Principal, routes: set[str]
) -> CaseAccess | None:
    """The caller's relation to a person through their cases: a victim is seen only with
    VICTIM_IDENTITY, a contact only with CONTACTS (PRODUCT.md section 4)."""
    classes = principal.field_classes
    needs = {"VICTIM": FieldClass.VICTIM_IDENTITY, "CONTACT": FieldClass.CONTACTS}
    cases = [c for c in person.cases if c.route in routes]
    if not cases:
        return None
    return CaseAccess(
        visible=any(c.visible and (c.route not in needs or needs[c.route] in classes)
                    for c in cases),
        involved=any(c.involved for c in cases),
        lead=False,
    )


def _today() -> date:
    return datetime.now(UTC).date()


async def create_offender(
    graph: Graph, principal: Principal, data: inputs.CreateOffenderInput
) -> OffenderCreated:
    authorise_outside_case(Write.CREATE_OFFENDER, principal)
    offender_id = new_id("OFF")

    async def work(tx: AsyncManagedTransaction) -> OffenderCreated:
        if data.pnc and (holder := await repo.offender_with_pnc(tx, data.pnc)):
            # The same words whether or not the caller may see the holder, whom the audit
            # event of the attempt names.
            raise Conflict(
                "input.pnc: an offender is already recorded under this PNC; if the case is not "
                "yours, ask its lead agency or the MAPPA coordinator to involve your agency",
                subject_ids=(holder,))
        created = await repo.create_offender(tx, data, offender_id=offender_id,
                                             agency_id=principal.agency_id)
        if created is None:
            raise NotFound(f"no agency {principal.agency_id!r}")
        await enqueue_offenders(tx, [offender_id])
        return created

    return await graph.write(work)


async def involve_agency(
    graph: Graph, principal: Principal, data: inputs.InvolveAgencyInput
) -> InvolvementChanged:
    async def work(tx: AsyncManagedTransaction) -> InvolvementChanged:
        authorise(Write.INVOLVE_AGENCY, principal,
                  await _offender_access(tx, principal, data.offender_id))
        agency = await repo.find_agency_involvement(tx, data.offender_id, data.agency_id)
        if agency is None:
            raise Invalid(f"input.agencyId: no agency {data.agency_id!r}", field="input.agencyId")
        if agency.lead:
            raise Invalid("input.agencyId: the lead agency is involved already",
                          field="input.agencyId")
        involvement = await repo.involve_agency(tx, data, caller_agency_id=principal.agency_id)
        if involvement is None:
            raise NotFound("no such offender")
        await enqueue_offenders(tx, [data.offender_id])
        return involvement

    return await graph.write(work)


async def withdraw_agency(
    graph: Graph, principal: Principal, data: inputs.WithdrawAgencyInput
) -> InvolvementChanged:
    async def work(tx: AsyncManagedTransaction) -> InvolvementChanged:
        authorise(Write.WITHDRAW_AGENCY, principal,
                  await _offender_access(tx, principal, data.offender_id))
        agency = await repo.find_agency_involvement(tx, data.offender_id, data.agency_id)
        if agency is None:
            raise Invalid(f"input.agencyId: no agency {data.agency_id!r}", field="input.agencyId")
        if agency.lead:
            raise Conflict("the lead agency cannot be withdrawn from its own case")
        if agency.basis is None:
            raise Invalid("input.agencyId: the agency is not involved in this case",
                          field="input.agencyId")
        involvement = await repo.withdraw_agency(tx, data, caller_agency_id=principal.agency_id)
        if involvement is None:
            raise NotFound("no such offender")
        await enqueue_offenders(tx, [data.offender_id])
        return involvement

    return await graph.write(work)


async def assign_case_officer(
    graph: Graph, principal: Principal, data: inputs.AssignCaseOfficerInput
) -> CaseOfficerAssigned:
    async def work(tx: AsyncManagedTransaction) -> CaseOfficerAssigned:
        authorise(Write.ASSIGN_CASE_OFFICER, principal,
                  await _offender_access(tx, principal, data.offender_id))
        officer = await repo.find_case_officer(tx, data.offender_id, data.officer_id)
        if officer is None:
            raise Invalid(f"input.officerId: no case officer {data.officer_id!r}",
                          field="input.officerId")
        if officer.role not in OFFICER_ROLES:
            raise Invalid(f"input.officerId: a {officer.role} does not manage cases",
                          field="input.officerId")
        if not officer.agency_involved:
            raise Invalid("input.officerId: the officer's agency is not involved in this case "
                          "(involveAgency first)", field="input.officerId")
        assigned = await repo.assign_case_officer(tx, data, agency_id=principal.agency_id)
        if assigned is None:
            raise NotFound("no such offender")
        await enqueue_offenders(tx, [data.offender_id])
        return CaseOfficerAssigned(offender_id=data.offender_id, officer_id=data.officer_id,
                                   since=assigned[0])

    return await graph.write(work)


async def set_mappa_level(
    graph: Graph, principal: Principal, data: inputs.SetMappaLevelInput
) -> MappaLevelSet:
    async def work(tx: AsyncManagedTransaction) -> MappaLevelSet:
        authorise(Write.SET_MAPPA_LEVEL, principal,
                  await _offender_access(tx, principal, data.offender_id))
        previous = await repo.set_mappa_level(tx, data, agency_id=principal.agency_id)
        if previous is None:
            raise NotFound("no such offender")
        await enqueue_offenders(tx, [data.offender_id])
        return MappaLevelSet(offender_id=data.offender_id, level=data.level,
                             previous_level=previous[0], reason=data.reason)

    return await graph.write(work)


async def record_address(
    graph: Graph, principal: Principal, data: inputs.RecordAddressInput
) -> AddressRecorded:
    """An offender's or contact's residence, or a victim's protected address."""
    address_id = new_id("ADR")

    async def work(tx: AsyncManagedTransaction) -> AddressRecorded:
        person = await repo.find_person_cases(tx, data.person_id, principal.agency_id,
                                              principal.user_id)
        if person is None:
            raise NotFound("no such person")
        victim = person.is_victim
        write = Write.RECORD_VICTIM_ADDRESS if victim else Write.RECORD_ADDRESS
        routes = {"VICTIM"} if victim else {"OFFENDER", "CONTACT"}
        authorise(write, principal, _person_access(person, principal, routes),
                  missing="no such person")
        current = person.located_from if victim else person.resident_from
        if current is not None and data.from_ < current and data.kind is not \
                ResidenceKind.PROPOSED:
            raise Invalid("input.from: must not be before the current address began",
                          field="input.from")
        record = repo.record_victim_location if victim else repo.record_residence
        written = await record(tx, data, agency_id=principal.agency_id, address_id=address_id)
        if written is None:
            raise NotFound("no such person")
        await enqueue_offenders(tx, [*(c.offender_id for c in person.cases),
                                     *written.sharing_offender_ids])
        return AddressRecorded(
            person_id=data.person_id, address_id=written.address_id, from_=data.from_,
            kind=None if victim else data.kind, protected=victim,
            ended_address_ids=written.ended_address_ids,
        )

    return await graph.write(work)


async def add_victim(
    graph: Graph, principal: Principal, data: inputs.AddVictimInput
) -> VictimAdded:
    victim_id = new_id("VIC")
    address_id = new_id("ADR") if data.address is not None else None

    async def work(tx: AsyncManagedTransaction) -> VictimAdded:
        authorise(Write.ADD_VICTIM, principal,
                  await _offender_access(tx, principal, data.offender_id))
        if not await repo.add_victim(tx, data, agency_id=principal.agency_id,
                                     victim_id=victim_id, address_id=address_id):
            raise NotFound("no such offender")
        await enqueue_offenders(tx, [data.offender_id])
        return VictimAdded(id=victim_id, offender_id=data.offender_id, address_id=address_id)

    return await graph.write(work)


async def add_named_contact(
    graph: Graph, principal: Principal, data: inputs.AddNamedContactInput
) -> NamedContactAdded:
    contact_id = new_id("CON")
    address_id = new_id("ADR") if data.address is not None else None

    async def work(tx: AsyncManagedTransaction) -> NamedContactAdded:
        authorise(Write.ADD_NAMED_CONTACT, principal,
                  await _offender_access(tx, principal, data.offender_id))
        added = await repo.add_named_contact(tx, data, agency_id=principal.agency_id,
                                             contact_id=contact_id, address_id=address_id)
        if added is None:
            raise NotFound("no such offender")
        await enqueue_offenders(tx, [data.offender_id, *added.sharing_offender_ids])
        return NamedContactAdded(
            id=contact_id, offender_id=data.offender_id, relationship=data.relationship,
            household_member=data.household_member, address_id=added.address_id,
        )

    return await graph.write(work)


async def link_association(
    graph: Graph, principal: Principal, data: inputs.LinkAssociationInput
) -> AssociationLinked:
    routes = {"OFFENDER", "CONTACT", "VICTIM"}

    async def work(tx: AsyncManagedTransaction) -> AssociationLinked:
        people = [
            await repo.find_person_cases(tx, person_id, principal.agency_id, principal.user_id)
            for person_id in (data.person_a_id, data.person_b_id)
        ]
        verdicts = set()
        for person in people:
            access = _person_access(person, principal, routes) if person else None
            verdicts.add(verdict(Write.LINK_ASSOCIATION, principal.agency_kind, principal.roles,
                                 _seen(access, principal)) if access else Verdict.NOT_FOUND)
        if Verdict.NOT_FOUND in verdicts:
            raise NotFound("no such person")
        if Verdict.FORBIDDEN in verdicts:
            raise forbidden(Write.LINK_ASSOCIATION, principal)
        if not await repo.link_association(tx, data, agency_id=principal.agency_id,
                                           user_id=principal.user_id):
            raise NotFound("no such person")
        await enqueue_offenders(tx, [c.offender_id for p in people if p for c in p.cases])
        return AssociationLinked(
            person_a_id=data.person_a_id, person_b_id=data.person_b_id,
            source_agency=principal.agency_id, source=data.grading.source,
            information=data.grading.information, handling=data.handling,
            observed_at=data.observed_at,
        )

    return await graph.write(work)


async def add_licence_condition(
    graph: Graph, principal: Principal, data: inputs.AddLicenceConditionInput
) -> LicenceConditionAdded:
    condition_id = new_id("LC")
    zone_id = new_id("ZON") if data.zone is not None else None

    async def work(tx: AsyncManagedTransaction) -> LicenceConditionAdded:
        authorise(Write.ADD_LICENCE_CONDITION, principal,
                  await _offender_access(tx, principal, data.offender_id))
        if data.protected_person_id is not None:
            person = await repo.find_person_cases(tx, data.protected_person_id,
                                                  principal.agency_id, principal.user_id)
            if person is None or not any(
                c.offender_id == data.offender_id and c.route != "OFFENDER"
                for c in person.cases
            ):
                raise Invalid("input.protectedPersonId: not a victim or named contact of this "
                              "offender", field="input.protectedPersonId")
        if not await repo.add_licence_condition(tx, data, agency_id=principal.agency_id,
                                                condition_id=condition_id, zone_id=zone_id):
            raise NotFound("no such offender")
        await enqueue_offenders(tx, [data.offender_id])
        return LicenceConditionAdded(
            id=condition_id, offender_id=data.offender_id, kind=data.kind,
            valid_from=data.valid_from, valid_to=data.valid_to,
            protected_person_id=data.protected_person_id, zone_id=zone_id,
            premises_kind=data.premises_kind,
        )

    return await graph.write(work)


async def add_premises(
    graph: Graph, principal: Principal, data: inputs.AddPremisesInput
) -> PremisesAdded:
    authorise_outside_case(Write.ADD_PREMISES, principal)
    premises_id = new_id("PRM")

    async def work(tx: AsyncManagedTransaction) -> PremisesAdded:
        created = await repo.create_premises(tx, data, premises_id=premises_id,
                                             agency_id=principal.agency_id,
                                             reach_metres=PREMISES_REACH_METRES)
        if created is None:
            raise NotFound(f"no agency {principal.agency_id!r}")
        await enqueue_offenders(tx, created[1])
        return PremisesAdded(id=premises_id, name=data.name, kind=data.kind, area=created[0])

    return await graph.write(work)


async def record_risk_assessment(
    graph: Graph, principal: Principal, data: inputs.RecordRiskAssessmentInput
) -> RiskAssessmentRecorded:
    assessment_id = new_id("RA")
    overall = max((data.children, data.public_at_large, data.known_adult, data.staff),
                  key=RISK_ORDER.index)

    async def work(tx: AsyncManagedTransaction) -> RiskAssessmentRecorded:
        authorise(Write.RECORD_RISK_ASSESSMENT, principal,
                  await _offender_access(tx, principal, data.offender_id))
        if not await repo.record_risk_assessment(tx, data, agency_id=principal.agency_id,
                                                 assessment_id=assessment_id,
                                                 overall=overall.value):
            raise NotFound("no such offender")
        await enqueue_offenders(tx, [data.offender_id])
        return RiskAssessmentRecorded(id=assessment_id, offender_id=data.offender_id,
                                      tool=data.tool, assessed_on=data.assessed_on,
                                      overall=overall)

    return await graph.write(work)


def intervention_status(start: date, end: date | None, today: date) -> str:
    if start > today:
        return "PLANNED"
    if end is not None and end < today:
        return "COMPLETED"
    return "ACTIVE"


async def add_intervention(
    graph: Graph, principal: Principal, data: inputs.AddInterventionInput
) -> InterventionAdded:
    intervention_id = new_id("INT")
    status = intervention_status(data.start, data.end, _today())

    async def work(tx: AsyncManagedTransaction) -> InterventionAdded:
        authorise(Write.ADD_INTERVENTION, principal,
                  await _offender_access(tx, principal, data.offender_id))
        if not await repo.add_intervention(tx, data, agency_id=principal.agency_id,
                                           intervention_id=intervention_id, status=status):
            raise NotFound("no such offender")
        await enqueue_offenders(tx, [data.offender_id])
        return InterventionAdded(id=intervention_id, offender_id=data.offender_id,
                                 kind=data.kind, name=data.name, status=status,
                                 start=data.start, end=data.end)

    return await graph.write(work)


async def record_compliance_event(
    graph: Graph, principal: Principal, data: inputs.RecordComplianceEventInput
) -> ComplianceEventRecorded:
    event_id = new_id("CE")

    async def work(tx: AsyncManagedTransaction) -> ComplianceEventRecorded:
        authorise(Write.RECORD_COMPLIANCE_EVENT, principal,
                  await _offender_access(tx, principal, data.offender_id))
        if not await repo.record_compliance_event(tx, data, agency_id=principal.agency_id,
                                                  event_id=event_id,
                                                  recorded_by=principal.user_id):
            raise NotFound("no such offender")
        await enqueue_offenders(tx, [data.offender_id])
        return ComplianceEventRecorded(id=event_id, offender_id=data.offender_id,
                                       kind=data.kind, at=data.at, outcome=data.outcome)

    return await graph.write(work)


async def record_notification(
    graph: Graph, principal: Principal, data: inputs.RecordNotificationInput
) -> NotificationRecorded:
    notification_id = new_id("NOT")

    async def work(tx: AsyncManagedTransaction) -> NotificationRecorded:
        authorise(Write.RECORD_NOTIFICATION, principal,
                  await _offender_access(tx, principal, data.offender_id))
        basis = await repo.find_notification_basis(tx, data.offender_id, data.made_on)
        if basis is None:
            raise NotFound("no such offender")
        if not basis.registered_sex_offender:
            raise Invalid("input.offenderId: notifications are made by registered sexual "
                          "offenders only", field="input.offenderId")
        due_on = notification_due_on(data.kind, data.made_on, basis)
        if not await repo.record_notification(tx, data, agency_id=principal.agency_id,
                                              notification_id=notification_id, due_on=due_on):
            raise NotFound("no such offender")
        await enqueue_offenders(tx, [data.offender_id])
        return NotificationRecorded(id=notification_id, offender_id=data.offender_id,
                                    kind=data.kind, made_on=data.made_on, due_on=due_on)

    return await graph.write(work)


class EmergencyLimits(NamedTuple):
    """The caps on break glass (settings): grants one officer may hold at once, and take in any
    24 hours."""

    max_active: int
    max_per_day: int

    @classmethod
    def from_settings(cls, settings: Settings) -> "EmergencyLimits":
        return cls(settings.emergency_max_active_grants, settings.emergency_max_grants_per_day)


async def request_emergency_access(
    graph: Graph, principal: Principal, data: inputs.RequestEmergencyAccessInput,
    limits: EmergencyLimits,
) -> EmergencyGrant:
    """Break glass: the caller's role's classes on a case its agency is not involved in, for
    four hours, within the caller's caps; the lead agency learns of it through the
    EMERGENCY_ACCESS alert, and reviews it."""
    grant_id = new_id("EG")

    async def work(tx: AsyncManagedTransaction) -> EmergencyGrant:
        authorise(Write.REQUEST_EMERGENCY_ACCESS, principal,
                  await _offender_access(tx, principal, data.offender_id))
        counts = await repo.grant_emergency_access(
            tx, data, grant_id=grant_id, agency_id=principal.agency_id,
            user_id=principal.user_id, roles=[r.value for r in principal.roles],
            purpose=principal.purpose.value, hours=EMERGENCY_ACCESS_HOURS,
            max_active=limits.max_active, max_per_day=limits.max_per_day,
        )
        if counts is None:
            raise Forbidden("your agency is involved in this case: no emergency access needed")
        if counts.active >= limits.max_active:
            raise Forbidden(
                f"you hold {counts.active} active emergency grants, the most an officer may hold "
                f"at once (MAPPA_EMERGENCY_MAX_ACTIVE_GRANTS = {limits.max_active}): revoke one "
                "you no longer need")
        if counts.grant is None:
            raise Forbidden(
                f"you have taken {counts.today} emergency grants in the last 24 hours, the most "
                f"an officer may take in a day (MAPPA_EMERGENCY_MAX_GRANTS_PER_DAY = "
                f"{limits.max_per_day}): ask the lead agency to involve yours")
        await enqueue_offenders(tx, [data.offender_id])
        return counts.grant

    return await graph.write(work)


async def revoke_emergency_access(
    graph: Graph, principal: Principal, wanted: inputs.GrantReference
) -> EmergencyGrant:
    """By the grantee, or by an officer of the case's lead agency; revoking twice changes
    nothing."""

    async def work(tx: AsyncManagedTransaction) -> EmergencyGrant:
        found = await repo.find_emergency_grant(tx, wanted.id, principal.agency_id,
                                                principal.user_id)
        authorise(Write.REVOKE_EMERGENCY_ACCESS, principal, found[1] if found else None,
                  missing="no such emergency grant")
        revoked = await repo.revoke_emergency_access(tx, wanted.id, agency_id=principal.agency_id,
                                                     user_id=principal.user_id)
        if revoked is None:
            raise NotFound("no such emergency grant")
        await enqueue_offenders(tx, [revoked.offender_id])
        return revoked

    return await graph.write(work)


def _grant_scopes(principal: Principal) -> list[str]:
    return held_scopes(Write.REVIEW_EMERGENCY_ACCESS, principal.agency_kind, principal.roles)


async def review_emergency_access(
    graph: Graph, principal: Principal, data: inputs.ReviewEmergencyAccessInput
) -> EmergencyGrant:
    """The lead agency's officers or the case's MAPPA coordinators find a grant JUSTIFIED or
    UNJUSTIFIED, once (a review stands: CONFLICT for a second); never the grant's holder. An
    UNJUSTIFIED finding revokes the grant if it is still active. The review resolves the
    grant's EMERGENCY_ACCESS alert (and its overdue one) through the evaluator."""

    async def work(tx: AsyncManagedTransaction) -> EmergencyGrant:
        found = await repo.find_emergency_grant(tx, data.id, principal.agency_id,
                                                principal.user_id)
        if found is not None and found[1].grantee:
            raise Forbidden("you may not review your own emergency grant")
        authorise(Write.REVIEW_EMERGENCY_ACCESS, principal, found[1] if found else None,
                  missing="no such emergency grant")
        reviewed = await repo.review_emergency_access(
            tx, data, agency_id=principal.agency_id, user_id=principal.user_id,
            grant_scopes=_grant_scopes(principal))
        if reviewed is None:
            raise NotFound("no such emergency grant")
        recorded, grant = reviewed
        if not recorded:
            raise Conflict(f"emergency grant {data.id!r} was reviewed already "
                           f"({grant.review_outcome}, by {grant.reviewed_by}); a review stands")
        await enqueue_offenders(tx, [grant.offender_id])
        return grant

    return await graph.write(work)


async def list_emergency_grants(
    graph: Graph, principal: Principal, offender_id: str, after_id: str | None, first: int
) -> list[EmergencyGrant]:
    """Up to `first` + 1 grants on a case, newest first, for those who review its grants (the
    lead agency's officers, the case's MAPPA coordinators): FORBIDDEN to anyone else who sees
    the case, NOT_FOUND to those who do not."""
    async def work(tx: AsyncManagedTransaction) -> list[EmergencyGrant]:
        try:
            authorise(Write.REVIEW_EMERGENCY_ACCESS, principal,
                      await _offender_access(tx, principal, offender_id))
        except Forbidden:
            raise Forbidden("only the lead agency's officers and the case's MAPPA coordinators "
                            "list its emergency grants") from None
        return await repo.list_emergency_grants(tx, offender_id, after_id, first + 1)

    return await graph.read(work)
