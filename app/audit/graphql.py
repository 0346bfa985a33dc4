"""The audit trail for AUDITOR principals: who consulted what, and whether the chain is intact."""

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from app.audit import models as domain
from app.audit.repository import find_events
from app.audit.trail import verify_chain
from app.core.enums import AuditAction, FieldClass, Purpose, Role
from app.core.errors import Forbidden
from app.graphql.context import Context
from app.graphql.derived import shown
from app.graphql.descriptions import described_enum
from app.graphql.pagination import (
    After,
    Edge,
    First,
    PageInfo,
    check_first,
    decode_cursor,
    encode_cursor,
)

described_enum(AuditAction, "The kind of processing an operation was (Data Protection Act "
               "2018, section 62).", {
    AuditAction.CONSULTATION: "A read: data consulted by a query (and any operation refused).",
    AuditAction.DISCLOSURE: "Data sent out unasked: alerts on a subscription or to a webhook.",
    AuditAction.COLLECTION: "New data recorded: an offender, an address, a victim...",
    AuditAction.ALTERATION: "Recorded data changed: a level, an involvement, an alert's "
                            "status...",
    AuditAction.ERASURE: "Data erased (no operation erases data yet).",
})
CURSOR_KIND = "audit"


@strawberry.type(description="One operation in the audit trail: when, who, why, what was done, "
                 "about whom, which classes it disclosed and how it ended. It holds no value "
                 "disclosed.")
class AuditEvent:
    id: strawberry.ID = strawberry.field(description="The event's id.")
    sequence: int = strawberry.field(description="Its place in the chain: gap-free and "
                                     "increasing.")
    at: datetime = strawberry.field(description="When the operation ran.")
    user_id: str | None = strawberry.field(description="Who ran it (the token's subject); null "
                                           "when no token was verified.")
    agency_id: str | None = strawberry.field(description="The agency they acted for.")
    roles: list[str] = strawberry.field(description="Their roles.")
    purpose: Purpose | None = strawberry.field(description="The purpose of use they gave; null "
                                               "when none was given.")
    justification: str | None = strawberry.field(description="The justification they gave "
                                                 "(X-Justification), if any.")
    action: AuditAction = strawberry.field(description="What kind of processing it was.")
    operation: str = strawberry.field(description="The operation, e.g. \"query offender\" or "
                                      "\"mutation recordAddress\".")
    subject_ids: list[str] = strawberry.field(description="Every person, address and zone "
                                              "whose data the answer disclosed or the write "
                                              "changed.")
    field_classes: list[FieldClass] = strawberry.field(description="The classes of what was "
                                                       "disclosed or changed.")
    outcome: str = strawberry.field(description="OK, the error code it was refused with (e.g. "
                                    "FORBIDDEN), or what a write found (e.g. UNJUSTIFIED).")
    hash: str = strawberry.field(description="The SHA-256 of this event chained to the one "
                                 "before: `verifyAuditChain` recomputes it.")

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


@strawberry.type(description="A page of audit events, newest first.")
class AuditConnection:
    edges: list[Edge[AuditEvent]] = strawberry.field(description="The events of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page stands.")


@strawberry.input(description="Narrows the audit trail; each criterion given must hold.")
class AuditFilter:
    subject_id: strawberry.ID | None = strawberry.field(
        default=None, description="Naming this person, address or zone among its subjects: "
        "who has seen or changed their data.")
    user_id: str | None = strawberry.field(default=None, description="Run by this user: what "
                                           "they have seen or changed.")
    action: AuditAction | None = strawberry.field(default=None, description="Of this kind of "
                                                  "processing.")
    outcome: str | None = strawberry.field(
        default=None, description="With this outcome: OK, an error code (FORBIDDEN, ...), or "
        "what a write found (UNJUSTIFIED: an emergency grant reviewed as unjustified).")
    from_: datetime | None = strawberry.field(default=None, name="from",
                                              description="At or after this instant.")
    to: datetime | None = strawberry.field(default=None, description="Before this instant.")


@strawberry.experimental.pydantic.type(
    model=domain.ChainStatus, all_fields=True,
    description="Whether the audit trail's hash chain is intact.")
class AuditChainStatus:
    first_broken_id: strawberry.ID | None


def require_auditor(info: Info[Context, None]) -> None:
    if Role.AUDITOR not in info.context.require_principal().roles:
        raise Forbidden("only AUDITOR principals may read the audit trail")


@strawberry.type
class AuditQuery:
    @strawberry.field(description="Audit events, newest first (AUDITOR only).")
    async def audit_trail(
        self, info: Info[Context, None],
        filter: Annotated[AuditFilter | None, strawberry.argument(
            description="Only the events that match; omit it for all.")] = None,
        first: First = 20, after: After = None,
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
            page_info=PageInfo.of(edges, has_next_page=len(events) > first, after=after),
        )

    @strawberry.field(description="Recompute the audit trail's hash chain, naming the first "
                      "altered or missing event (AUDITOR only).")
    async def verify_audit_chain(self, info: Info[Context, None]) -> AuditChainStatus:
        require_auditor(info)
        status = await verify_chain(info.context.graph)
        return shown(AuditChainStatus, status)
