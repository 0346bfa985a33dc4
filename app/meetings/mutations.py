"""The MAPPA meeting mutations (issue 22): inputs derived from app/meetings/models.py, a payload
per kind of write, and thin resolvers that call app/meetings/service.py and say what was
collected or altered for the audit event (the meeting and the cases of its agenda)."""

from functools import partial
from typing import Annotated

import strawberry
from strawberry.types import Info

from app.access.write_rights import Write
from app.core.enums import FieldClass as F
from app.graphql.context import Context
from app.graphql.derived import shown
from app.graphql.descriptions import write_description
from app.graphql.writes import ALTERATION, COLLECTION, input_type, write_made
from app.meetings import models
from app.meetings import service as writes


@input_type(models.ScheduleMeetingInput, "A MAPPA meeting to schedule.")
class ScheduleMeetingInput:
    level: str
    chair_id: strawberry.ID
    invited_agency_ids: list[strawberry.ID]
    offender_ids: list[strawberry.ID]


@input_type(models.InviteToMeetingInput, "Agencies to invite to a MAPPA meeting.")
class InviteToMeetingInput:
    meeting_id: strawberry.ID
    agency_ids: list[strawberry.ID]


@input_type(models.AddAgendaCaseInput, "A case to put on a MAPPA meeting's agenda.")
class AddAgendaCaseInput:
    meeting_id: strawberry.ID
    offender_id: strawberry.ID


@input_type(models.RecordAttendanceInput, "The agencies that attended a MAPPA meeting.")
class RecordAttendanceInput:
    meeting_id: strawberry.ID
    agency_ids: list[strawberry.ID]


@input_type(models.DecisionActionInput, "An action a MAPPA meeting's decision creates.")
class DecisionActionInput:
    owner_agency_id: strawberry.ID
    owner_officer_id: strawberry.ID | None


@input_type(models.RecordMeetingDecisionInput, "A MAPPA meeting's decision on a case of its "
            "agenda.")
class RecordMeetingDecisionInput:
    meeting_id: strawberry.ID
    offender_id: strawberry.ID
    plan_id: strawberry.ID | None
    actions: list[DecisionActionInput]


@input_type(models.CancelMeetingInput, "A MAPPA meeting to cancel.")
class CancelMeetingInput:
    meeting_id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=models.MeetingChanged, all_fields=True,
    description="A MAPPA meeting written to, as it now stands: read it with `meeting`.")
class MeetingPayload:
    meeting_id: strawberry.ID
    offender_ids: strawberry.Private[tuple[str, ...]]


@strawberry.experimental.pydantic.type(
    model=models.MeetingDecisionRecorded, all_fields=True,
    description="A MAPPA meeting's decision on a case, recorded.")
class RecordMeetingDecisionPayload:
    meeting_id: strawberry.ID
    offender_id: strawberry.ID
    plan_id: strawberry.ID | None
    action_ids: list[strawberry.ID]


def _subjects(made: models.MeetingChanged) -> list[str]:
    return [made.meeting_id, *made.offender_ids]


INVOLVES = (" Each agency invited is involved in each case on the agenda (basis MAPPA_MEETING) "
            "until the meeting's date plus MAPPA_MEETING_INVOLVEMENT_DAYS (28 days by default); "
            "an agency already involved otherwise keeps its involvement.")


@strawberry.type
class MeetingMutation:
    @strawberry.mutation(description=write_description(
        Write.SCHEDULE_MEETING, "Schedule a MAPPA level 2 or 3 meeting in the caller's area, "
        "with its chair, invitations and agenda." + INVOLVES))
    async def schedule_meeting(
        self, info: Info[Context, None],
        input: Annotated[ScheduleMeetingInput, strawberry.argument(
            description="The meeting.")],
    ) -> MeetingPayload | None:
        days = info.context.settings.meeting_involvement_days
        made = await write_made(
            info, partial(writes.schedule_meeting, involvement_days=days), input,
            action=COLLECTION, classes=[F.MAPPA_STATUS], subjects=_subjects,
            first=writes.may_run_meetings)
        return shown(MeetingPayload, made)

    @strawberry.mutation(description=write_description(
        Write.INVITE_TO_MEETING, "Invite agencies to a MAPPA meeting." + INVOLVES))
    async def invite_to_meeting(
        self, info: Info[Context, None],
        input: Annotated[InviteToMeetingInput, strawberry.argument(
            description="The meeting and the agencies.")],
    ) -> MeetingPayload | None:
        days = info.context.settings.meeting_involvement_days
        made = await write_made(
            info, partial(writes.invite_to_meeting, involvement_days=days), input,
            action=ALTERATION, classes=[F.MAPPA_STATUS], subjects=_subjects)
        return shown(MeetingPayload, made)

    @strawberry.mutation(description=write_description(
        Write.ADD_AGENDA_CASE, "Put a case the caller may see on a MAPPA meeting's agenda."
        + INVOLVES))
    async def add_agenda_case(
        self, info: Info[Context, None],
        input: Annotated[AddAgendaCaseInput, strawberry.argument(
            description="The meeting and the case.")],
    ) -> MeetingPayload | None:
        days = info.context.settings.meeting_involvement_days
        made = await write_made(
            info, partial(writes.add_agenda_case, involvement_days=days), input,
            action=ALTERATION, classes=[F.MAPPA_STATUS], subjects=_subjects)
        return shown(MeetingPayload, made)

    @strawberry.mutation(description=write_description(
        Write.RECORD_ATTENDANCE, "Record which invited agencies attended a MAPPA meeting; the "
        "meeting is HELD."))
    async def record_attendance(
        self, info: Info[Context, None],
        input: Annotated[RecordAttendanceInput, strawberry.argument(
            description="The meeting and the agencies that attended.")],
    ) -> MeetingPayload | None:
        made = await write_made(info, writes.record_attendance, input, action=ALTERATION,
                                classes=[], subjects=_subjects)
        return shown(MeetingPayload, made)

    @strawberry.mutation(description=write_description(
        Write.RECORD_MEETING_DECISION, "Record a MAPPA meeting's decision on a case of its "
        "agenda: the level confirmed or changed (as setMappaLevel, which the caller must also "
        "be allowed: audited as made at the meeting), the plan version agreed (as agreePlan), "
        "the actions created (as addPlanAction), the next review date and the minutes; the "
        "meeting is HELD. A decision stands (CONFLICT for a second); a refusal of any part "
        "changes nothing."))
    async def record_meeting_decision(
        self, info: Info[Context, None],
        input: Annotated[RecordMeetingDecisionInput, strawberry.argument(
            description="The meeting, the case and the decision.")],
    ) -> RecordMeetingDecisionPayload | None:
        made = await write_made(info, writes.record_meeting_decision, input, action=ALTERATION,
                                classes=[F.MAPPA_STATUS, F.RISK_PLAN],
                                subjects=lambda r: [r.meeting_id, r.offender_id, r.plan_id,
                                                    *r.action_ids])
        return shown(RecordMeetingDecisionPayload, made)

    @strawberry.mutation(description=write_description(
        Write.CANCEL_MEETING, "Cancel a SCHEDULED MAPPA meeting: the involvements its "
        "invitations gave end today (unless another meeting still invites the agency to the "
        "case)."))
    async def cancel_meeting(
        self, info: Info[Context, None],
        input: Annotated[CancelMeetingInput, strawberry.argument(
            description="The meeting and why.")],
    ) -> MeetingPayload | None:
        days = info.context.settings.meeting_involvement_days
        made = await write_made(
            info, partial(writes.cancel_meeting, involvement_days=days), input,
            action=ALTERATION, classes=[F.MAPPA_STATUS], subjects=_subjects)
        return shown(MeetingPayload, made)
