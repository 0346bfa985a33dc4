"""A case's risk management plan as one caller may see it (docs/plans-design.md): its versions,
their measures (each pointing at what the graph already holds) and the actions the agencies owe;
what the plan writes made; and their inputs, validated before any Cypher runs.

A plan is read only by a caller who sees its case with RISK_PLAN; an action also by its owner
agency (the owner exception, app/access/plans.py), which sees less of it.
"""

import datetime as dt
from datetime import date, datetime
from typing import Self

from pydantic import Field, model_validator

from app.cases.models import (
    Address,
    AgencySummary,
    Intervention,
    LicenceCondition,
    OfficerSummary,
    Record,
)
from app.core.enums import MeasureKind, PlanActionStatus, PlanStatus, listed
from app.core.inputs import OFFENDER_ID, FieldProblem, Id, Input, PlannedDate, Text, today

MAX_MEASURES = 50


class ActionOffender(Record):
    id: str = Field(description="The offender's id: the case the action is on.")
    name: str | None = Field(default=None, description="The offender's name; null unless the "
                             "caller may see the case with IDENTITY.")


class PlanActionRecord(Record):
    """An action of a plan; `plan_shown` False: its owner agency sees it by the owner exception
    alone, without RISK_PLAN on the case."""

    id: str = Field(description="The action's id.")
    offender: ActionOffender = Field(description="The case the action is on.")
    text: str = Field(description="What is to be done.")
    owner_agency: AgencySummary = Field(description="The agency that owes it.")
    owner_officer: OfficerSummary | None = Field(default=None, description="The officer of the "
                                                 "owner agency who carries it out, if named.")
    due_on: date = Field(description="When it is due.")
    status: PlanActionStatus = Field(description="Where it stands.")
    status_by: str | None = Field(default=None, description="Who last set its status (a user "
                                  "id); null while it has not changed since it was made.")
    status_at: datetime | None = Field(default=None, description="When its status was last "
                                       "set.")
    outcome: str | None = Field(default=None, description="What came of it: the note given with "
                                "DONE or CANCELLED.")
    plan_shown: bool = False


class PlanMeasureRecord(Record):
    id: str = Field(description="The measure's id.")
    kind: MeasureKind = Field(description="What the measure rests on.")
    text: str = Field(description="The measure, in the plan's words.")
    condition: LicenceCondition | None = Field(
        default=None, description="The licence condition a CONDITION measure rests on; null "
        "for another kind, or withheld (CONDITIONS).")
    residence: Address | None = Field(
        default=None, description="The offender's address a RESIDENCE measure rests on; null "
        "for another kind, or withheld (OFFENDER_ADDRESS).")
    intervention: Intervention | None = Field(
        default=None, description="The intervention an INTERVENTION measure rests on; null for "
        "another kind, or withheld (SUPERVISION).")
    officer: OfficerSummary | None = Field(
        default=None, description="The case officer managing the case whom a SUPERVISION "
        "measure rests on; null for another kind, or withheld (MAPPA_STATUS).")
    refers: bool = False  # whether the measure points at something (OTHER points at nothing)


class MeetingRef(Record):
    id: str = Field(description="The meeting's id.")
    date: dt.date | None = Field(default=None, description="The meeting's date.")


class RiskManagementPlanRecord(Record):
    id: str = Field(description="The plan version's id.")
    offender_id: str = Field(description="The offender's id.")
    version: int = Field(description="Its version: 1, 2, ... for each case.")
    status: PlanStatus = Field(description="Where this version stands.")
    current: bool = Field(description="Whether this is the agreed version in force.")
    summary: str = Field(description="The plan in a few sentences.")
    review_date: date = Field(description="When the plan is next to be reviewed.")
    created_at: datetime = Field(description="When this version was drafted.")
    created_by: str = Field(description="Who drafted it (a user id).")
    agreed_on: date | None = Field(default=None, description="When it was agreed; null for a "
                                   "draft.")
    agreed_by: str | None = Field(default=None, description="Who recorded the agreement (a user "
                                  "id).")
    agreed_at_meeting: MeetingRef | None = Field(default=None, description="The MAPPA meeting "
                                                 "that agreed it; null when agreed outside one.")
    measures: tuple[PlanMeasureRecord, ...] = Field(default=(), description="Its measures, in "
                                                    "the order drafted.")
    actions: tuple[PlanActionRecord, ...] = Field(
        default=(), description="Its actions, by due date: a version's own; the current "
        "version's also every earlier version's still OPEN (they carry forward).")


class PlanHistoryPage(Record):
    plans: tuple[RiskManagementPlanRecord, ...]
    has_next_page: bool


class ActionFilter(Record):
    """The actions' filter (the GraphQL ActionFilter is derived from it)."""

    owner_agency_id: str | None = Field(default=None, max_length=100, description="Owed by this "
                                        "agency (another agency's: only on cases the caller "
                                        "sees with RISK_PLAN).")
    status: PlanActionStatus | None = Field(default=None, description="In this status.")
    due_before: date | None = Field(default=None, description="Due before this date (\"what "
                                    "does my agency owe this week\").")


class ActionPage(Record):
    actions: tuple[PlanActionRecord, ...]
    has_next_page: bool


# What the plan writes made.


class PlanDrafted(Record):
    id: str = Field(description="The new version's id.")
    offender_id: str = Field(description="The offender's id.")
    version: int = Field(description="Its version number (the case's highest, plus one).")
    status: PlanStatus = Field(description="DRAFT.")
    review_date: date = Field(description="When the plan is next to be reviewed.")
    measure_ids: tuple[str, ...] = Field(description="Its measures' ids, in the order given.")


class PlanAgreed(Record):
    id: str = Field(description="The version agreed.")
    offender_id: str = Field(description="The offender's id.")
    version: int = Field(description="Its version number.")
    status: PlanStatus = Field(description="AGREED.")
    agreed_on: date = Field(description="When it was agreed (today).")
    agreed_by: str = Field(description="Who recorded the agreement.")
    agreed_at_meeting_id: str | None = Field(default=None, description="The MAPPA meeting that "
                                             "agreed it; null when agreed outside one.")
    superseded_plan_id: str | None = Field(default=None, description="The version it replaced "
                                           "as the current one (now SUPERSEDED), if any.")


class PlanActionAdded(Record):
    id: str = Field(description="The new action's id.")
    offender_id: str = Field(description="The offender's id.")
    plan_id: str = Field(description="The plan version it belongs to.")
    owner_agency_id: str = Field(description="The agency that owes it.")
    owner_officer_id: str | None = Field(default=None, description="Its officer, if named.")
    due_on: date = Field(description="When it is due.")
    status: PlanActionStatus = Field(description="OPEN.")


class ActionStatusSet(Record):
    id: str = Field(description="The action's id.")
    offender_id: str = Field(description="The offender's id.")
    status: PlanActionStatus = Field(description="Its status now.")
    previous_status: PlanActionStatus = Field(description="Its status before.")
    status_by: str = Field(description="Who set it (a user id).")
    status_at: datetime = Field(description="When.")
    outcome: str | None = Field(default=None, description="The note given with it.")


# The facts the writes are decided on.


class ActionFacts(Record):
    """An action, its case and the caller's relation to them."""

    offender_id: str
    status: PlanActionStatus
    case_visible: bool
    involved: bool
    lead: bool
    owner: bool


class PlanFacts(Record):
    """A plan version, its case and the caller's relation to the case."""

    offender_id: str
    version: int
    status: PlanStatus
    current_version: int | None
    case_visible: bool
    involved: bool
    lead: bool


# The inputs of the plan writes (app/core/inputs.py: how their fields are checked).


class MeasureInput(Input):
    """One measure: what it rests on (its kind and the record it refers to) and its text."""

    kind: MeasureKind = Field(description="What the measure rests on.")
    refers_to_id: Id | None = Field(
        default=None, description="What it refers to, of this case: a licence condition "
        "(CONDITION), the offender's address (RESIDENCE), an intervention (INTERVENTION), the "
        "case officer managing the case (SUPERVISION); leave out for OTHER.")
    text: Text = Field(description="The measure, in the plan's words.")

    @model_validator(mode="after")
    def _refers_by_kind(self) -> Self:
        if self.kind is MeasureKind.OTHER and self.refers_to_id is not None:
            raise FieldProblem("an OTHER measure refers to nothing; leave refersToId out",
                               "refersToId")
        if self.kind is not MeasureKind.OTHER and self.refers_to_id is None:
            raise FieldProblem(f"a {self.kind} measure needs refersToId", "refersToId")
        return self


class DraftPlanInput(Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    summary: Text = Field(description="The plan in a few sentences.")
    review_date: PlannedDate = Field(description="When the plan is next to be reviewed (today "
                                     "or later).")
    measures: list[MeasureInput] = Field(default_factory=list, max_length=MAX_MEASURES,
                                         description=f"Its measures (up to {MAX_MEASURES}).")

    @model_validator(mode="after")
    def _review_ahead(self) -> Self:
        if self.review_date < today():
            raise FieldProblem("must not be in the past", "reviewDate")
        return self


class AgreePlanInput(Input):
    plan_id: Id = Field(description="The DRAFT version to agree: it becomes the current plan, "
                        "and the version it replaces SUPERSEDED.")


class AddPlanActionInput(Input):
    offender_id: Id = Field(description=f"{OFFENDER_ID} The action joins its current plan (the "
                            "newest draft while no version has been agreed).")
    text: Text = Field(description="What is to be done.")
    owner_agency_id: Id = Field(description="The agency that owes it (any agency: it sees the "
                                "action even when it sees nothing else of the case).")
    owner_officer_id: Id | None = Field(default=None, description="The officer who carries it "
                                        "out: one of the owner agency's.")
    due_on: PlannedDate = Field(description="When it is due (today or later).")

    @model_validator(mode="after")
    def _due_ahead(self) -> Self:
        if self.due_on < today():
            raise FieldProblem("must not be in the past", "dueOn")
        return self


class SetActionStatusInput(Input):
    action_id: Id = Field(description="The action.")
    status: PlanActionStatus = Field(description=f"{listed(PlanActionStatus)}: its owner agency "
                                     "may set DONE; the lead agency or a MAPPA coordinator any.")
    outcome: Text | None = Field(default=None, description="What came of it: optional with "
                                 "DONE, required with CANCELLED (why), not given with OPEN.")

    @model_validator(mode="after")
    def _outcome_fits(self) -> Self:
        if self.status is PlanActionStatus.CANCELLED and self.outcome is None:
            raise FieldProblem("cancelling an action must say why", "outcome")
        if self.status is PlanActionStatus.OPEN and self.outcome is not None:
            raise FieldProblem("an OPEN action has no outcome yet; leave outcome out",
                               "outcome")
        return self
