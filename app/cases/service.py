"""Reading offenders under need-to-know: one round trip per use case; the queries decide who and
what the caller may see, this layer refuses what cannot be asked.

Case-data writes (PRODUCT.md section 6): each takes its input validated (a model of
app/cases/models.py, which the API validates before calling) and is a `CaseWrite`, which says
only what sets it apart: the write right it needs, the case it lands in, the checks on the facts
it is decided on, its write query, what it made and the offenders whose alert rules it touched.
`make` runs it in a unit of work (app/platform/uow.py): one write transaction that reads the
caller's relation to the case, authorises (app/access/write_rights.py), checks, writes, enqueues
the offenders touched for the alert evaluator and appends the audit event. A refused or invalid
write raises before anything is committed, so it changes nothing. The two writes about people
rather than one case (recordAddress, whose right depends on whether the person is a victim, and
linkAssociation, across two people's cases) take the same steps in a transaction function of
their own.

Validation comes first because it depends on the input alone and so reveals nothing about a case
(only a write outside any case, which depends on the caller alone, is authorised before it);
whether the case may be seen decides between NOT_FOUND and FORBIDDEN, inside the transaction.
Ids are made before the transaction, so that a retried transaction function makes the same ones.
"""

import uuid
from collections.abc import Awaitable, Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Generic, NamedTuple, TypeVar

from neo4j import AsyncManagedTransaction

from app.access.principal import OFFICER_ROLES, Principal
from app.access.redaction import FILTER_FIELDS, not_granted_reason, refused_filters
from app.access.write_rights import (
    CaseAccess,
    Verdict,
    Write,
    authorise,
    authorise_outside_case,
    forbidden,
    held_scopes,
    seen,
    verdict,
)
from app.cases import repository
from app.cases import repository as repo
from app.cases.models import (
    EMERGENCY_ACCESS_HOURS,
    AddInterventionInput,
    AddLicenceConditionInput,
    AddNamedContactInput,
    AddPremisesInput,
    AddressRecorded,
    AddVictimInput,
    AssignCaseOfficerInput,
    AssociationLinked,
    CaseloadPage,
    CaseOfficerAssigned,
    ComplianceEventRecorded,
    CreateOffenderInput,
    EmergencyGrant,
    GrantReference,
    InterventionAdded,
    InvolveAgencyInput,
    InvolvementChanged,
    LicenceConditionAdded,
    LinkAssociationInput,
    MappaLevelSet,
    NamedContactAdded,
    NotificationRecorded,
    OffenderCreated,
    OffenderFilter,
    OffenderRecord,
    PersonCases,
    PersonHit,
    PremisesAdded,
    RecordAddressInput,
    RecordComplianceEventInput,
    RecordNotificationInput,
    RecordRiskAssessmentInput,
    RequestEmergencyAccessInput,
    ReviewEmergencyAccessInput,
    RiskAssessmentRecorded,
    SetMappaLevelInput,
    VictimAdded,
    WithdrawAgencyInput,
    notification_due_on,
)
from app.core.enums import FieldClass, MappaLevel, ResidenceKind, RiskLevel
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.inputs import today
from app.platform.neo4j.driver import Graph
from app.platform.uow import Changed, UnitOfWork
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


# Offenders this close to new premises are re-evaluated (the rule itself applies its own, smaller,
# distance).
PREMISES_REACH_METRES = 1_000.0
RISK_ORDER = (RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.VERY_HIGH)
NO_SUCH_GRANT = "no such emergency grant"

W = TypeVar("W")  # what a write query answers
R = TypeVar("R")  # what the write made, as the caller is answered


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4()}"


@dataclass(frozen=True)
class Case:
    """The case a write lands in: how the caller's relation to it is read (None: no such case),
    what a caller who may not see it is told, and its offender when known before the write."""

    access: Callable[[AsyncManagedTransaction], Awaitable[CaseAccess | None]]
    missing: str = "no such offender"
    offender_id: str | None = None


def offender_case(principal: Principal, offender_id: str) -> Case:
    async def access(tx: AsyncManagedTransaction) -> CaseAccess | None:
        return await repo.find_offender_access(tx, offender_id, principal.agency_id,
                                               principal.user_id)

    return Case(access, offender_id=offender_id)


def grant_case(principal: Principal, grant_id: str, *, by_grantee: bool = True) -> Case:
    """The case an emergency grant opens; `by_grantee=False` refuses the grant's holder."""
    async def access(tx: AsyncManagedTransaction) -> CaseAccess | None:
        found = await repo.find_emergency_grant(tx, grant_id, principal.agency_id,
                                                principal.user_id)
        if found is None:
            return None
        if not by_grantee and found[1].grantee:
            raise Forbidden("you may not review your own emergency grant")
        return found[1]

    return Case(access, missing=NO_SUCH_GRANT)


@dataclass(frozen=True)
class CaseWrite(Generic[W, R]):
    """One case-data write, as what sets it apart. `case` None: a write outside any case,
    authorised on the caller alone before the transaction. `write` runs the write query, which
    answers None (or False) when the case is no longer one the caller may write to: that is
    NOT_FOUND, told as `gone` (else as the case's `missing`). `touched`: the offenders whose
    alert rules must run again (else the case's offender)."""

    right: Write
    case: Case | None
    write: Callable[[AsyncManagedTransaction], Awaitable[W | None]]
    made: Callable[[W], R]
    checks: Callable[[AsyncManagedTransaction], Awaitable[None]] | None = None
    touched: Callable[[W], Iterable[str]] | None = None
    gone: str | None = None


async def make(uow: UnitOfWork, principal: Principal, step: CaseWrite[W, R]) -> R:
    """Run `step` for `principal` in the unit of work: authorise, check, write, and answer what
    it made once it has committed with its evaluation requests and its audit event."""
    if step.case is None:
        authorise_outside_case(step.right, principal)
    return await uow.write(lambda tx: within(tx, principal, step))


async def within(
    tx: AsyncManagedTransaction, principal: Principal, step: CaseWrite[W, R]
) -> Changed[R]:
    """Run `step` for `principal` in a write transaction already under way: authorise, check,
    write; what it made and the offenders it touched. `make` runs it as a unit of work of its
    own; a write of another domain runs it inside its own (a meeting's decision sets the level,
    agrees the plan and adds actions in one unit of work, audited once), where a refusal rolls
    back the whole."""
    case = step.case
    if case is None:
        authorise_outside_case(step.right, principal)
    else:
        authorise(step.right, principal, await case.access(tx), missing=case.missing)
    if step.checks is not None:
        await step.checks(tx)
    written = await step.write(tx)
    if not written:
        raise NotFound(step.gone or (case.missing if case else "no such offender"))
    if step.touched is not None:
        return Changed(step.made(written), step.touched(written))
    return Changed(step.made(written), [case.offender_id] if case and case.offender_id else [])


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


# The case and who shares it.


async def create_offender(
    uow: UnitOfWork, principal: Principal, data: CreateOffenderInput
) -> OffenderCreated:
    offender_id = new_id("OFF")

    async def pnc_free(tx: AsyncManagedTransaction) -> None:
        if data.pnc and (holder := await repo.offender_with_pnc(tx, data.pnc)):
            # The same words whether or not the caller may see the holder, whom the audit
            # event of the attempt names.
            raise Conflict(
                "input.pnc: an offender is already recorded under this PNC; if the case is not "
                "yours, ask its lead agency or the MAPPA coordinator to involve your agency",
                subject_ids=(holder,))

    return await make(uow, principal, CaseWrite(
        Write.CREATE_OFFENDER, None, checks=pnc_free,
        write=lambda tx: repo.create_offender(tx, data, offender_id=offender_id,
                                              agency_id=principal.agency_id),
        made=lambda created: created, touched=lambda _: [offender_id],
        gone=f"no agency {principal.agency_id!r}"))


async def involve_agency(
    uow: UnitOfWork, principal: Principal, data: InvolveAgencyInput
) -> InvolvementChanged:
    async def not_lead(tx: AsyncManagedTransaction) -> None:
        agency = await repo.find_agency_involvement(tx, data.offender_id, data.agency_id)
        if agency is None:
            raise Invalid(f"input.agencyId: no agency {data.agency_id!r}", field="input.agencyId")
        if agency.lead:
            raise Invalid("input.agencyId: the lead agency is involved already",
                          field="input.agencyId")

    return await make(uow, principal, CaseWrite(
        Write.INVOLVE_AGENCY, offender_case(principal, data.offender_id), checks=not_lead,
        write=lambda tx: repo.involve_agency(tx, data, caller_agency_id=principal.agency_id),
        made=lambda involvement: involvement))


async def withdraw_agency(
    uow: UnitOfWork, principal: Principal, data: WithdrawAgencyInput
) -> InvolvementChanged:
    async def involved_not_lead(tx: AsyncManagedTransaction) -> None:
        agency = await repo.find_agency_involvement(tx, data.offender_id, data.agency_id)
        if agency is None:
            raise Invalid(f"input.agencyId: no agency {data.agency_id!r}", field="input.agencyId")
        if agency.lead:
            raise Conflict("the lead agency cannot be withdrawn from its own case")
        if agency.basis is None:
            raise Invalid("input.agencyId: the agency is not involved in this case",
                          field="input.agencyId")

    return await make(uow, principal, CaseWrite(
        Write.WITHDRAW_AGENCY, offender_case(principal, data.offender_id),
        checks=involved_not_lead,
        write=lambda tx: repo.withdraw_agency(tx, data, caller_agency_id=principal.agency_id),
        made=lambda involvement: involvement))


async def assign_case_officer(
    uow: UnitOfWork, principal: Principal, data: AssignCaseOfficerInput
) -> CaseOfficerAssigned:
    async def officer_of_involved_agency(tx: AsyncManagedTransaction) -> None:
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

    return await make(uow, principal, CaseWrite(
        Write.ASSIGN_CASE_OFFICER, offender_case(principal, data.offender_id),
        checks=officer_of_involved_agency,
        write=lambda tx: repo.assign_case_officer(tx, data, agency_id=principal.agency_id),
        made=lambda assigned: CaseOfficerAssigned(
            offender_id=data.offender_id, officer_id=data.officer_id, since=assigned[0])))


async def set_mappa_level(
    uow: UnitOfWork, principal: Principal, data: SetMappaLevelInput
) -> MappaLevelSet:
    return await make(uow, principal, mappa_level_write(principal, data))


def mappa_level_write(
    principal: Principal, data: SetMappaLevelInput, *, meeting_id: str | None = None
) -> CaseWrite[tuple[MappaLevel | None], MappaLevelSet]:
    """setMappaLevel, as a step: on its own, or decided at the MAPPA meeting `meeting_id`
    (recordMeetingDecision runs it with `run_step`), which the offender then names as where
    the level was set (`levelMeetingId`)."""
    return CaseWrite(
        Write.SET_MAPPA_LEVEL, offender_case(principal, data.offender_id),
        write=lambda tx: repo.set_mappa_level(tx, data, agency_id=principal.agency_id,
                                              meeting_id=meeting_id),
        made=lambda previous: MappaLevelSet(offender_id=data.offender_id, level=data.level,
                                            previous_level=previous[0], reason=data.reason))


# The people around the case.


async def record_address(
    uow: UnitOfWork, principal: Principal, data: RecordAddressInput
) -> AddressRecorded:
    """An offender's or contact's residence, or a victim's protected address."""
    address_id = new_id("ADR")

    async def work(tx: AsyncManagedTransaction) -> Changed[AddressRecorded]:
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
        return Changed(AddressRecorded(
            person_id=data.person_id, address_id=written.address_id, from_=data.from_,
            kind=None if victim else data.kind, protected=victim,
            ended_address_ids=written.ended_address_ids,
        ), [*(c.offender_id for c in person.cases), *written.sharing_offender_ids])

    return await uow.write(work)


async def add_victim(
    uow: UnitOfWork, principal: Principal, data: AddVictimInput
) -> VictimAdded:
    victim_id = new_id("VIC")
    address_id = new_id("ADR") if data.address is not None else None

    return await make(uow, principal, CaseWrite(
        Write.ADD_VICTIM, offender_case(principal, data.offender_id),
        write=lambda tx: repo.add_victim(tx, data, agency_id=principal.agency_id,
                                         victim_id=victim_id, address_id=address_id),
        made=lambda _: VictimAdded(id=victim_id, offender_id=data.offender_id,
                                   address_id=address_id)))


async def add_named_contact(
    uow: UnitOfWork, principal: Principal, data: AddNamedContactInput
) -> NamedContactAdded:
    contact_id = new_id("CON")
    address_id = new_id("ADR") if data.address is not None else None

    return await make(uow, principal, CaseWrite(
        Write.ADD_NAMED_CONTACT, offender_case(principal, data.offender_id),
        write=lambda tx: repo.add_named_contact(tx, data, agency_id=principal.agency_id,
                                                contact_id=contact_id, address_id=address_id),
        made=lambda added: NamedContactAdded(
            id=contact_id, offender_id=data.offender_id, relationship=data.relationship,
            household_member=data.household_member, address_id=added.address_id),
        touched=lambda added: [data.offender_id, *added.sharing_offender_ids]))


async def link_association(
    uow: UnitOfWork, principal: Principal, data: LinkAssociationInput
) -> AssociationLinked:
    routes = {"OFFENDER", "CONTACT", "VICTIM"}

    async def work(tx: AsyncManagedTransaction) -> Changed[AssociationLinked]:
        people = [
            await repo.find_person_cases(tx, person_id, principal.agency_id, principal.user_id)
            for person_id in (data.person_a_id, data.person_b_id)
        ]
        verdicts = set()
        for person in people:
            access = _person_access(person, principal, routes) if person else None
            verdicts.add(verdict(Write.LINK_ASSOCIATION, principal.agency_kind, principal.roles,
                                 seen(access, principal)) if access else Verdict.NOT_FOUND)
        if Verdict.NOT_FOUND in verdicts:
            raise NotFound("no such person")
        if Verdict.FORBIDDEN in verdicts:
            raise forbidden(Write.LINK_ASSOCIATION, principal)
        if not await repo.link_association(tx, data, agency_id=principal.agency_id,
                                           user_id=principal.user_id):
            raise NotFound("no such person")
        return Changed(AssociationLinked(
            person_a_id=data.person_a_id, person_b_id=data.person_b_id,
            source_agency=principal.agency_id, source=data.grading.source,
            information=data.grading.information, handling=data.handling,
            observed_at=data.observed_at,
        ), [c.offender_id for p in people if p for c in p.cases])

    return await uow.write(work)


# Licence conditions and premises.


async def add_licence_condition(
    uow: UnitOfWork, principal: Principal, data: AddLicenceConditionInput
) -> LicenceConditionAdded:
    condition_id = new_id("LC")
    zone_id = new_id("ZON") if data.zone is not None else None

    async def protects_someone_of_the_case(tx: AsyncManagedTransaction) -> None:
        if data.protected_person_id is None:
            return
        person = await repo.find_person_cases(tx, data.protected_person_id,
                                              principal.agency_id, principal.user_id)
        if person is None or not any(
            c.offender_id == data.offender_id and c.route != "OFFENDER" for c in person.cases
        ):
            raise Invalid("input.protectedPersonId: not a victim or named contact of this "
                          "offender", field="input.protectedPersonId")

    return await make(uow, principal, CaseWrite(
        Write.ADD_LICENCE_CONDITION, offender_case(principal, data.offender_id),
        checks=protects_someone_of_the_case,
        write=lambda tx: repo.add_licence_condition(tx, data, agency_id=principal.agency_id,
                                                    condition_id=condition_id, zone_id=zone_id),
        made=lambda _: LicenceConditionAdded(
            id=condition_id, offender_id=data.offender_id, kind=data.kind,
            valid_from=data.valid_from, valid_to=data.valid_to,
            protected_person_id=data.protected_person_id, zone_id=zone_id,
            premises_kind=data.premises_kind)))


async def add_premises(
    uow: UnitOfWork, principal: Principal, data: AddPremisesInput
) -> PremisesAdded:
    premises_id = new_id("PRM")

    return await make(uow, principal, CaseWrite(
        Write.ADD_PREMISES, None,
        write=lambda tx: repo.create_premises(tx, data, premises_id=premises_id,
                                              agency_id=principal.agency_id,
                                              reach_metres=PREMISES_REACH_METRES),
        made=lambda created: PremisesAdded(id=premises_id, name=data.name, kind=data.kind,
                                           area=created[0]),
        touched=lambda created: created[1], gone=f"no agency {principal.agency_id!r}"))


# Supervision.


async def record_risk_assessment(
    uow: UnitOfWork, principal: Principal, data: RecordRiskAssessmentInput
) -> RiskAssessmentRecorded:
    assessment_id = new_id("RA")
    overall = max((data.children, data.public_at_large, data.known_adult, data.staff),
                  key=RISK_ORDER.index)

    return await make(uow, principal, CaseWrite(
        Write.RECORD_RISK_ASSESSMENT, offender_case(principal, data.offender_id),
        write=lambda tx: repo.record_risk_assessment(
            tx, data, agency_id=principal.agency_id, assessment_id=assessment_id,
            overall=overall.value),
        made=lambda _: RiskAssessmentRecorded(
            id=assessment_id, offender_id=data.offender_id, tool=data.tool,
            assessed_on=data.assessed_on, overall=overall)))


def intervention_status(start: date, end: date | None, today: date) -> str:
    if start > today:
        return "PLANNED"
    if end is not None and end < today:
        return "COMPLETED"
    return "ACTIVE"


async def add_intervention(
    uow: UnitOfWork, principal: Principal, data: AddInterventionInput
) -> InterventionAdded:
    intervention_id = new_id("INT")
    status = intervention_status(data.start, data.end, today())

    return await make(uow, principal, CaseWrite(
        Write.ADD_INTERVENTION, offender_case(principal, data.offender_id),
        write=lambda tx: repo.add_intervention(tx, data, agency_id=principal.agency_id,
                                               intervention_id=intervention_id, status=status),
        made=lambda _: InterventionAdded(
            id=intervention_id, offender_id=data.offender_id, kind=data.kind, name=data.name,
            status=status, start=data.start, end=data.end)))


async def record_compliance_event(
    uow: UnitOfWork, principal: Principal, data: RecordComplianceEventInput
) -> ComplianceEventRecorded:
    event_id = new_id("CE")

    return await make(uow, principal, CaseWrite(
        Write.RECORD_COMPLIANCE_EVENT, offender_case(principal, data.offender_id),
        write=lambda tx: repo.record_compliance_event(
            tx, data, agency_id=principal.agency_id, event_id=event_id,
            recorded_by=principal.user_id),
        made=lambda _: ComplianceEventRecorded(
            id=event_id, offender_id=data.offender_id, kind=data.kind, at=data.at,
            outcome=data.outcome)))


async def record_notification(
    uow: UnitOfWork, principal: Principal, data: RecordNotificationInput
) -> NotificationRecorded:
    notification_id = new_id("NOT")

    async def record(tx: AsyncManagedTransaction) -> date | None:
        """The notification, and when it was due; None when the case is gone."""
        basis = await repo.find_notification_basis(tx, data.offender_id, data.made_on)
        if basis is None:
            return None
        if not basis.registered_sex_offender:
            raise Invalid("input.offenderId: notifications are made by registered sexual "
                          "offenders only", field="input.offenderId")
        due_on = notification_due_on(data.kind, data.made_on, basis)
        written = await repo.record_notification(
            tx, data, agency_id=principal.agency_id, notification_id=notification_id,
            due_on=due_on)
        return due_on if written else None

    return await make(uow, principal, CaseWrite(
        Write.RECORD_NOTIFICATION, offender_case(principal, data.offender_id), write=record,
        made=lambda due_on: NotificationRecorded(
            id=notification_id, offender_id=data.offender_id, kind=data.kind,
            made_on=data.made_on, due_on=due_on)))


# Emergency access (break glass).


class EmergencyLimits(NamedTuple):
    """The caps on break glass (settings): grants one officer may hold at once, and take in any
    24 hours."""

    max_active: int
    max_per_day: int

    @classmethod
    def from_settings(cls, settings: Settings) -> "EmergencyLimits":
        return cls(settings.emergency_max_active_grants, settings.emergency_max_grants_per_day)


async def request_emergency_access(
    uow: UnitOfWork, principal: Principal, data: RequestEmergencyAccessInput,
    limits: EmergencyLimits,
) -> EmergencyGrant:
    """Break glass: the caller's role's classes on a case its agency is not involved in, for
    four hours, within the caller's caps; the lead agency learns of it through the
    EMERGENCY_ACCESS alert, and reviews it."""
    grant_id = new_id("EG")

    async def grant(tx: AsyncManagedTransaction) -> EmergencyGrant:
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
        return counts.grant

    return await make(uow, principal, CaseWrite(
        Write.REQUEST_EMERGENCY_ACCESS, offender_case(principal, data.offender_id),
        write=grant, made=lambda granted: granted))


async def revoke_emergency_access(
    uow: UnitOfWork, principal: Principal, wanted: GrantReference
) -> EmergencyGrant:
    """By the grantee, or by an officer of the case's lead agency; revoking twice changes
    nothing."""
    return await make(uow, principal, CaseWrite(
        Write.REVOKE_EMERGENCY_ACCESS, grant_case(principal, wanted.id),
        write=lambda tx: repo.revoke_emergency_access(tx, wanted.id,
                                                      agency_id=principal.agency_id,
                                                      user_id=principal.user_id),
        made=lambda revoked: revoked, touched=lambda revoked: [revoked.offender_id]))


def _grant_scopes(principal: Principal) -> list[str]:
    return held_scopes(Write.REVIEW_EMERGENCY_ACCESS, principal.agency_kind, principal.roles)


async def review_emergency_access(
    uow: UnitOfWork, principal: Principal, data: ReviewEmergencyAccessInput
) -> EmergencyGrant:
    """The lead agency's officers or the case's MAPPA coordinators find a grant JUSTIFIED or
    UNJUSTIFIED, once (a review stands: CONFLICT for a second); never the grant's holder. An
    UNJUSTIFIED finding revokes the grant if it is still active. The review resolves the
    grant's EMERGENCY_ACCESS alert (and its overdue one) through the evaluator."""

    async def review(tx: AsyncManagedTransaction) -> EmergencyGrant | None:
        reviewed = await repo.review_emergency_access(
            tx, data, agency_id=principal.agency_id, user_id=principal.user_id,
            grant_scopes=_grant_scopes(principal))
        if reviewed is None:
            return None
        recorded, grant = reviewed
        if not recorded:
            raise Conflict(f"emergency grant {data.id!r} was reviewed already "
                           f"({grant.review_outcome}, by {grant.reviewed_by}); a review stands")
        return grant

    return await make(uow, principal, CaseWrite(
        Write.REVIEW_EMERGENCY_ACCESS, grant_case(principal, data.id, by_grantee=False),
        write=review, made=lambda grant: grant, touched=lambda grant: [grant.offender_id]))


async def list_emergency_grants(
    graph: Graph, principal: Principal, offender_id: str, after_id: str | None, first: int
) -> list[EmergencyGrant]:
    """Up to `first` + 1 grants on a case, newest first, for those who review its grants (the
    lead agency's officers, the case's MAPPA coordinators): FORBIDDEN to anyone else who sees
    the case, NOT_FOUND to those who do not."""
    async def work(tx: AsyncManagedTransaction) -> list[EmergencyGrant]:
        try:
            authorise(Write.REVIEW_EMERGENCY_ACCESS, principal,
                      await offender_case(principal, offender_id).access(tx))
        except Forbidden:
            raise Forbidden("only the lead agency's officers and the case's MAPPA coordinators "
                            "list its emergency grants") from None
        return await repo.list_emergency_grants(tx, offender_id, after_id, first + 1)

    return await graph.read(work)
