"""MAPPA meetings in the graph: reads that decide inside the database which meetings, and which
cases of their agendas, the caller may see (queries/_fragments/meeting_visible.cypher,
visible_case.cypher); and the meeting writes, each one named query, beside the facts they are
decided on. Every write query matches its meeting again, so a write never lands on a meeting
cancelled in between; one that finds no such meeting returns None."""

from collections.abc import Collection
from datetime import date
from typing import Any, NamedTuple

from neo4j import AsyncManagedTransaction

from app.access.meetings import coordinates_area_meetings
from app.access.plans import measure_classes
from app.access.principal import Principal
from app.access.redaction import sees_handling_c
from app.access.write_rights import CaseAccess
from app.cases.repository import access_params, native
from app.core.enums import MappaLevel, MeetingStatus
from app.meetings.models import (
    MeetingFacts,
    MeetingFilter,
    MeetingPage,
    MeetingRecord,
    RecordMeetingDecisionInput,
    ScheduleMeetingInput,
)
from app.platform.neo4j.driver import Tx, run
from app.platform.neo4j.registry import Query

FIND_MEETING = Query("meeting/find_meeting")
LIST_MEETINGS = Query("meeting/list_meetings")


def _read_params(principal: Principal, offender_fields: Collection[str]) -> dict[str, Any]:
    return {**access_params(principal), "police": sees_handling_c(principal),
            "fields": sorted(offender_fields), "measureClasses": measure_classes(),
            "areaCoordinator": coordinates_area_meetings(principal)}


async def find_meeting(
    tx: Tx, meeting_id: str, principal: Principal, offender_fields: Collection[str]
) -> MeetingRecord | None:
    """`offender_fields`: the Offender fields selected on the agenda's cases."""
    rows = await run(tx, FIND_MEETING, meetingId=meeting_id,
                     **_read_params(principal, offender_fields))
    return MeetingRecord.model_validate(native(rows[0]["meeting"])) if rows else None


async def list_meetings(
    tx: Tx, principal: Principal, wanted: MeetingFilter, after: tuple[date, str] | None,
    first: int, *, offender_fields: Collection[str],
) -> MeetingPage:
    rows = await run(
        tx, LIST_MEETINGS, area=wanted.area, **{"from": wanted.from_}, to=wanted.to,
        level=wanted.level.value if wanted.level else None,
        afterDate=after[0] if after else None, afterId=after[1] if after else None,
        limit=first + 1, **_read_params(principal, offender_fields))
    meetings = [MeetingRecord.model_validate(native(row["meeting"])) for row in rows]
    return MeetingPage(meetings=tuple(meetings[:first]), has_next_page=len(meetings) > first)


# What the writes are decided on.

FIND_MEETING_ACCESS = Query("meeting/find_meeting_access")
FIND_MEETING_PARTIES = Query("meeting/find_meeting_parties")


async def find_meeting_access(
    tx: AsyncManagedTransaction, meeting_id: str, principal: Principal
) -> tuple[MeetingFacts, CaseAccess] | None:
    """The meeting and the caller's relation to it; None when there is no such meeting."""
    rows = await run(tx, FIND_MEETING_ACCESS, meetingId=meeting_id,
                     agencyId=principal.agency_id, classes=sorted(principal.field_classes),
                     areaCoordinator=coordinates_area_meetings(principal))
    if not rows:
        return None
    row = native(rows[0])
    facts = MeetingFacts(id=row["id"], status=MeetingStatus(row["status"]), date=row["date"],
                         area=row["area"], invited=tuple(row["invited"]),
                         agenda=tuple(row["agenda"]), decided=tuple(row["decided"]))
    access = CaseAccess(visible=row["visible"], involved=False, lead=False,
                        in_area=row["inArea"])
    return facts, access


class Parties(NamedTuple):
    caller_area: str | None  # the area of the caller's agency
    chair_role: str | None  # the role of the case officer named chair; None: no such officer
    agency_ids: set[str]  # those of the agencies named that exist


async def find_meeting_parties(
    tx: AsyncManagedTransaction, caller_agency_id: str, chair_id: str | None,
    agency_ids: list[str],
) -> Parties:
    rows = await run(tx, FIND_MEETING_PARTIES, callerAgencyId=caller_agency_id,
                     chairId=chair_id, agencyIds=agency_ids)
    return Parties(rows[0]["callerArea"], rows[0]["chairRole"], set(rows[0]["agencyIds"]))


# The writes.

SCHEDULE_MEETING = Query("meeting/schedule_meeting")
INVITE_TO_MEETING = Query("meeting/invite_to_meeting")
ADD_AGENDA_CASE = Query("meeting/add_agenda_case")
INVOLVE_INVITED_AGENCIES = Query("meeting/involve_invited_agencies")
RECORD_ATTENDANCE = Query("meeting/record_attendance")
RECORD_MEETING_DECISION = Query("meeting/record_meeting_decision")
CANCEL_MEETING = Query("meeting/cancel_meeting")


def _status(rows: list[dict[str, Any]]) -> MeetingStatus | None:
    return MeetingStatus(rows[0]["status"]) if rows else None


async def schedule_meeting(
    tx: AsyncManagedTransaction, data: ScheduleMeetingInput, *, meeting_id: str,
    item_ids: list[str], user_id: str,
) -> MeetingStatus | None:
    rows = await run(tx, SCHEDULE_MEETING, meetingId=meeting_id, level=data.level,
                     area=data.area, date=data.date, chairId=data.chair_id, userId=user_id,
                     invitedAgencyIds=data.invited_agency_ids, offenderIds=data.offender_ids,
                     itemIds=item_ids)
    return _status(rows)


async def invite_to_meeting(
    tx: AsyncManagedTransaction, meeting_id: str, agency_ids: list[str], *, user_id: str
) -> MeetingStatus | None:
    rows = await run(tx, INVITE_TO_MEETING, meetingId=meeting_id, agencyIds=agency_ids,
                     userId=user_id)
    return _status(rows)


async def add_agenda_case(
    tx: AsyncManagedTransaction, meeting_id: str, offender_id: str, *, item_id: str
) -> MeetingStatus | None:
    rows = await run(tx, ADD_AGENDA_CASE, meetingId=meeting_id, offenderId=offender_id,
                     itemId=item_id)
    return _status(rows)


async def involve_invited_agencies(
    tx: AsyncManagedTransaction, meeting_id: str, *, involvement_days: int
) -> None:
    await run(tx, INVOLVE_INVITED_AGENCIES, meetingId=meeting_id,
              meetingInvolvementDays=involvement_days)


async def record_attendance(
    tx: AsyncManagedTransaction, meeting_id: str, agency_ids: list[str]
) -> MeetingStatus | None:
    rows = await run(tx, RECORD_ATTENDANCE, meetingId=meeting_id, agencyIds=agency_ids)
    return _status(rows)


async def record_meeting_decision(
    tx: AsyncManagedTransaction, data: RecordMeetingDecisionInput, *,
    level_before: MappaLevel | None, user_id: str, action_ids: list[str],
) -> MeetingStatus | None:
    rows = await run(tx, RECORD_MEETING_DECISION, meetingId=data.meeting_id,
                     offenderId=data.offender_id, userId=user_id,
                     levelBefore=level_before.value if level_before else None,
                     level=data.level.value, nextReviewDate=data.next_review_date,
                     minutes=data.minutes, planId=data.plan_id, actionIds=action_ids)
    return _status(rows)


async def cancel_meeting(
    tx: AsyncManagedTransaction, meeting_id: str, reason: str, *, user_id: str,
    involvement_days: int,
) -> MeetingStatus | None:
    rows = await run(tx, CANCEL_MEETING, meetingId=meeting_id, reason=reason, userId=user_id,
                     meetingInvolvementDays=involvement_days)
    return _status(rows)
