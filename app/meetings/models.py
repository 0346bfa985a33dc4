"""MAPPA level 2 and 3 meetings (issue 22, docs/plans-design.md): a meeting as one caller may see
it, what its writes made, and their inputs, validated before any Cypher runs.

An agenda item lists only a case the caller may see, and its fields follow the caller's classes
(app/access/meetings.py): a field of a class the caller lacks is None.
"""

import datetime as dt
from typing import Annotated, Literal, Self, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.cases.models import (
    AgencySummary,
    ComplianceEvent,
    OffenderRecord,
    OfficerSummary,
    Record,
)
from app.core.enums import MappaLevel, MeetingStatus, listed
from app.core.inputs import OFFENDER_ID, FieldProblem, Id, Input, PlannedDate, Text, today
from app.plans.models import AddPlanActionInput, PlanActionRecord, RiskManagementPlanRecord

# The levels a MAPPA meeting manages (level 1 is ordinary agency management, with no meeting).
MeetingLevel = Literal["LEVEL_2", "LEVEL_3"]
MAX_AGENCIES = 30  # agencies invited, or recorded as attending, in one write
MAX_AGENDA = 50  # cases put on the agenda in one write
MAX_MINUTES = 20_000  # characters of one case's minutes
Minutes = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                           max_length=MAX_MINUTES)]
MEETING_ID = "The meeting's id: one the caller may see."


class InvitedAgency(Record):
    agency: AgencySummary = Field(description="The agency invited.")
    invited_at: dt.datetime | None = Field(default=None, description="When it was invited.")
    attended: bool | None = Field(default=None, description="Whether it attended; null until "
                                  "attendance is recorded.")


class MeetingDecision(Record):
    """What the meeting decided on one case."""

    level_before: MappaLevel | None = Field(default=None, description="The case's MAPPA level "
                                            "before the decision.")
    level: MappaLevel | None = Field(default=None, description="The level the meeting confirmed "
                                     "or set (through setMappaLevel, audited as made at the "
                                     "meeting).")
    next_review_date: dt.date | None = Field(default=None, description="When the case is next "
                                          "reviewed (the offender's reviewDate).")
    decided_at: dt.datetime | None = Field(default=None, description="When the decision was "
                                        "recorded.")
    decided_by: str | None = Field(default=None, description="Who recorded it (a user id).")
    plan: RiskManagementPlanRecord | None = Field(
        default=None, description="The plan version the meeting agreed; null when it agreed "
        "none, or withheld.")
    actions: tuple[PlanActionRecord, ...] = Field(
        default=(), description="The actions the meeting created, as the caller may see them "
        "(with RISK_PLAN on the case, or owned by its agency).")


class AgendaItemRecord(Record):
    """One case on a meeting's agenda, as the caller may see it."""

    id: str = Field(description="The agenda item's id.")
    position: int = Field(description="Its place on the agenda, from 1.")
    added_at: dt.datetime | None = Field(default=None, description="When the case was added.")
    offender: OffenderRecord = Field(description="The case, as the caller may see it (the "
                                     "usual rule and classes).")
    decision: MeetingDecision | None = Field(default=None, description="What the meeting "
                                             "decided on the case; null until recorded, or "
                                             "when withheld.")
    minutes: str | None = Field(default=None, description="The minutes of the case's "
                                "discussion; null when none, or withheld.")
    overdue_actions: tuple[PlanActionRecord, ...] = Field(
        default=(), description="The case's OPEN actions past their due date, by due date, as "
        "the caller may see them (with RISK_PLAN on the case, or owned by its agency).")
    compliance_since: tuple[ComplianceEvent, ...] | None = Field(
        default=None, description="The compliance events since the case's previous MAPPA "
        "meeting (every one when it had none), newest first, up to this meeting's date.")


class MeetingRecord(Record):
    id: str = Field(description="The meeting's id.")
    level: MappaLevel = Field(description="LEVEL_2 or LEVEL_3.")
    area: str = Field(description="The area whose meeting it is (e.g. GMP).")
    date: dt.date = Field(description="When it is (or was) held.")
    status: MeetingStatus = Field(description="SCHEDULED, HELD (attendance or a decision "
                                  "recorded) or CANCELLED.")
    cancelled_reason: str | None = Field(default=None, description="Why it was cancelled.")
    chair: OfficerSummary | None = Field(default=None, description="The MAPPA coordinator "
                                         "chairing it.")
    invited: tuple[InvitedAgency, ...] = Field(description="The agencies invited, with their "
                                               "attendance.")
    agenda: tuple[AgendaItemRecord, ...] = Field(description="The cases on its agenda that the "
                                                 "caller may see, in agenda order.")

    def subject_ids(self) -> set[str]:
        ids = {self.id}
        for item in self.agenda:
            ids |= item.offender.subject_ids()
        return ids


class MeetingFilter(Record):
    """The meetings' filter (the GraphQL MeetingFilter is derived from it)."""

    area: Id | None = Field(default=None, description="In this area (e.g. GMP).")
    from_: dt.date | None = Field(default=None, alias="from", description="Held on or after "
                               "this date.")
    to: dt.date | None = Field(default=None, description="Held on or before this date.")
    level: MappaLevel | None = Field(default=None, description="At this level.")


class MeetingPage(Record):
    meetings: tuple[MeetingRecord, ...]
    has_next_page: bool


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MeetingFacts(_Record):
    """A meeting as a write reads it before deciding."""

    id: str
    status: MeetingStatus
    date: dt.date
    area: str
    invited: tuple[str, ...]  # the agencies invited
    agenda: tuple[str, ...]  # the cases on its agenda, seen by the caller or not
    decided: tuple[str, ...]  # those whose decision is recorded


# What the writes made.


class MeetingChanged(_Record):
    meeting_id: str = Field(description="The meeting's id.")
    status: MeetingStatus = Field(description="Its status now.")
    # The cases whose involvements or alert rules the write touched: kept for the audit event
    # and the alert evaluator, never answered (some may be cases the caller does not see).
    offender_ids: tuple[str, ...] = ()


class MeetingDecisionRecorded(_Record):
    meeting_id: str = Field(description="The meeting's id.")
    offender_id: str = Field(description="The case's id.")
    level_before: MappaLevel | None = Field(description="The level before.")
    level: MappaLevel = Field(description="The level decided.")
    next_review_date: dt.date = Field(description="When the case is next reviewed.")
    plan_id: str | None = Field(description="The plan version agreed; null when none was.")
    action_ids: tuple[str, ...] = Field(description="The actions created, in the order given.")


# Inputs.


def _unique(ids: list[str], name: str) -> list[str]:
    seen: set[str] = set()
    for position, given in enumerate(ids):
        if given in seen:
            raise FieldProblem(f"{given!r} is given twice", f"{name}.{position}")
        seen.add(given)
    return ids


class ScheduleMeetingInput(Input):
    level: MeetingLevel = Field(description=f"{listed(get_args(MeetingLevel))}.")
    area: Id = Field(description="The area whose meeting it is: the caller's agency's (e.g. "
                     "GMP).")
    date: PlannedDate = Field(description="When it is held (a past date records a meeting "
                              "already held).")
    chair_id: Id = Field(description="The chair: a case officer who is a MAPPA_COORDINATOR.")
    invited_agency_ids: list[Id] = Field(default_factory=list, max_length=MAX_AGENCIES,
                                         description="The agencies invited.")
    offender_ids: list[Id] = Field(default_factory=list, max_length=MAX_AGENDA,
                                   description="The cases on its agenda, in order: cases the "
                                   "caller may see.")

    @model_validator(mode="after")
    def _each_once(self) -> Self:
        _unique(self.invited_agency_ids, "invitedAgencyIds")
        _unique(self.offender_ids, "offenderIds")
        return self


class InviteToMeetingInput(Input):
    meeting_id: Id = Field(description=MEETING_ID)
    agency_ids: list[Id] = Field(min_length=1, max_length=MAX_AGENCIES,
                                 description="The agencies to invite (one invited already "
                                 "stays as it was).")

    @model_validator(mode="after")
    def _each_once(self) -> Self:
        _unique(self.agency_ids, "agencyIds")
        return self


class AddAgendaCaseInput(Input):
    meeting_id: Id = Field(description=MEETING_ID)
    offender_id: Id = Field(description="The case to add: one the caller may see.")


class RecordAttendanceInput(Input):
    meeting_id: Id = Field(description=MEETING_ID)
    agency_ids: list[Id] = Field(max_length=MAX_AGENCIES, description="The agencies that "
                                 "attended, each invited; the other invited agencies did not.")

    @model_validator(mode="after")
    def _each_once(self) -> Self:
        _unique(self.agency_ids, "agencyIds")
        return self


_ACTION = AddPlanActionInput.model_fields


class DecisionActionInput(Input):
    """An action a meeting's decision creates (as addPlanAction, on the decision's case)."""

    text: Text = Field(description=_ACTION["text"].description)
    owner_agency_id: Id = Field(description=_ACTION["owner_agency_id"].description)
    owner_officer_id: Id | None = Field(default=None,
                                        description=_ACTION["owner_officer_id"].description)
    due_on: PlannedDate = Field(description=_ACTION["due_on"].description)

    @model_validator(mode="after")
    def _due_ahead(self) -> Self:
        if self.due_on < today():
            raise FieldProblem("must not be in the past", "dueOn")
        return self


MAX_DECISION_ACTIONS = 30


class RecordMeetingDecisionInput(Input):
    meeting_id: Id = Field(description=MEETING_ID)
    offender_id: Id = Field(description=f"The case, on the meeting's agenda. {OFFENDER_ID}")
    level: MappaLevel = Field(description="The level the meeting confirms or sets.")
    level_reason: Text = Field(description="Why, in the meeting's words.")
    next_review_date: PlannedDate = Field(description="When the case is next reviewed: after "
                                          "the meeting's date.")
    minutes: Minutes | None = Field(default=None, description="The minutes of the case's "
                                    f"discussion (up to {MAX_MINUTES:,} characters).")
    plan_id: Id | None = Field(default=None, description="A DRAFT version of the case's plan "
                               "that the meeting agrees (as agreePlan, made at the meeting).")
    actions: list[DecisionActionInput] = Field(
        default_factory=list, max_length=MAX_DECISION_ACTIONS,
        description="Actions the meeting creates on the case's plan (as addPlanAction), after "
        f"agreeing `planId` if given; up to {MAX_DECISION_ACTIONS}.")


class CancelMeetingInput(Input):
    meeting_id: Id = Field(description=MEETING_ID)
    reason: Text = Field(description="Why it is cancelled.")
