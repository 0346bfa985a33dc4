"""Risk management plans and their actions (docs/plans-design.md): reading them under need-to-know,
and the four writes, each a `CaseWrite` of app/cases/service.py run in a unit of work (audited,
the case enqueued for its alert rules).

A meeting's decision (app/meetings) agrees a plan and adds actions in its own unit of work: it
runs `agree_plan_write` and `add_plan_action_write` through app/cases/service.py's `within`, in
its transaction, so that they are authorised, checked and written as here and a refusal rolls
back the whole decision.

Where an action lands (decision): on the case's current plan; while no version has been agreed,
on its newest draft (so a draft can carry the actions its meeting is to agree); a case with no
plan at all takes none (VALIDATION on offenderId: draftPlan first). An OPEN action carries
forward: the current plan lists every earlier version's still OPEN.
"""

from datetime import date

from neo4j import AsyncManagedTransaction

from app.access.plans import owner_may_set
from app.access.principal import OFFICER_ROLES, Principal
from app.access.write_rights import CaseAccess, Write
from app.cases.service import Case, CaseWrite, make, new_id, offender_case
from app.core.enums import MeasureKind, PlanActionStatus, PlanStatus
from app.core.errors import Conflict, Invalid
from app.plans import repository as repo
from app.plans.models import (
    ActionFilter,
    ActionPage,
    ActionStatusSet,
    AddPlanActionInput,
    AgreePlanInput,
    DraftPlanInput,
    PlanActionAdded,
    PlanAgreed,
    PlanDrafted,
    PlanHistoryPage,
    RiskManagementPlanRecord,
    SetActionStatusInput,
)
from app.platform.neo4j.driver import Graph
from app.platform.uow import UnitOfWork

NO_SUCH_PLAN = "no such plan"
NO_SUCH_ACTION = "no such action"


async def read_plan(
    graph: Graph, principal: Principal, offender_id: str
) -> RiskManagementPlanRecord | None:
    """The case's current plan; None alike when there is none and when the caller may not see
    it."""
    return await graph.read_one(repo.find_plan, offender_id, principal)


async def read_plan_history(
    graph: Graph, principal: Principal, offender_id: str, after_version: int | None, first: int
) -> PlanHistoryPage:
    """A page of the case's plan versions, newest first; empty when the caller may not see
    them."""
    return await graph.read_one(repo.list_plan_history, offender_id, principal, after_version,
                                first)


async def read_actions(
    graph: Graph, principal: Principal, wanted: ActionFilter,
    after: tuple[date, str] | None, first: int,
) -> ActionPage:
    """A page of the actions the caller may see, by due date: those of cases whose plan it
    sees, and those its agency owns."""
    return await graph.read_one(repo.list_actions, principal, wanted, after, first)


# The writes.


def new_plan_id() -> str:
    return new_id("RMP")


def new_action_id() -> str:
    return new_id("PA")


def plan_case(principal: Principal, plan_id: str) -> tuple[Case, dict[str, repo.PlanFacts]]:
    """The case a plan version is on, told as `no such plan` to a caller who may not see the
    plan; the facts read, for the write's checks."""
    found: dict[str, repo.PlanFacts] = {}

    async def access(tx: AsyncManagedTransaction) -> CaseAccess | None:
        facts = await repo.find_plan_facts(tx, plan_id, principal)
        if facts is None:
            return None
        found["facts"] = facts
        return facts.access

    return Case(access, missing=NO_SUCH_PLAN), found


async def draft_plan(
    uow: UnitOfWork, principal: Principal, data: DraftPlanInput
) -> PlanDrafted:
    plan_id = new_plan_id()
    # Numbered in the order given, so that they read back in it.
    measure_ids = [f"{plan_id}.{n:02d}" for n in range(1, len(data.measures) + 1)]

    async def refers_to_the_case(tx: AsyncManagedTransaction) -> None:
        stray = await repo.find_stray_measures(tx, data)
        if stray:
            measure = data.measures[stray[0]]
            field = f"input.measures.{stray[0]}.refersToId"
            raise Invalid(f"{field}: not a {_TARGET[measure.kind]} of this case", field=field)

    return await make(uow, principal, CaseWrite(
        Write.DRAFT_PLAN, offender_case(principal, data.offender_id), checks=refers_to_the_case,
        write=lambda tx: repo.draft_plan(tx, data, agency_id=principal.agency_id,
                                         user_id=principal.user_id, plan_id=plan_id,
                                         measure_ids=measure_ids),
        made=lambda version: PlanDrafted(
            id=plan_id, offender_id=data.offender_id, version=version, status=PlanStatus.DRAFT,
            review_date=data.review_date, measure_ids=tuple(measure_ids))))


_TARGET = {
    MeasureKind.CONDITION: "licence condition",
    MeasureKind.RESIDENCE: "residence (the offender's address)",
    MeasureKind.INTERVENTION: "intervention",
    MeasureKind.SUPERVISION: "case officer managing the case",
}


def agree_plan_write(
    principal: Principal, plan_id: str, *, meeting_id: str | None = None
) -> CaseWrite[repo.Agreed, PlanAgreed]:
    """Agree a DRAFT version: it becomes the current plan, the one it replaces SUPERSEDED;
    `meeting_id`, the meeting that agreed it (its agreedAtMeetingId)."""
    case, found = plan_case(principal, plan_id)

    async def still_a_draft(_tx: AsyncManagedTransaction) -> None:
        facts = found["facts"]
        if facts.status is not PlanStatus.DRAFT:
            raise Conflict(f"plan version {facts.version} is {facts.status} already; draft a "
                           "new version to change the plan")
        if facts.current_version is not None and facts.current_version > facts.version:
            raise Conflict(f"version {facts.current_version} is in force, later than this "
                           f"draft (version {facts.version}); draft a new version")

    def made(agreed: repo.Agreed) -> PlanAgreed:
        return PlanAgreed(
            id=plan_id, offender_id=found["facts"].offender_id, version=agreed.version,
            status=PlanStatus.AGREED, agreed_on=agreed.agreed_on, agreed_by=principal.user_id,
            agreed_at_meeting_id=meeting_id, superseded_plan_id=agreed.superseded_plan_id)

    return CaseWrite(
        Write.AGREE_PLAN, case, checks=still_a_draft,
        write=lambda tx: repo.agree_plan(tx, plan_id, agency_id=principal.agency_id,
                                         user_id=principal.user_id, meeting_id=meeting_id),
        made=made, touched=lambda _: [found["facts"].offender_id], gone=NO_SUCH_PLAN)


async def agree_plan(
    uow: UnitOfWork, principal: Principal, data: AgreePlanInput
) -> PlanAgreed:
    return await make(uow, principal, agree_plan_write(principal, data.plan_id))


def add_plan_action_write(
    principal: Principal, data: AddPlanActionInput, *, action_id: str
) -> CaseWrite[str, PlanActionAdded]:
    """Add an action to the case's current plan (its newest draft while none is agreed), owned
    by an agency (any: it sees the action by the owner exception) and, when named, one of its
    officers. `action_id`: made before the transaction (`new_action_id`)."""

    async def write(tx: AsyncManagedTransaction) -> str | None:
        basis = await repo.find_action_basis(tx, data)
        if basis is None:
            return None
        if basis.plan_id is None:
            raise Invalid("input.offenderId: the case has no risk management plan to add the "
                          "action to (draftPlan first)", field="input.offenderId")
        if not basis.owner_found:
            raise Invalid(f"input.ownerAgencyId: no agency {data.owner_agency_id!r}",
                          field="input.ownerAgencyId")
        if data.owner_officer_id is not None:
            if not basis.officer_found:
                raise Invalid(f"input.ownerOfficerId: no case officer {data.owner_officer_id!r}",
                              field="input.ownerOfficerId")
            if basis.officer_agency_id != data.owner_agency_id:
                raise Invalid("input.ownerOfficerId: the officer does not work for the owner "
                              "agency", field="input.ownerOfficerId")
            if basis.officer_role not in OFFICER_ROLES:
                raise Invalid(f"input.ownerOfficerId: a {basis.officer_role} carries out no "
                              "actions", field="input.ownerOfficerId")
        written = await repo.add_plan_action(tx, data, agency_id=principal.agency_id,
                                             user_id=principal.user_id, plan_id=basis.plan_id,
                                             action_id=action_id)
        return basis.plan_id if written else None

    return CaseWrite(
        Write.ADD_PLAN_ACTION, offender_case(principal, data.offender_id), write=write,
        made=lambda plan_id: PlanActionAdded(
            id=action_id, offender_id=data.offender_id, plan_id=plan_id,
            owner_agency_id=data.owner_agency_id, owner_officer_id=data.owner_officer_id,
            due_on=data.due_on, status=PlanActionStatus.OPEN))


async def add_plan_action(
    uow: UnitOfWork, principal: Principal, data: AddPlanActionInput
) -> PlanActionAdded:
    return await make(uow, principal, add_plan_action_write(principal, data,
                                                            action_id=new_action_id()))


async def set_action_status(
    uow: UnitOfWork, principal: Principal, data: SetActionStatusInput
) -> ActionStatusSet:
    """Its owner agency may mark an action DONE (app/access/plans.py: owner_may_set); the lead
    agency's officers or a MAPPA coordinator involved in the case may set any status. An action
    the caller may not see is NOT_FOUND, as a missing one."""
    async def access(tx: AsyncManagedTransaction) -> CaseAccess | None:
        facts = await repo.find_action_facts(tx, data.action_id, principal)
        if facts is None:
            return None
        owner = facts.access.owner and owner_may_set(facts.status, data.status)
        return CaseAccess(visible=facts.access.visible, involved=facts.access.involved,
                          lead=facts.access.lead, owner=owner)

    right = (Write.MARK_ACTION_DONE if data.status is PlanActionStatus.DONE
             else Write.SET_ACTION_STATUS)

    def made(written: repo.StatusSet) -> ActionStatusSet:
        return ActionStatusSet(
            id=data.action_id, offender_id=written.offender_id, status=data.status,
            previous_status=written.previous, status_by=principal.user_id,
            status_at=written.status_at, outcome=data.outcome)

    return await make(uow, principal, CaseWrite(
        right, Case(access, missing=NO_SUCH_ACTION),
        write=lambda tx: repo.set_action_status(tx, data.action_id, data.status, data.outcome,
                                                agency_id=principal.agency_id,
                                                user_id=principal.user_id),
        made=made, touched=lambda written: [written.offender_id], gone=NO_SUCH_ACTION))
