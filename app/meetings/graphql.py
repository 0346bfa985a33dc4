"""MAPPA meetings as the caller may see them (issue 22): `meeting(id)` and `meetings(filter)`.

A meeting the caller may not see is null, like a case; its agenda lists only the cases the
caller may see, each through the cases domain's Offender (the caller's classes; its derived
types, AgencySummary, OfficerSummary, ComplianceEvent, are the cases domain's), its open alerts
through the alerts domain's projection, and the agenda item's own fields by class
(app/access/meetings.py), named in its `redactions` when withheld.
"""

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from app.access import meetings as meeting_policy
from app.access import redaction as policy
from app.alerts.graphql import AlertConnection, alert_connection
from app.alerts.models import AlertFilter
from app.cases.graphql import AgencySummary, Redaction, redactions_of, selected_paths
from app.core import inputs
from app.core.enums import AlertStatus, MeetingStatus
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
from app.meetings import models as domain
from app.meetings import service
from app.plans import graphql as plans_graphql  # registers PlanAction and RiskManagementPlan

described_enum(MeetingStatus, "Where a MAPPA meeting stands.", {
    MeetingStatus.SCHEDULED: "To be held (or held, with nothing recorded yet).",
    MeetingStatus.HELD: "Held: its attendance or a decision is recorded.",
    MeetingStatus.CANCELLED: "Cancelled: its invitations no longer involve the agencies in its "
                             "cases.",
})

CURSOR_KIND = "meeting"
# The types a decision and an agenda item show are the plans domain's.
SHOWN_FROM_PLANS = (plans_graphql.PlanAction, plans_graphql.RiskManagementPlan)


@strawberry.experimental.pydantic.type(
    model=domain.InvitedAgency, all_fields=True,
    description="An agency invited to a MAPPA meeting, and whether it attended.")
class InvitedAgency:
    pass


@strawberry.experimental.pydantic.type(
    model=domain.MeetingDecision, all_fields=True,
    description="What a MAPPA meeting decided on one case of its agenda.")
class MeetingDecision:
    pass


@with_field_classes(meeting_policy.AGENDA_ITEM_FIELDS)
@placed(open_alerts="decision", redactions=None)
@strawberry.experimental.pydantic.type(
    model=domain.AgendaItemRecord, all_fields=True,
    description="A case on a MAPPA meeting's agenda, as the caller may see it: only a case the "
    "caller may see is listed, through its usual classes.")
class AgendaItem:
    id: strawberry.ID
    offender: strawberry.auto

    @strawberry.field(description="The case's open alerts, newest first (each redacted for the "
                      "caller as in `alerts`).")
    async def open_alerts(
        self, info: Info[Context, None], first: First = 20, after: After = None
    ) -> AlertConnection:
        wanted = AlertFilter(offender_id=str(self.offender.id), status=AlertStatus.OPEN)
        return await alert_connection(info, wanted, first, after)

    @strawberry.field(description="Every field of this agenda item withheld from the caller, "
                      "with its class and why.")
    def redactions(self, info: Info[Context, None]) -> list[Redaction]:
        return redactions_of(
            meeting_policy.agenda_item_redactions(info.context.require_principal()))


@placed(attending="agenda")
@strawberry.experimental.pydantic.type(
    model=domain.MeetingRecord, all_fields=True,
    description="A MAPPA level 2 or 3 meeting: its chair, the agencies invited and attending, "
    "and its agenda. Visible to the officers of an invited agency and to the MAPPA coordinators "
    "of police, probation and prison agencies in its area.")
class MappaMeeting:
    id: strawberry.ID
    invited: strawberry.auto

    @strawberry.field(description="The agencies recorded as attending (each invited).")
    def attending(self) -> list[AgencySummary]:
        return [invited.agency for invited in self.invited if invited.attended]


@strawberry.type(description="A page of MAPPA meetings.")
class MappaMeetingConnection:
    edges: list[Edge[MappaMeeting]] = strawberry.field(description="The meetings of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page stands.")


@strawberry.experimental.pydantic.input(
    model=domain.MeetingFilter, all_fields=True,
    description="Narrows the meetings; each criterion given must hold.")
class MeetingFilter:
    pass


def _agenda_offender_fields(info: Info[Context, None], under: str) -> set[str]:
    """The Offender fields selected on the agenda's cases of this root field."""
    raw = info._raw_info  # strawberry's Info shows the field's nodes only as selected_fields
    prefix = f"{raw.field_name}.{under}agenda.offender."
    paths = selected_paths(raw.field_nodes, raw.fragments)
    return {p.removeprefix(prefix) for p in paths if p.startswith(prefix)}


def _disclose(info: Info[Context, None], meeting: domain.MeetingRecord,
              offender_fields: set[str]) -> None:
    principal = info.context.require_principal()
    classes = set(policy.disclosed_classes(principal, offender_fields))
    if any(item.decision or item.minutes or item.compliance_since for item in meeting.agenda):
        classes |= {c for c in meeting_policy.AGENDA_ITEM_FIELDS.values()
                    if c in principal.field_classes}
    info.context.disclosure.record(meeting.subject_ids(), classes)


def _cursor(meeting: domain.MeetingRecord) -> str:
    return encode_cursor(CURSOR_KIND, f"{meeting.date.isoformat()}|{meeting.id}")


def _after(cursor: str) -> tuple[date, str]:
    day, _, meeting_id = decode_cursor(CURSOR_KIND, cursor).partition("|")
    try:
        return date.fromisoformat(day), meeting_id
    except ValueError:
        raise Invalid(f"after is not a cursor from this list: {cursor!r}",
                      field="after") from None


@strawberry.type
class MeetingQuery:
    @strawberry.field(description="One MAPPA meeting with its agenda; null when it does not "
                      "exist or the caller may not see it (the two are alike).")
    async def meeting(
        self, info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="The meeting's id.")],
    ) -> MappaMeeting | None:
        principal = info.context.require_principal()
        fields = _agenda_offender_fields(info, "")
        record = await service.read_meeting(info.context.graph, principal, str(id), fields)
        if record is None:
            return None
        _disclose(info, record, fields)
        return shown(MappaMeeting, record)

    @strawberry.field(description="The MAPPA meetings the caller may see, by date then id.")
    async def meetings(
        self, info: Info[Context, None],
        filter: Annotated[MeetingFilter | None, strawberry.argument(
            description="Only the meetings that match; omit it for all.")] = None,
        first: First = 20, after: After = None,
    ) -> MappaMeetingConnection:
        principal = info.context.require_principal()
        check_first(first)
        wanted = inputs.parse(domain.MeetingFilter,
                              strawberry.asdict(filter) if filter else {}, root="filter")
        fields = _agenda_offender_fields(info, "edges.node.")
        page = await service.read_meetings(
            info.context.graph, principal, wanted, _after(after) if after else None, first,
            offender_fields=fields)
        for meeting in page.meetings:
            _disclose(info, meeting, fields)
        edges = [Edge(cursor=_cursor(m), node=shown(MappaMeeting, m)) for m in page.meetings]
        return MappaMeetingConnection(
            edges=edges,
            page_info=PageInfo.of(edges, has_next_page=page.has_next_page, after=after))

