"""Emergency access (break glass, PRODUCT.md section 4) as the schema shows it: the grant, with
its review, and the list of a case's grants for those who review them (the lead agency's
officers and the case's MAPPA coordinators)."""

from datetime import datetime

import strawberry
from strawberry.types import Info

from app.api.graphql.context import Context
from app.api.graphql.pagination import Edge, PageInfo, check_first, decode_cursor, encode_cursor
from app.domain.enums import EmergencyReviewOutcome, FieldClass, Purpose, Role
from app.domain.writes import EmergencyGrant as GrantRecord
from app.services import writes

strawberry.enum(EmergencyReviewOutcome)
CURSOR_KIND = "grant"


@strawberry.type(description="The lead agency's or a MAPPA coordinator's finding on a grant; it "
                             "stands once recorded.")
class EmergencyAccessReview:
    outcome: EmergencyReviewOutcome
    note: str | None
    reviewed_by: str
    reviewed_at: datetime


@strawberry.type(description="An emergency access grant: who took it (userId, agencyId, roles), "
                             "why (justification, and the purpose of use of the request), from "
                             "grantedAt until expiresAt, its revocation and its review.")
class EmergencyGrant:
    id: strawberry.ID
    offender_id: strawberry.ID
    user_id: str
    agency_id: strawberry.ID
    roles: list[Role]
    purpose: Purpose | None = strawberry.field(
        description="The request's X-Purpose-Of-Use (null for grants taken before it was kept).")
    justification: str
    granted_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    revoked_by: str | None
    review: EmergencyAccessReview | None


def grant_of(grant: GrantRecord) -> EmergencyGrant:
    review = None
    if grant.review_outcome is not None and grant.reviewed_by and grant.reviewed_at:
        review = EmergencyAccessReview(outcome=grant.review_outcome, note=grant.review_note,
                                       reviewed_by=grant.reviewed_by,
                                       reviewed_at=grant.reviewed_at)
    return EmergencyGrant(
        id=strawberry.ID(grant.id), offender_id=strawberry.ID(grant.offender_id),
        user_id=grant.user_id, agency_id=strawberry.ID(grant.agency_id), roles=list(grant.roles),
        purpose=grant.purpose, justification=grant.justification, granted_at=grant.granted_at,
        expires_at=grant.expires_at, revoked_at=grant.revoked_at, revoked_by=grant.revoked_by,
        review=review,
    )


@strawberry.type
class EmergencyGrantConnection:
    edges: list[Edge[EmergencyGrant]]
    page_info: PageInfo


@strawberry.type
class EmergencyQuery:
    @strawberry.field(description="Every emergency grant on a case, newest first, revoked, "
                                  "expired and reviewed ones included: for the lead agency's "
                                  "officers and the case's MAPPA coordinators (FORBIDDEN to "
                                  "others who see the case).")
    async def emergency_grants(
        self, info: Info[Context, None], offender_id: strawberry.ID, first: int = 20,
        after: str | None = None,
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
        edges = [Edge(cursor=encode_cursor(CURSOR_KIND, g.id), node=grant_of(g)) for g in page]
        return EmergencyGrantConnection(edges=edges, page_info=PageInfo(
            has_next_page=len(grants) > first, end_cursor=edges[-1].cursor if edges else None))
