"""The audit trail for AUDITOR principals: who consulted what, and whether the chain is intact."""

from datetime import datetime

import strawberry
from strawberry.types import Info

from app.api.graphql.context import Context
from app.api.graphql.pagination import Edge, PageInfo, check_first, decode_cursor, encode_cursor
from app.audit.trail import verify_chain
from app.domain import audit as domain
from app.domain.enums import AuditAction, FieldClass, Purpose, Role
from app.domain.errors import Forbidden
from app.repositories.audit import find_events

strawberry.enum(AuditAction)
CURSOR_KIND = "audit"


@strawberry.type
class AuditEvent:
    id: strawberry.ID
    sequence: int
    at: datetime
    user_id: str | None
    agency_id: str | None
    roles: list[str]
    purpose: Purpose | None
    justification: str | None
    action: AuditAction
    operation: str
    subject_ids: list[str]
    field_classes: list[FieldClass]
    outcome: str
    hash: str

    @classmethod
    def of(cls, event: domain.AuditEvent) -> "AuditEvent":
        return cls(
            id=strawberry.ID(event.id), sequence=event.sequence, at=event.at,
            user_id=event.user_id, agency_id=event.agency_id, roles=list(event.roles),
            purpose=Purpose(event.purpose) if event.purpose else None,
            justification=event.justification, action=event.action, operation=event.operation,
            subject_ids=list(event.subject_ids),
            field_classes=[FieldClass(c) for c in event.field_classes],
            outcome=event.outcome, hash=event.hash,
        )


@strawberry.type
class AuditConnection:
    edges: list[Edge[AuditEvent]]
    page_info: PageInfo


@strawberry.input
class AuditFilter:
    subject_id: strawberry.ID | None = None
    user_id: str | None = None
    action: AuditAction | None = None
    outcome: str | None = strawberry.field(
        default=None, description="OK, an error code (FORBIDDEN, ...), or what a write found "
        "(UNJUSTIFIED: an emergency grant reviewed as unjustified)")
    from_: datetime | None = strawberry.field(default=None, name="from")
    to: datetime | None = None


@strawberry.type
class AuditChainStatus:
    ok: bool
    length: int
    first_broken_id: strawberry.ID | None
    detail: str | None


def require_auditor(info: Info[Context, None]) -> None:
    if Role.AUDITOR not in info.context.require_principal().roles:
        raise Forbidden("only AUDITOR principals may read the audit trail")


@strawberry.type
class AuditQuery:
    @strawberry.field(description="Audit events, newest first (AUDITOR only).")
    async def audit_trail(
        self, info: Info[Context, None], filter: AuditFilter | None = None,
        first: int = 20, after: str | None = None,
    ) -> AuditConnection:
        require_auditor(info)
        check_first(first)
        wanted = filter or AuditFilter()
        before = int(decode_cursor(CURSOR_KIND, after)) if after else 2**62
        events = await info.context.graph.read(
            find_events, subject_id=wanted.subject_id, user_id=wanted.user_id,
            action=wanted.action, outcome=wanted.outcome, from_=wanted.from_, to=wanted.to,
            before_sequence=before, limit=first + 1,
        )
        page = events[:first]
        if wanted.subject_id:
            info.context.disclosure.record([wanted.subject_id])
        edges = [Edge(cursor=encode_cursor(CURSOR_KIND, str(e.sequence)), node=AuditEvent.of(e))
                 for e in page]
        return AuditConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(events) > first,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )

    @strawberry.field(description="Recompute the hash chain; names the first broken event.")
    async def verify_audit_chain(self, info: Info[Context, None]) -> AuditChainStatus:
        require_auditor(info)
        status = await verify_chain(info.context.graph)
        return AuditChainStatus(
            ok=status.ok, length=status.length,
            first_broken_id=strawberry.ID(status.first_broken_id) if status.first_broken_id
            else None,
            detail=status.detail,
        )
