"""The plan mutations (docs/plans-design.md section 3): inputs derived from app/plans/models.py,
one payload per mutation naming what it made or changed, and thin resolvers that call
app/plans/service.py and say what was collected or altered for the audit event."""

from typing import Annotated

import strawberry
from strawberry.types import Info

from app.access.write_rights import Write
from app.core.enums import FieldClass as F
from app.graphql.context import Context
from app.graphql.derived import shown
from app.graphql.descriptions import allowed, write_description
from app.graphql.writes import ALTERATION, COLLECTION, input_type, write_made
from app.plans import models
from app.plans import service as writes


@input_type(models.MeasureInput, "A measure of a plan: what it rests on, and its text.")
class PlanMeasureInput:
    refers_to_id: strawberry.ID | None


@input_type(models.DraftPlanInput, "A new version of a case's risk management plan.")
class DraftPlanInput:
    offender_id: strawberry.ID


@input_type(models.AgreePlanInput, "The draft version of a plan to agree.")
class AgreePlanInput:
    plan_id: strawberry.ID


@input_type(models.AddPlanActionInput, "An action of a case's plan, owed by an agency.")
class AddPlanActionInput:
    offender_id: strawberry.ID
    owner_agency_id: strawberry.ID
    owner_officer_id: strawberry.ID | None


@input_type(models.SetActionStatusInput, "A plan action's new status.")
class SetActionStatusInput:
    action_id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=models.PlanDrafted, all_fields=True, description="A plan version drafted.")
class DraftPlanPayload:
    id: strawberry.ID
    offender_id: strawberry.ID
    measure_ids: list[strawberry.ID]


@strawberry.experimental.pydantic.type(
    model=models.PlanAgreed, all_fields=True,
    description="A plan version agreed: now the case's current plan.")
class AgreePlanPayload:
    id: strawberry.ID
    offender_id: strawberry.ID
    agreed_at_meeting_id: strawberry.ID | None
    superseded_plan_id: strawberry.ID | None


@strawberry.experimental.pydantic.type(
    model=models.PlanActionAdded, all_fields=True, description="A plan action added.")
class AddPlanActionPayload:
    id: strawberry.ID
    offender_id: strawberry.ID
    plan_id: strawberry.ID
    owner_agency_id: strawberry.ID
    owner_officer_id: strawberry.ID | None


@strawberry.experimental.pydantic.type(
    model=models.ActionStatusSet, all_fields=True, description="A plan action's status, set.")
class SetActionStatusPayload:
    id: strawberry.ID
    offender_id: strawberry.ID


@strawberry.type
class PlanMutation:
    @strawberry.mutation(description=write_description(
        Write.DRAFT_PLAN, "Draft a new version of a case's risk management plan (numbered the "
        "case's highest plus one), with its measures, each referring to a record of the case "
        "(a measure that refers to another case's, or to nothing its kind needs, is "
        "VALIDATION)."))
    async def draft_plan(
        self, info: Info[Context, None],
        input: Annotated[DraftPlanInput, strawberry.argument(description="The case and the "
                                                             "plan.")],
    ) -> DraftPlanPayload | None:
        made = await write_made(info, writes.draft_plan, input, action=COLLECTION,
                                classes=[F.RISK_PLAN],
                                subjects=lambda r: [r.offender_id, r.id])
        return shown(DraftPlanPayload, made)

    @strawberry.mutation(description=write_description(
        Write.AGREE_PLAN, "Agree a DRAFT version: it becomes the case's current plan, and the "
        "version it replaces SUPERSEDED (kept, with its actions; those still OPEN carry "
        "forward). A version not a draft, or older than the one in force, is CONFLICT."))
    async def agree_plan(
        self, info: Info[Context, None],
        input: Annotated[AgreePlanInput, strawberry.argument(description="The version.")],
    ) -> AgreePlanPayload | None:
        made = await write_made(info, writes.agree_plan, input, action=ALTERATION,
                                classes=[F.RISK_PLAN],
                                subjects=lambda r: [r.offender_id, r.id, r.superseded_plan_id])
        return shown(AgreePlanPayload, made)

    @strawberry.mutation(description=write_description(
        Write.ADD_PLAN_ACTION, "Add an action to a case's current plan (its newest draft while "
        "no version is agreed; a case with no plan is VALIDATION), owed by an agency, which "
        "sees it and may mark it DONE even without RISK_PLAN."))
    async def add_plan_action(
        self, info: Info[Context, None],
        input: Annotated[AddPlanActionInput, strawberry.argument(description="The case and "
                                                                 "the action.")],
    ) -> AddPlanActionPayload | None:
        made = await write_made(info, writes.add_plan_action, input, action=COLLECTION,
                                classes=[F.RISK_PLAN],
                                subjects=lambda r: [r.offender_id, r.id])
        return shown(AddPlanActionPayload, made)

    @strawberry.mutation(description=write_description(
        Write.SET_ACTION_STATUS, "Set a plan action's status, with an outcome (required to "
        "cancel).") + f" Marking it DONE: {allowed(Write.MARK_ACTION_DONE)} (its owner agency, "
        "unless the action was CANCELLED). An action the caller may not see is NOT_FOUND.")
    async def set_action_status(
        self, info: Info[Context, None],
        input: Annotated[SetActionStatusInput, strawberry.argument(
            description="The action and its status.")],
    ) -> SetActionStatusPayload | None:
        made = await write_made(info, writes.set_action_status, input, action=ALTERATION,
                                classes=[F.RISK_PLAN],
                                subjects=lambda r: [r.offender_id, r.id])
        return shown(SetActionStatusPayload, made)
