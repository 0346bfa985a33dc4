"""The audit trail for AUDITOR principals: who consulted what, whether the log is intact, and the
proofs that an event is in it and that it only grew."""

import base64
from datetime import UTC, datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from app.audit import merkle, proofs, repository
from app.audit import models as domain
from app.audit.repository import find_events
from app.audit.sequencer import taken_in
from app.audit.signing import verifier_key
from app.audit.verify import verify_log
from app.core.enums import AuditAction, FieldClass, Purpose, Role
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
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
    sequence: int = strawberry.field(description="Its place in the log: gap-free and "
                                     "increasing (leaf `sequence - 1` of the Merkle tree).")
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
    hash: str = strawberry.field(description="Its leaf hash in the log's Merkle tree (RFC 9162: "
                                 "SHA-256 over 0x00 and the event's canonical JSON), in hex: "
                                 "`verifyAuditChain` recomputes it, `auditProof` proves it is "
                                 "in the tree.")

    @classmethod
    def of(cls, event: domain.AuditEvent) -> "AuditEvent":
        return cls(
            id=strawberry.ID(event.id), sequence=event.sequence, at=event.at,
            user_id=event.user_id, agency_id=event.agency_id, roles=list(event.roles),
            purpose=Purpose(event.purpose) if event.purpose else None,
            justification=event.justification, action=event.action, operation=event.operation,
            subject_ids=list(event.subject_ids),
            field_classes=[FieldClass(c) for c in event.field_classes],
            outcome=event.outcome,
            hash=merkle.leaf_hash(event.leaf(event.sequence)).hex(),
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
    description="Whether the audit log is intact: every event recomputed into its Merkle tree "
    "and checked against every signed checkpoint Neo4j holds.")
class AuditChainStatus:
    first_broken_id: strawberry.ID | None


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


@strawberry.type(description="That one event is in the audit log (RFC 9162 inclusion proof): "
                 "hash `leafHash` with `hashes` in order up to the root, and compare it with "
                 "the root of `checkpoint` (C2SP tlog-checkpoint, signed by the log's key).")
class AuditInclusionProof:
    event_id: strawberry.ID = strawberry.field(description="The event proved.")
    leaf_index: int = strawberry.field(description="Its leaf's index (its sequence less one).")
    tree_size: int = strawberry.field(description="The size of the tree it is proved in.")
    leaf_hash: str = strawberry.field(description="Its leaf hash, in base64.")
    hashes: list[str] = strawberry.field(description="The proof's hashes, in base64.")
    checkpoint: str = strawberry.field(description="The signed checkpoint of that tree.")


@strawberry.type(description="That the audit log of `toSize` events extends the log of "
                 "`fromSize` events unchanged (RFC 9162 consistency proof): whoever holds a "
                 "checkpoint of `fromSize` checks it against `checkpoint`.")
class AuditConsistencyProof:
    from_size: int = strawberry.field(description="The older size.")
    to_size: int = strawberry.field(description="The newer size.")
    hashes: list[str] = strawberry.field(description="The proof's hashes, in base64.")
    checkpoint: str = strawberry.field(description="The signed checkpoint of `toSize`.")


async def signed_at(info: Info[Context, None], size: int | None) -> tuple[int, str]:
    """The size asked for (the latest when none) and its signed checkpoint."""
    graph = info.context.graph
    latest = await graph.read_one(repository.latest_checkpoint)
    if latest is None:
        raise Conflict("the audit log has no signed checkpoint yet: ask again in a moment")
    if size is None:
        return latest
    note = await graph.read_one(repository.find_checkpoint, size)
    if note is None:
        raise Invalid(f"treeSize: no checkpoint was signed at size {size}; give the size of a "
                      f"checkpoint you hold, or none for the latest ({latest[0]})")
    return size, note


async def require_auditor(info: Info[Context, None]) -> None:
    """An AUDITOR only; and the events made before the question in the tree (waiting a few
    merge delays at most), so that an auditor finds an operation's event as soon as it has
    answered."""
    if Role.AUDITOR not in info.context.require_principal().roles:
        raise Forbidden("only AUDITOR principals may read the audit trail")
    settings = info.context.settings
    await taken_in(info.context.graph, datetime.now(UTC),
                   within_s=max(2.0, 4 * settings.audit_merge_delay_s))


@strawberry.type
class AuditQuery:
    @strawberry.field(description="Audit events, newest first (AUDITOR only): every event "
                      "made before the question, once in the log (the answer waits for that, a "
                      "few MAPPA_AUDIT_MERGE_DELAY_S at most).")
    async def audit_trail(
        self, info: Info[Context, None],
        filter: Annotated[AuditFilter | None, strawberry.argument(
            description="Only the events that match; omit it for all.")] = None,
        first: First = 20, after: After = None,
    ) -> AuditConnection:
        await require_auditor(info)
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

    @strawberry.field(description="Recompute the audit log's Merkle tree from its events and "
                      "check it against every signed checkpoint Neo4j holds, naming the first "
                      "altered or missing event (AUDITOR only). A log rewritten together with "
                      "its checkpoints is caught only against a checkpoint kept outside Neo4j: "
                      "`mappa audit verify --checkpoint FILE`.")
    async def verify_audit_chain(self, info: Info[Context, None]) -> AuditChainStatus:
        await require_auditor(info)
        status = await verify_log(info.context.graph, verifier_key(info.context.settings))
        return shown(AuditChainStatus, status)

    @strawberry.field(description="The proof that an audit event is in the log, against the "
                      "signed checkpoint of `treeSize` (AUDITOR only). NOT_FOUND for no such "
                      "event; CONFLICT while the event is not yet in the tree (it is within "
                      "seconds); VALIDATION for a size with no checkpoint or before the event.")
    async def audit_proof(
        self, info: Info[Context, None],
        event_id: Annotated[strawberry.ID, strawberry.argument(description="The event.")],
        tree_size: Annotated[int | None, strawberry.argument(
            description="The size of a signed checkpoint you hold; omit it for the latest."
        )] = None,
    ) -> AuditInclusionProof:
        await require_auditor(info)
        event = await info.context.graph.read_one(repository.find_event, str(event_id))
        if event is None:
            raise NotFound("no audit event has this id")
        if not isinstance(event, domain.AuditEvent):
            raise Conflict("this audit event is not in the log's tree yet: ask again in a "
                           "moment")
        size, note = await signed_at(info, tree_size)
        if event.sequence > size:
            raise Invalid(f"treeSize: event {event.sequence} is not in the log of {size} "
                          "events; give a later size")
        index = event.sequence - 1
        return AuditInclusionProof(
            event_id=strawberry.ID(event.id), leaf_index=index, tree_size=size,
            leaf_hash=_b64(merkle.leaf_hash(event.leaf(event.sequence))),
            hashes=[_b64(h) for h in await proofs.inclusion(info.context.graph, index, size)],
            checkpoint=note)

    @strawberry.field(description="The proof that the log of `toSize` events extends the log "
                      "of `fromSize` events unchanged (AUDITOR only); VALIDATION when "
                      "`fromSize` is not between 1 and `toSize`, or `toSize` has no checkpoint.")
    async def audit_consistency(
        self, info: Info[Context, None],
        from_size: Annotated[int, strawberry.argument(
            description="The size of the older checkpoint you hold.")],
        to_size: Annotated[int | None, strawberry.argument(
            description="The size of a newer signed checkpoint; omit it for the latest.")] = None,
    ) -> AuditConsistencyProof:
        await require_auditor(info)
        size, note = await signed_at(info, to_size)
        if not 0 < from_size <= size:
            raise Invalid(f"fromSize: must be between 1 and {size}")
        hashes = await proofs.consistency(info.context.graph, from_size, size)
        return AuditConsistencyProof(from_size=from_size, to_size=size,
                                     hashes=[_b64(h) for h in hashes], checkpoint=note)
