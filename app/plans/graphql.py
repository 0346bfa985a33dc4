"""The risk management plan and its actions as the caller may see them (docs/plans-design.md
section 3): `Offender.plan` and `Offender.planHistory` (attached to the Offender type in
app/cases/graphql.py, as its alerts are), and the `actions` list ("what does my agency owe this
week"). A plan needs RISK_PLAN on a case the caller sees; an action is seen also by its owner
agency (the owner exception, app/access/plans.py), without the plan's other fields."""

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from app.access import plans as policy
from app.access.principal import Principal

# The case's own types (Address, LicenceCondition, ...) that a measure and an action show are
# registered there, for the types derived here from records that nest them.
from app.cases.graphql import Redaction, redactions_of
from app.core import inputs
from app.core.enums import FieldClass, MeasureKind, PlanActionStatus, PlanStatus
from app.core.errors import Invalid
from app.graphql.context import Context
from app.graphql.derived import placed, shown
from app.graphql.descriptions import described_enum, with_field_classes
from app.graphql.pagination import (
    After,
    Edge,
    First,
    PageInfo,
    check_first,
    decode_cursor,
    encode_cursor,
)
from app.plans import models as domain
from app.plans import service

described_enum(PlanStatus, "Where a version of a risk management plan stands.", {
    PlanStatus.DRAFT: "Drafted, not yet agreed.",
    PlanStatus.AGREED: "Agreed, and the current plan until a later version is agreed.",
    PlanStatus.SUPERSEDED: "Agreed once, and replaced by a later version (kept).",
})
described_enum(PlanActionStatus, "Where a plan action stands.", {
    PlanActionStatus.OPEN: "To be done; overdue once past its due date.",
    PlanActionStatus.DONE: "Done (its owner agency, the lead or a MAPPA coordinator said so).",
    PlanActionStatus.CANCELLED: "No longer to be done: a plan decision, of the lead agency or a "
                                "MAPPA coordinator.",
})
described_enum(MeasureKind, "What a measure of a plan rests on in the case.", {
    MeasureKind.CONDITION: "A licence condition (shown under CONDITIONS).",
    MeasureKind.RESIDENCE: "Where the offender lives: the case's address (OFFENDER_ADDRESS).",
    MeasureKind.INTERVENTION: "An intervention he attends (SUPERVISION).",
    MeasureKind.SUPERVISION: "His supervision: the case officer managing him (MAPPA_STATUS).",
    MeasureKind.OTHER: "Anything else: refers to no record.",
})

PLAN_CURSOR = "plan"
ACTION_CURSOR = "action"
RISK_PLAN_NOTE = "Field class: RISK_PLAN."


@with_field_classes({"name": FieldClass.IDENTITY})
@strawberry.experimental.pydantic.type(
    model=domain.ActionOffender, all_fields=True, description="The case an action is on.")
class ActionOffender:
    id: strawberry.ID


@placed(overdue="status", redactions=None)
@strawberry.experimental.pydantic.type(
    model=domain.PlanActionRecord, all_fields=True,
    description="An action of a risk management plan: what an agency owes, by when. "
    f"{RISK_PLAN_NOTE} Except to its owner agency, which sees it without RISK_PLAN and "
    "without being involved in the case (its id, offender's id, text, owner, due date, status, "
    "when the status was set and the outcome), and may mark it DONE.")
class PlanAction:
    id: strawberry.ID
    offender: strawberry.auto
    due_on: strawberry.auto
    status: strawberry.auto
    plan_shown: strawberry.Private[bool]

    @strawberry.field(description="Whether it is OPEN past its due date.")
    def overdue(self) -> bool:
        return self.status is PlanActionStatus.OPEN and self.due_on < inputs.today()

    @strawberry.field(description="What of this action is withheld from the caller, and why.")
    def redactions(self, info: Info[Context, None]) -> list[Redaction]:
        return redactions_of(policy.action_redactions(
            info.context.require_principal(), plan_shown=self.plan_shown,
            name_shown=self.offender.name is not None))


@strawberry.experimental.pydantic.type(
    model=domain.PlanMeasureRecord, all_fields=True,
    description="A measure of a plan, pointing at the record of the case it rests on: that "
    "record is shown only under its own class (a condition CONDITIONS, a residence "
    "OFFENDER_ADDRESS, an intervention SUPERVISION, an officer MAPPA_STATUS), else null and "
    "named in the plan's redactions.")
class PlanMeasure:
    id: strawberry.ID
    refers: strawberry.Private[bool]


@strawberry.experimental.pydantic.type(
    model=domain.MeetingRef, all_fields=True, description="A MAPPA meeting, by id and date.")
class MeetingRef:
    id: strawberry.ID


@placed(redactions=None)
@strawberry.experimental.pydantic.type(
    model=domain.RiskManagementPlanRecord, all_fields=True,
    description="A version of an offender's risk management plan: what the agencies agreed to "
    f"manage the risk, its measures and the actions each owes. {RISK_PLAN_NOTE}")
class RiskManagementPlan:
    id: strawberry.ID
    offender_id: strawberry.ID
    measures: strawberry.auto

    @strawberry.field(description="What of this plan is withheld from the caller (a measure's "
                      "reference, as measures.condition), and why.")
    def redactions(self, info: Info[Context, None]) -> list[Redaction]:
        return redactions_of(policy.measure_redactions(
            info.context.require_principal(), [(m.kind, m.refers) for m in self.measures]))


@strawberry.type(description="A page of a plan's versions, newest first.")
class RiskManagementPlanConnection:
    edges: list[Edge[RiskManagementPlan]] = strawberry.field(description="The versions of this "
                                                             "page.")
    page_info: PageInfo = strawberry.field(description="Where this page stands.")


@strawberry.type(description="A page of plan actions, by due date.")
class PlanActionConnection:
    edges: list[Edge[PlanAction]] = strawberry.field(description="The actions of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page stands.")


@strawberry.experimental.pydantic.input(
    model=domain.ActionFilter, all_fields=True,
    description="Narrows the actions; each criterion given must hold.")
class ActionFilter:
    owner_agency_id: strawberry.ID | None


def _disclosed(
    info: Info[Context, None], principal: Principal, plans: list[domain.RiskManagementPlanRecord]
) -> None:
    """The cases, addresses and people a plan showed, and the classes of what it showed."""
    subjects: set[str] = set()
    classes: set[FieldClass] = set()
    for plan in plans:
        subjects.add(plan.offender_id)
        classes.add(FieldClass.RISK_PLAN)
        for measure in plan.measures:
            if measure.refers and measure.kind in policy.MEASURE_REFERENCE:
                field_class = policy.MEASURE_REFERENCE[measure.kind][1]
                if field_class in principal.field_classes:
                    classes.add(field_class)
            if measure.residence is not None:
                subjects.add(measure.residence.id)
        _actions_disclosed(info, plan.actions)
    info.context.disclosure.record(subjects, classes)


def _actions_disclosed(
    info: Info[Context, None], actions: tuple[domain.PlanActionRecord, ...] | list[
        domain.PlanActionRecord]
) -> None:
    for action in actions:
        info.context.disclosure.record(
            [action.offender.id],
            [FieldClass.RISK_PLAN, *([FieldClass.IDENTITY] if action.offender.name else [])])


async def offender_plan(info: Info[Context, None], offender_id: str) -> RiskManagementPlan | None:
    """Offender.plan: the current version, or null (none, or no RISK_PLAN)."""
    principal = info.context.require_principal()
    plan = await service.read_plan(info.context.graph, principal, offender_id)
    if plan is None:
        return None
    _disclosed(info, principal, [plan])
    return shown(RiskManagementPlan, plan)


async def plan_history(
    info: Info[Context, None], offender_id: str, first: int, after: str | None
) -> RiskManagementPlanConnection:
    """Offender.planHistory: every version, newest first; empty without RISK_PLAN."""
    principal = info.context.require_principal()
    check_first(first)
    after_version = None
    if after:
        value = decode_cursor(PLAN_CURSOR, after)
        if not value.isdigit():
            raise Invalid(f"after is not a cursor from this list: {after!r}", field="after")
        after_version = int(value)
    page = await service.read_plan_history(info.context.graph, principal, offender_id,
                                           after_version, first)
    _disclosed(info, principal, list(page.plans))
    edges = [Edge(cursor=encode_cursor(PLAN_CURSOR, str(p.version)),
                  node=shown(RiskManagementPlan, p)) for p in page.plans]
    return RiskManagementPlanConnection(edges=edges, page_info=PageInfo.of(
        edges, has_next_page=page.has_next_page, after=after))


def _action_after(after: str) -> tuple[date, str]:
    due, _, action_id = decode_cursor(ACTION_CURSOR, after).partition("|")
    try:
        return date.fromisoformat(due), action_id
    except ValueError:
        raise Invalid(f"after is not a cursor from this list: {after!r}", field="after") from None


@strawberry.type
class PlanQuery:
    @strawberry.field(description="Plan actions, by due date then id: with no ownerAgencyId, "
                      "every action the caller may see (those its agency owns, and those on "
                      "cases whose plan it sees with RISK_PLAN); with an agency's id, that "
                      "agency's (another agency's only on cases the caller sees with "
                      "RISK_PLAN).")
    async def actions(
        self, info: Info[Context, None],
        filter: Annotated[ActionFilter | None, strawberry.argument(
            description="Only the actions that match; omit it for all.")] = None,
        first: First = 20, after: After = None,
    ) -> PlanActionConnection:
        principal = info.context.require_principal()
        wanted = inputs.parse(domain.ActionFilter, strawberry.asdict(filter) if filter else {},
                              root="filter")
        check_first(first)
        page = await service.read_actions(info.context.graph, principal, wanted,
                                          _action_after(after) if after else None, first)
        _actions_disclosed(info, page.actions)
        edges = [Edge(cursor=encode_cursor(ACTION_CURSOR, f"{a.due_on.isoformat()}|{a.id}"),
                      node=shown(PlanAction, a)) for a in page.actions]
        return PlanActionConnection(edges=edges, page_info=PageInfo.of(
            edges, has_next_page=page.has_next_page, after=after))
