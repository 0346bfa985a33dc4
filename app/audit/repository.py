"""The audit chain in Neo4j: append under the head's lock, page through it, filter it."""

from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from app.audit.models import AuditEvent, canonical_instant
from app.core.enums import AuditAction
from app.platform.neo4j.driver import run
from app.platform.neo4j.registry import Query

APPEND_EVENTS = Query("audit/append_events")
READ_HEAD = Query("audit/read_head")
LIST_CHAIN = Query("audit/list_chain")
FIND_EVENTS = Query("audit/find_events")


def _to_row(event: AuditEvent) -> dict[str, Any]:
    return {**event.canonical(event.sequence, event.prev_hash), "hash": event.hash}


def _from_row(row: dict[str, Any]) -> AuditEvent:
    return AuditEvent(
        id=row["id"], sequence=row["sequence"], at=datetime.fromisoformat(row["at"]),
        user_id=row.get("userId"), agency_id=row.get("agencyId"),
        roles=tuple(row.get("roles") or ()), purpose=row.get("purpose"),
        justification=row.get("justification"), action=AuditAction(row["action"]),
        operation=row["operation"], subject_ids=tuple(row.get("subjectIds") or ()),
        field_classes=tuple(row.get("fieldClasses") or ()), outcome=row["outcome"],
        prev_hash=row["prevHash"], hash=row["hash"],
    )


async def append_events(
    tx: AsyncManagedTransaction, after: tuple[int, str], events: list[AuditEvent]
) -> tuple[bool, tuple[int, str]]:
    """Append `events` if the chain still ends at `after`; whether they were, and where the
    chain ends now (its head stays locked until the transaction ends)."""
    row = (await run(
        tx, APPEND_EVENTS, afterSequence=after[0], afterHash=after[1],
        events=[_to_row(e) for e in events], sequence=events[-1].sequence, hash=events[-1].hash,
    ))[0]
    return bool(row["appended"]), (int(row["sequence"]), str(row["hash"]))


async def read_head(tx: AsyncManagedTransaction) -> tuple[int, str]:
    rows = await run(tx, READ_HEAD)
    return (int(rows[0]["sequence"]), str(rows[0]["hash"])) if rows else (0, "")


async def list_chain(
    tx: AsyncManagedTransaction, after_sequence: int, limit: int
) -> list[AuditEvent]:
    rows = await run(tx, LIST_CHAIN, afterSequence=after_sequence, limit=limit)
    return [_from_row(r["event"]) for r in rows]


async def find_events(
    tx: AsyncManagedTransaction, *, subject_id: str | None, user_id: str | None,
    action: AuditAction | None, outcome: str | None, from_: datetime | None,
    to: datetime | None, before_sequence: int, limit: int,
) -> list[AuditEvent]:
    rows = await run(
        tx, FIND_EVENTS, subjectId=subject_id, userId=user_id,
        action=action.value if action else None, outcome=outcome,
        **{"from": canonical_instant(from_) if from_ else None},
        to=canonical_instant(to) if to else None,
        beforeSequence=before_sequence, limit=limit,
    )
    return [_from_row(r["event"]) for r in rows]

