"""Risk management plans and their actions in the graph (graph_schema/MODEL.md), one named query
per use (queries/plan/).

The reads decide inside the database what the caller may see: a plan only on a case it sees
with RISK_PLAN (queries/_fragments/visible_plan.cypher), an action also by the owner exception
(owned_action.cypher), each measure's reference under its own class. The write queries match
their case again with the relation that allows them, and answer no row when it is gone.
"""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from neo4j import AsyncManagedTransaction

from app.access.plans import measure_classes
from app.access.principal import Principal
from app.access.write_rights import CaseAccess
from app.cases.repository import access_params, native
from app.core.enums import PlanActionStatus, PlanStatus
from app.plans.models import (
    ActionFilter,
    ActionPage,
    AddPlanActionInput,
    DraftPlanInput,
    PlanActionRecord,
    PlanHistoryPage,
    RiskManagementPlanRecord,
)
from app.platform.neo4j.driver import Tx, run
from app.platform.neo4j.registry import Query


def _read_params(principal: Principal) -> dict[str, Any]:
    return {**access_params(principal), "measureClasses": measure_classes()}


FIND_PLAN = Query("plan/find_plan")


async def find_plan(
    tx: Tx, offender_id: str, principal: Principal
) -> RiskManagementPlanRecord | None:
    rows = await run(tx, FIND_PLAN, offenderId=offender_id, **_read_params(principal))
    return RiskManagementPlanRecord.model_validate(native(rows[0]["plan"])) if rows else None


LIST_PLAN_HISTORY = Query("plan/list_plan_history")


async def list_plan_history(
    tx: Tx, offender_id: str, principal: Principal, after_version: int | None, first: int
) -> PlanHistoryPage:
    rows = await run(tx, LIST_PLAN_HISTORY, offenderId=offender_id, after=after_version,
                     limit=first + 1, **_read_params(principal))
    plans = [RiskManagementPlanRecord.model_validate(native(r["shownPlan"])) for r in rows]
    return PlanHistoryPage(plans=tuple(plans[:first]), has_next_page=len(plans) > first)


LIST_ACTIONS = Query("plan/list_actions")


async def list_actions(
    tx: Tx, principal: Principal, wanted: ActionFilter, after: tuple[date, str] | None,
    first: int,
) -> ActionPage:
    rows = await run(
        tx, LIST_ACTIONS, ownerAgencyId=wanted.owner_agency_id,
        status=wanted.status.value if wanted.status else None, dueBefore=wanted.due_before,
        afterDue=after[0] if after else None, afterId=after[1] if after else None,
        limit=first + 1, **access_params(principal),
    )
    actions = [PlanActionRecord.model_validate(native(r["shownAction"])) for r in rows]
    return ActionPage(actions=tuple(actions[:first]), has_next_page=len(actions) > first)


# What the writes are decided on.


class PlanFacts(NamedTuple):
    """A plan version, and the caller's relation to its case (`access.visible`: it may see the
    plan)."""

    offender_id: str
    version: int
    status: PlanStatus
    current_version: int | None
    access: CaseAccess


FIND_PLAN_FACTS = Query("plan/find_plan_facts")


async def find_plan_facts(
    tx: AsyncManagedTransaction, plan_id: str, principal: Principal
) -> PlanFacts | None:
    rows = await run(tx, FIND_PLAN_FACTS, planId=plan_id, **access_params(principal))
    if not rows:
        return None
    row = rows[0]
    return PlanFacts(row["offenderId"], row["version"], PlanStatus(row["status"]),
                     row["currentVersion"],
                     CaseAccess(visible=row["visible"], involved=row["involved"],
                                lead=row["lead"]))


class ActionFacts(NamedTuple):
    """A plan action's case and status, and the caller's relation to it (`access.visible`: it
    may see the action; `access.owner`: its agency owns it)."""

    offender_id: str
    status: PlanActionStatus
    access: CaseAccess


FIND_ACTION_FACTS = Query("plan/find_action_facts")


async def find_action_facts(
    tx: AsyncManagedTransaction, action_id: str, principal: Principal
) -> ActionFacts | None:
    rows = await run(tx, FIND_ACTION_FACTS, actionId=action_id, **access_params(principal))
    if not rows:
        return None
    row = rows[0]
    return ActionFacts(row["offenderId"], PlanActionStatus(row["status"]),
                       CaseAccess(visible=row["visible"], involved=row["involved"],
                                  lead=row["lead"], owner=row["owner"]))


def _measures(data: DraftPlanInput, measure_ids: Sequence[str]) -> list[dict[str, Any]]:
    return [{"id": measure_id, "kind": m.kind.value, "refersToId": m.refers_to_id,
             "text": m.text} for measure_id, m in zip(measure_ids, data.measures, strict=True)]


FIND_STRAY_MEASURES = Query("plan/find_stray_measures")


async def find_stray_measures(
    tx: AsyncManagedTransaction, data: DraftPlanInput
) -> list[int]:
    """The positions of the measures that refer to no record of the case."""
    if not data.measures:
        return []
    rows = await run(tx, FIND_STRAY_MEASURES, offenderId=data.offender_id,
                     measures=_measures(data, [""] * len(data.measures)))
    return [row["position"] for row in rows]


class ActionBasis(NamedTuple):
    """What an action is added on: the plan version it joins (None: the case has no plan), and
    its owner agency and officer as the graph has them."""

    plan_id: str | None
    owner_found: bool
    officer_found: bool
    officer_role: str | None
    officer_agency_id: str | None


FIND_ACTION_BASIS = Query("plan/find_action_basis")


async def find_action_basis(
    tx: AsyncManagedTransaction, data: AddPlanActionInput
) -> ActionBasis | None:
    rows = await run(tx, FIND_ACTION_BASIS, offenderId=data.offender_id,
                     ownerAgencyId=data.owner_agency_id, ownerOfficerId=data.owner_officer_id)
    if not rows:
        return None
    row = rows[0]
    return ActionBasis(row["planId"], row["ownerFound"], row["officerFound"], row["officerRole"],
                       row["officerAgencyId"])


# The writes.

DRAFT_PLAN = Query("plan/draft_plan")


async def draft_plan(
    tx: AsyncManagedTransaction, data: DraftPlanInput, *, agency_id: str, user_id: str,
    plan_id: str, measure_ids: Sequence[str],
) -> int | None:
    """The new version's number; None when the case is not one the agency is involved in."""
    rows = await run(tx, DRAFT_PLAN, offenderId=data.offender_id, agencyId=agency_id,
                     planId=plan_id, summary=data.summary, reviewDate=data.review_date,
                     userId=user_id, measures=_measures(data, measure_ids))
    return int(rows[0]["version"]) if rows else None


class Agreed(NamedTuple):
    version: int
    agreed_on: date
    superseded_plan_id: str | None


AGREE_PLAN = Query("plan/agree_plan")


async def agree_plan(
    tx: AsyncManagedTransaction, plan_id: str, *, agency_id: str, user_id: str,
    meeting_id: str | None,
) -> Agreed | None:
    rows = await run(tx, AGREE_PLAN, planId=plan_id, agencyId=agency_id, userId=user_id,
                     meetingId=meeting_id)
    if not rows:
        return None
    row = native(rows[0])
    return Agreed(row["version"], row["agreedOn"], row["supersededPlanId"])


ADD_PLAN_ACTION = Query("plan/add_plan_action")


async def add_plan_action(
    tx: AsyncManagedTransaction, data: AddPlanActionInput, *, agency_id: str, user_id: str,
    plan_id: str, action_id: str,
) -> bool:
    rows = await run(tx, ADD_PLAN_ACTION, offenderId=data.offender_id, agencyId=agency_id,
                     planId=plan_id, actionId=action_id, text=data.text,
                     ownerAgencyId=data.owner_agency_id, ownerOfficerId=data.owner_officer_id,
                     dueOn=data.due_on, userId=user_id)
    return bool(rows)


class StatusSet(NamedTuple):
    offender_id: str
    previous: PlanActionStatus
    status_at: datetime


SET_ACTION_STATUS = Query("plan/set_action_status")


async def set_action_status(
    tx: AsyncManagedTransaction, action_id: str, status: PlanActionStatus, outcome: str | None,
    *, agency_id: str, user_id: str,
) -> StatusSet | None:
    """None when the action, or the caller's relation to it, is gone."""
    rows = await run(tx, SET_ACTION_STATUS, actionId=action_id, agencyId=agency_id,
                     userId=user_id, status=status.value, outcome=outcome)
    if not rows:
        return None
    row = native(rows[0])
    return StatusSet(row["offenderId"], PlanActionStatus(row["previous"]), row["statusAt"])
