"""MAPPA level 2 and 3 meetings (issue 22, docs/plans-design.md sections 2 and 3): reading them
under need-to-know, and their writes.

Each write is a case write of the cases domain (`CaseWrite`, run by `make` in a unit of work:
authorised, checked, written, its touched cases enqueued for the alert evaluator, audited) whose
"case" is the meeting: the caller's relation to it is whether it may see the meeting
(app/access/meetings.py) and whether its agency is in the meeting's area (the write right,
app/access/write_rights.py). A meeting the caller may not see is answered as one that does not
exist; so is a case of the agenda it may not see.

Inviting an agency or adding a case to the agenda involves each invited agency in each agenda
case (basis MAPPA_MEETING) until the meeting's date plus `involvement_days`
(Settings.meeting_involvement_days); cancelling the meeting ends those involvements today. The
visibility rule is unchanged: the involvement is what gives access, and it lapses by date.

A decision sets the case's level through the cases domain's setMappaLevel step, agrees the plan
version and creates the actions through the plans domain's agreePlan and addPlanAction steps,
all in the same transaction: each authorised and checked as on its own, a refusal of any
rolling back the whole, and audited with the decision: one event, of the operation
recordMeetingDecision, naming the meeting, the case, the plan and the actions.
"""

import uuid
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from datetime import date

from neo4j import AsyncManagedTransaction

from app.access.principal import Principal
from app.access.write_rights import CaseAccess, Write, forbidden, held_grants
from app.cases import repository as cases_repo
from app.cases.models import SetMappaLevelInput
from app.cases.service import Case, CaseWrite, make, mappa_level_write, within
from app.core.enums import MeetingStatus
from app.core.errors import Conflict, Invalid, NotFound
from app.meetings import repository as repo
from app.meetings.models import (
    AddAgendaCaseInput,
    CancelMeetingInput,
    DecisionActionInput,
    InviteToMeetingInput,
    MeetingChanged,
    MeetingDecisionRecorded,
    MeetingFacts,
    MeetingFilter,
    MeetingPage,
    MeetingRecord,
    RecordAttendanceInput,
    RecordMeetingDecisionInput,
    ScheduleMeetingInput,
)
from app.plans.models import AddPlanActionInput
from app.plans.service import add_plan_action_write, agree_plan_write, new_action_id
from app.platform.neo4j.driver import Graph
from app.platform.uow import UnitOfWork

NO_SUCH_MEETING = "no such meeting"
NO_SUCH_OFFENDER = "no such offender"


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4()}"


async def read_meeting(
    graph: Graph, principal: Principal, meeting_id: str, offender_fields: Collection[str]
) -> MeetingRecord | None:
    """The meeting as the caller may see it; None alike when absent and when not visible."""
    return await graph.read_one(repo.find_meeting, meeting_id, principal, offender_fields)


async def read_meetings(
    graph: Graph, principal: Principal, wanted: MeetingFilter, after: tuple[date, str] | None,
    first: int, *, offender_fields: Collection[str],
) -> MeetingPage:
    """A page of the meetings the caller may see, by date then id, after `after`."""
    if wanted.from_ is not None and wanted.to is not None and wanted.to < wanted.from_:
        raise Invalid("filter.to: must not be before filter.from", field="filter.to")
    return await graph.read_one(repo.list_meetings, principal, wanted, after, first,
                                offender_fields=offender_fields)


def may_run_meetings(principal: Principal) -> None:
    """Only a MAPPA coordinator of a police, probation or prison agency schedules meetings: a
    check on the caller alone, made before its input is validated."""
    if not held_grants(Write.SCHEDULE_MEETING, principal.agency_kind, principal.roles):
        raise forbidden(Write.SCHEDULE_MEETING, principal)


@dataclass
class Meeting:
    """The meeting a write lands in, as the write's transaction read it (`facts`, filled in when
    the write is authorised on it)."""

    principal: Principal
    id: str
    facts: MeetingFacts = field(init=False)

    def case(self) -> Case:
        async def access(tx: AsyncManagedTransaction) -> CaseAccess | None:
            found = await repo.find_meeting_access(tx, self.id, self.principal)
            if found is None:
                return None
            self.facts, relation = found
            return relation

        return Case(access, missing=NO_SUCH_MEETING)

    def not_cancelled(self) -> None:
        if self.facts.status is MeetingStatus.CANCELLED:
            raise Conflict(f"meeting {self.id!r} was cancelled")


def _changed(meeting_id: str, offender_ids: Callable[[], Collection[str]]
             ) -> Callable[[MeetingStatus], MeetingChanged]:
    """What a write to the meeting made, with the cases it touched (read once it has run)."""
    return lambda status: MeetingChanged(meeting_id=meeting_id, status=status,
                                         offender_ids=tuple(offender_ids()))


async def _involving(
    tx: AsyncManagedTransaction, meeting_id: str, written: MeetingStatus | None,
    involvement_days: int,
) -> MeetingStatus | None:
    """After a write to the invitations or the agenda: the MAPPA_MEETING involvements."""
    if written is not None:
        await repo.involve_invited_agencies(tx, meeting_id, involvement_days=involvement_days)
    return written


def _unknown_agencies(given: list[str], known: Collection[str], field_name: str) -> None:
    for position, agency_id in enumerate(given):
        if agency_id not in known:
            path = f"input.{field_name}.{position}"
            raise Invalid(f"{path}: no agency {agency_id!r}", field=path)


async def schedule_meeting(
    uow: UnitOfWork, principal: Principal, data: ScheduleMeetingInput, *,
    involvement_days: int,
) -> MeetingChanged:
    meeting_id = new_id("MTG")
    item_ids = [new_id("AGI") for _ in data.offender_ids]

    async def in_area(tx: AsyncManagedTransaction) -> CaseAccess:
        parties = await repo.find_meeting_parties(tx, principal.agency_id, None, [])
        return CaseAccess(visible=True, involved=False, lead=False,
                          in_area=parties.caller_area == data.area)

    async def parties_known(tx: AsyncManagedTransaction) -> None:
        parties = await repo.find_meeting_parties(tx, principal.agency_id, data.chair_id,
                                                  data.invited_agency_ids)
        if parties.chair_role is None:
            raise Invalid(f"input.chairId: no case officer {data.chair_id!r}",
                          field="input.chairId")
        if parties.chair_role != "MAPPA_COORDINATOR":
            raise Invalid(f"input.chairId: a meeting's chair is a MAPPA_COORDINATOR, not a "
                          f"{parties.chair_role}", field="input.chairId")
        _unknown_agencies(data.invited_agency_ids, parties.agency_ids, "invitedAgencyIds")
        seen = await cases_repo.find_offenders_access(tx, data.offender_ids, principal.agency_id,
                                                      principal.user_id)
        for position, offender_id in enumerate(data.offender_ids):
            if offender_id not in seen or not seen[offender_id].visible:
                path = f"input.offenderIds.{position}"
                raise Invalid(f"{path}: {NO_SUCH_OFFENDER}", field=path)

    async def schedule(tx: AsyncManagedTransaction) -> MeetingStatus | None:
        written = await repo.schedule_meeting(tx, data, meeting_id=meeting_id,
                                              item_ids=item_ids, user_id=principal.user_id)
        return await _involving(tx, meeting_id, written, involvement_days)

    return await make(uow, principal, CaseWrite(
        Write.SCHEDULE_MEETING, Case(in_area), checks=parties_known, write=schedule,
        made=_changed(meeting_id, lambda: data.offender_ids),
        touched=lambda _: data.offender_ids))


async def invite_to_meeting(
    uow: UnitOfWork, principal: Principal, data: InviteToMeetingInput, *,
    involvement_days: int,
) -> MeetingChanged:
    meeting = Meeting(principal, data.meeting_id)

    async def agencies_known(tx: AsyncManagedTransaction) -> None:
        meeting.not_cancelled()
        parties = await repo.find_meeting_parties(tx, principal.agency_id, None, data.agency_ids)
        _unknown_agencies(data.agency_ids, parties.agency_ids, "agencyIds")

    async def invite(tx: AsyncManagedTransaction) -> MeetingStatus | None:
        written = await repo.invite_to_meeting(tx, data.meeting_id, data.agency_ids,
                                               user_id=principal.user_id)
        return await _involving(tx, data.meeting_id, written, involvement_days)

    return await make(uow, principal, CaseWrite(
        Write.INVITE_TO_MEETING, meeting.case(), checks=agencies_known, write=invite,
        made=_changed(data.meeting_id, lambda: meeting.facts.agenda),
        touched=lambda _: meeting.facts.agenda, gone=NO_SUCH_MEETING))


async def _case_seen(tx: AsyncManagedTransaction, principal: Principal, offender_id: str) -> None:
    """NOT_FOUND alike for a case that does not exist and one the caller may not see."""
    access = await cases_repo.find_offender_access(tx, offender_id, principal.agency_id,
                                                   principal.user_id)
    if access is None or not access.visible:
        raise NotFound(NO_SUCH_OFFENDER)


async def add_agenda_case(
    uow: UnitOfWork, principal: Principal, data: AddAgendaCaseInput, *, involvement_days: int,
) -> MeetingChanged:
    meeting = Meeting(principal, data.meeting_id)
    item_id = new_id("AGI")

    async def case_seen_not_listed(tx: AsyncManagedTransaction) -> None:
        meeting.not_cancelled()
        await _case_seen(tx, principal, data.offender_id)
        if data.offender_id in meeting.facts.agenda:
            raise Conflict(f"{data.offender_id!r} is on this meeting's agenda already")

    async def add(tx: AsyncManagedTransaction) -> MeetingStatus | None:
        written = await repo.add_agenda_case(tx, data.meeting_id, data.offender_id,
                                             item_id=item_id)
        return await _involving(tx, data.meeting_id, written, involvement_days)

    return await make(uow, principal, CaseWrite(
        Write.ADD_AGENDA_CASE, meeting.case(), checks=case_seen_not_listed, write=add,
        made=_changed(data.meeting_id, lambda: [data.offender_id]),
        touched=lambda _: [data.offender_id], gone=NO_SUCH_MEETING))


async def record_attendance(
    uow: UnitOfWork, principal: Principal, data: RecordAttendanceInput
) -> MeetingChanged:
    meeting = Meeting(principal, data.meeting_id)

    async def invited(tx: AsyncManagedTransaction) -> None:
        meeting.not_cancelled()
        for position, agency_id in enumerate(data.agency_ids):
            if agency_id not in meeting.facts.invited:
                path = f"input.agencyIds.{position}"
                raise Invalid(f"{path}: {agency_id!r} was not invited (inviteToMeeting first)",
                              field=path)

    return await make(uow, principal, CaseWrite(
        Write.RECORD_ATTENDANCE, meeting.case(), checks=invited,
        write=lambda tx: repo.record_attendance(tx, data.meeting_id, data.agency_ids),
        made=_changed(data.meeting_id, tuple), touched=lambda _: [], gone=NO_SUCH_MEETING))


async def record_meeting_decision(
    uow: UnitOfWork, principal: Principal, data: RecordMeetingDecisionInput
) -> MeetingDecisionRecorded:
    meeting = Meeting(principal, data.meeting_id)
    action_ids = [new_action_id() for _ in data.actions]

    async def on_the_agenda(tx: AsyncManagedTransaction) -> None:
        meeting.not_cancelled()
        await _case_seen(tx, principal, data.offender_id)
        if data.offender_id not in meeting.facts.agenda:
            raise Invalid("input.offenderId: not on this meeting's agenda (addAgendaCase "
                          "first)", field="input.offenderId")
        if data.offender_id in meeting.facts.decided:
            raise Conflict(f"the meeting's decision on {data.offender_id!r} was recorded "
                           "already; a decision stands")
        if data.next_review_date <= meeting.facts.date:
            raise Invalid(f"input.nextReviewDate: must be after the meeting's date "
                          f"({meeting.facts.date.isoformat()})", field="input.nextReviewDate")

    async def decide(tx: AsyncManagedTransaction) -> MeetingDecisionRecorded | None:
        level = await within(tx, principal, mappa_level_write(
            principal, SetMappaLevelInput(offender_id=data.offender_id, level=data.level,
                                          reason=data.level_reason),
            meeting_id=data.meeting_id))
        if data.plan_id is not None:
            agreed = await within(tx, principal, agree_plan_write(principal, data.plan_id,
                                                                  meeting_id=data.meeting_id))
            if agreed.made.offender_id != data.offender_id:
                raise Invalid("input.planId: not a plan of this case", field="input.planId")
        for position, action in enumerate(data.actions):
            await _create_action(tx, principal, data.offender_id, action,
                                 action_id=action_ids[position],
                                 path=f"input.actions.{position}.")
        written = await repo.record_meeting_decision(
            tx, data, level_before=level.made.previous_level, user_id=principal.user_id,
            action_ids=action_ids)
        if written is None:
            return None
        return MeetingDecisionRecorded(
            meeting_id=data.meeting_id, offender_id=data.offender_id,
            level_before=level.made.previous_level, level=data.level,
            next_review_date=data.next_review_date, plan_id=data.plan_id,
            action_ids=tuple(action_ids))

    return await make(uow, principal, CaseWrite(
        Write.RECORD_MEETING_DECISION, meeting.case(), checks=on_the_agenda, write=decide,
        made=lambda decided: decided, touched=lambda _: [data.offender_id],
        gone=NO_SUCH_MEETING))


async def _create_action(
    tx: AsyncManagedTransaction, principal: Principal, offender_id: str,
    action: DecisionActionInput, *, action_id: str, path: str,
) -> None:
    """One action of a decision, made as addPlanAction makes it; what is wrong with it is told
    at its place in the decision's input (`input.actions.0.ownerAgencyId`)."""
    wanted = AddPlanActionInput(offender_id=offender_id, **action.model_dump())
    try:
        await within(tx, principal, add_plan_action_write(principal, wanted,
                                                          action_id=action_id))
    except Invalid as problem:
        if problem.field is None or problem.field == "input.offenderId":
            raise
        field = problem.field.replace("input.", path, 1)
        raise Invalid(str(problem).replace(problem.field, field, 1), field=field) from None


async def cancel_meeting(
    uow: UnitOfWork, principal: Principal, data: CancelMeetingInput, *, involvement_days: int,
) -> MeetingChanged:
    meeting = Meeting(principal, data.meeting_id)

    async def scheduled(tx: AsyncManagedTransaction) -> None:
        meeting.not_cancelled()
        if meeting.facts.status is MeetingStatus.HELD:
            raise Conflict(f"meeting {data.meeting_id!r} was held: it stays on record")

    def cancel(tx: AsyncManagedTransaction) -> Awaitable[MeetingStatus | None]:
        return repo.cancel_meeting(tx, data.meeting_id, data.reason, user_id=principal.user_id,
                                   involvement_days=involvement_days)
    return await make(uow, principal, CaseWrite(
        Write.CANCEL_MEETING, meeting.case(), checks=scheduled, write=cancel,
        made=_changed(data.meeting_id, lambda: meeting.facts.agenda),
        touched=lambda _: meeting.facts.agenda, gone=NO_SUCH_MEETING))
