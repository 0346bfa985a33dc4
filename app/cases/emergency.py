"""Emergency access (break glass, PRODUCT.md section 4) as the schema shows it: the grant, with
its review, the list of a case's grants for those who review them (the lead agency's officers
and the case's MAPPA coordinators), and the mutations that request, revoke and review one."""

from datetime import datetime
from functools import partial
from typing import Annotated

import strawberry
from strawberry.types import Info

from app.access.write_rights import Write
from app.cases import models
from app.cases import service as writes
from app.cases.models import EmergencyGrant as GrantRecord
from app.core.enums import EmergencyReviewOutcome, FieldClass
from app.graphql.context import Context
from app.graphql.derived import placed, shown
from app.graphql.descriptions import described_enum, write_description
from app.graphql.pagination import (
    After,
    Edge,
    First,
    PageInfo,
    check_first,
    decode_cursor,
    encode_cursor,
)
from app.graphql.writes import ALTERATION, COLLECTION, Arguments, input_type, write_made

described_enum(EmergencyReviewOutcome, "The lead agency's or a MAPPA coordinator's finding "
               "on an emergency grant.", {
    EmergencyReviewOutcome.JUSTIFIED: "The access was justified.",
    EmergencyReviewOutcome.UNJUSTIFIED: "The access was not justified: the grant is revoked if "
                                        "still active, and the finding is an audit event "
                                        "auditors list.",
})
CURSOR_KIND = "grant"


@strawberry.type(description="The lead agency's or a MAPPA coordinator's finding on a grant; it "
                             "stands once recorded.")
class EmergencyAccessReview:
    outcome: EmergencyReviewOutcome = strawberry.field(description="The finding.")
    note: str | None = strawberry.field(description="What the reviewer said (always given for "
                                        "UNJUSTIFIED).")
    reviewed_by: str = strawberry.field(description="Who reviewed it (a user id).")
    reviewed_at: datetime = strawberry.field(description="When.")


@placed(review=None)
@strawberry.experimental.pydantic.type(
    model=GrantRecord, all_fields=True,
    description="An emergency access grant: who took it (userId, agencyId, roles), why "
    "(justification, and the purpose of use of the request), from grantedAt until expiresAt, its "
    "revocation and its review.")
class EmergencyGrant:
    id: strawberry.ID
    offender_id: strawberry.ID
    agency_id: strawberry.ID
    review_outcome: strawberry.Private[EmergencyReviewOutcome | None]
    review_note: strawberry.Private[str | None]
    reviewed_by: strawberry.Private[str | None]
    reviewed_at: strawberry.Private[datetime | None]

    @strawberry.field(description="Its review; null until reviewed.")
    def review(self) -> EmergencyAccessReview | None:
        if self.review_outcome is None or not self.reviewed_by or not self.reviewed_at:
            return None
        return EmergencyAccessReview(outcome=self.review_outcome, note=self.review_note,
                                     reviewed_by=self.reviewed_by, reviewed_at=self.reviewed_at)



@strawberry.type(description="A page of emergency grants, newest first.")
class EmergencyGrantConnection:
    edges: list[Edge[EmergencyGrant]] = strawberry.field(description="The grants of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page stands.")


@strawberry.type
class EmergencyQuery:
    @strawberry.field(description="Every emergency grant on a case, newest first, revoked, "
                                  "expired and reviewed ones included: for the lead agency's "
                                  "officers and the case's MAPPA coordinators (FORBIDDEN to "
                                  "others who see the case).")
    async def emergency_grants(
        self, info: Info[Context, None],
        offender_id: Annotated[strawberry.ID, strawberry.argument(
            description="The case's offender.")],
        first: First = 20, after: After = None,
    ) -> EmergencyGrantConnection:
        principal = info.context.require_principal()
        check_first(first)
        after_id = decode_cursor(CURSOR_KIND, after) if after else None
        grants = await writes.list_emergency_grants(info.context.graph, principal,
                                                    str(offender_id), after_id, first)
        page = grants[:first]
        info.context.disclosure.record(
            [str(offender_id), *(g.id for g in page), *(g.user_id for g in page)],
            [FieldClass.MAPPA_STATUS] if page else [])
        edges = [Edge(cursor=encode_cursor(CURSOR_KIND, g.id), node=shown(EmergencyGrant, g))
                 for g in page]
        return EmergencyGrantConnection(edges=edges, page_info=PageInfo.of(
            edges, has_next_page=len(grants) > first, after=after))


# Break glass, and the lead agency's answer to it.


@input_type(models.RequestEmergencyAccessInput, "Break glass on a case the caller's agency "
            "is not involved in.")
class RequestEmergencyAccessInput:
    offender_id: strawberry.ID


@input_type(models.ReviewEmergencyAccessInput, "A finding on an emergency grant.")
class ReviewEmergencyAccessInput:
    id: strawberry.ID


@strawberry.type
class EmergencyMutation:
    @strawberry.mutation(description=write_description(
        Write.REQUEST_EMERGENCY_ACCESS, "Break glass: four hours' access to a case your agency "
        "is not involved in, with a justification; capped per officer (active grants, grants "
        "in 24 hours). The lead agency is alerted, and reviews it."))
    async def request_emergency_access(
        self, info: Info[Context, None],
        input: Annotated[RequestEmergencyAccessInput, strawberry.argument(
            description="The case and why.")],
    ) -> EmergencyGrant | None:
        request = partial(writes.request_emergency_access,
                          limits=writes.EmergencyLimits.from_settings(info.context.settings))
        made = await write_made(info, request, input, action=COLLECTION, classes=[],
                                subjects=lambda r: [r.offender_id, r.id])
        return shown(EmergencyGrant, made)

    @strawberry.mutation(description=write_description(
        Write.REVOKE_EMERGENCY_ACCESS, "Revoke an emergency grant: access ends at once."))
    async def revoke_emergency_access(
        self, info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="The grant's id.")],
    ) -> EmergencyGrant | None:
        made = await write_made(info, writes.revoke_emergency_access,
                                Arguments(models.GrantReference, {"id": id}),
                                action=ALTERATION, classes=[],
                                subjects=lambda r: [r.offender_id, r.id])
        return shown(EmergencyGrant, made)

    @strawberry.mutation(description=write_description(
        Write.REVIEW_EMERGENCY_ACCESS, "Review an emergency grant: JUSTIFIED or UNJUSTIFIED "
        "(with a note), once, never by its holder. UNJUSTIFIED revokes the grant if it is still "
        "active; the audit event's outcome is the finding."))
    async def review_emergency_access(
        self, info: Info[Context, None],
        input: Annotated[ReviewEmergencyAccessInput, strawberry.argument(
            description="The grant and the finding.")],
    ) -> EmergencyGrant | None:
        made = await write_made(
            info, writes.review_emergency_access, input, action=ALTERATION, classes=[],
            subjects=lambda r: [r.offender_id, r.id, r.user_id],
            outcome=lambda r: str(r.review_outcome))
        return shown(EmergencyGrant, made)
