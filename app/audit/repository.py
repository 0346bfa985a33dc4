"""The audit log in Neo4j: events added without a lock, the tree's tiles and checkpoints, the
sequencer's lease and integration, and the auditor's filter."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from app.audit.models import AuditEntry, AuditEvent, canonical_instant
from app.core.enums import AuditAction
from app.platform.neo4j.driver import Tx, run
from app.platform.neo4j.registry import Query

ADD_EVENTS = Query("audit/add_events")
TAKE_LEASE = Query("audit/take_lease")
LOCK_TREE = Query("audit/lock_tree")
PENDING = Query("audit/pending")
ANY_PENDING = Query("audit/any_pending")
COUNT_PENDING = Query("audit/count_pending")
READ_TILES = Query("audit/read_tiles")
INTEGRATE = Query("audit/integrate")
LATEST_CHECKPOINT = Query("audit/latest_checkpoint")
LIST_CHECKPOINTS = Query("audit/list_checkpoints")
FIND_CHECKPOINT = Query("audit/find_checkpoint")
NEWEST_CHECKPOINT = Query("audit/newest_checkpoint")
FIND_EVENT = Query("audit/find_event")
LIST_CHAIN = Query("audit/list_chain")
FIND_EVENTS = Query("audit/find_events")

TileKey = tuple[int, int]


def _from_row(row: dict[str, Any]) -> AuditEvent | AuditEntry:
    """An event in the log, or an entry still pending (no sequence yet)."""
    fields = {
        "id": row["id"], "at": datetime.fromisoformat(row["at"]),
        "user_id": row.get("userId"), "agency_id": row.get("agencyId"),
        "roles": tuple(row.get("roles") or ()), "purpose": row.get("purpose"),
        "justification": row.get("justification"), "action": AuditAction(row["action"]),
        "operation": row["operation"], "subject_ids": tuple(row.get("subjectIds") or ()),
        "field_classes": tuple(row.get("fieldClasses") or ()), "outcome": row["outcome"],
    }
    if row.get("sequence") is None:
        return AuditEntry(**fields)
    return AuditEvent(**fields, sequence=row["sequence"])


def _events(rows: Iterable[dict[str, Any]]) -> list[AuditEvent]:
    return [e for e in (_from_row(r["event"]) for r in rows) if isinstance(e, AuditEvent)]


def tile_id(key: TileKey) -> str:
    return f"{key[0]}/{key[1]}"


async def add_events(tx: Tx, entries: Sequence[AuditEntry]) -> None:
    """Add `entries` to the log, pending (in `tx`, a write's own or a read's audit batch)."""
    rows = []
    for entry in entries:
        row = entry.canonical(0)
        del row["sequence"]
        rows.append(row)
    await run(tx, ADD_EVENTS, events=rows)


async def take_lease(tx: AsyncManagedTransaction, holder: str, lease_s: float) -> bool:
    rows = await run(tx, TAKE_LEASE, holder=holder, leaseMs=int(lease_s * 1000))
    return bool(rows[0]["held"])


async def lock_tree(tx: AsyncManagedTransaction, holder: str) -> tuple[int, bool] | None:
    """The tree's size, and whether a checkpoint signs it yet, locked for this transaction;
    None when `holder` has lost the lease."""
    rows = await run(tx, LOCK_TREE, holder=holder)
    return (int(rows[0]["size"]), bool(rows[0]["signed"])) if rows else None


async def pending(tx: AsyncManagedTransaction, limit: int) -> list[AuditEntry]:
    rows = await run(tx, PENDING, limit=limit)
    return [_from_row(r["event"]) for r in rows]


async def any_pending(tx: Tx, before: datetime | None = None) -> bool:
    """Whether an event made at or before `before` (any, when None) waits to enter the log."""
    at = canonical_instant(before) if before else None
    return bool((await run(tx, ANY_PENDING, before=at))[0]["pending"])


async def count_pending(tx: Tx) -> int:
    return int((await run(tx, COUNT_PENDING))[0]["pending"])


async def read_tiles(tx: Tx, keys: Iterable[TileKey]) -> dict[TileKey, bytes]:
    wanted = {tile_id(key): key for key in keys}
    rows = await run(tx, READ_TILES, ids=sorted(wanted))
    return {wanted[r["id"]]: bytes(r["hashes"]) for r in rows}


@dataclass(frozen=True)
class Integration:
    """The tree after an integration: its size and root, their signed checkpoint, and when."""

    size: int
    root: bytes
    note: str
    at: datetime


async def integrate(
    tx: AsyncManagedTransaction, numbered: Sequence[tuple[str, int]],
    tiles: dict[TileKey, bytes], tree: Integration,
) -> None:
    """Number the events (id, sequence), write the tiles and the tree's new size, root and
    checkpoint: the integration's one write, under the tree's lock."""
    await run(
        tx, INTEGRATE, numbered=[{"id": i, "sequence": s} for i, s in numbered],
        tiles=[{"id": tile_id(k), "level": k[0], "index": k[1], "hashes": v}
               for k, v in tiles.items()],
        size=tree.size, root=tree.root, note=tree.note, at=canonical_instant(tree.at),
    )


async def latest_checkpoint(tx: Tx) -> tuple[int, str] | None:
    """The tree's size and its latest signed checkpoint; None before the first integration."""
    rows = await run(tx, LATEST_CHECKPOINT)
    return (int(rows[0]["size"]), str(rows[0]["note"])) if rows else None


async def list_checkpoints(
    tx: AsyncManagedTransaction, after_size: int, limit: int
) -> list[tuple[int, str]]:
    rows = await run(tx, LIST_CHECKPOINTS, afterSize=after_size, limit=limit)
    return [(int(r["size"]), str(r["note"])) for r in rows]


async def find_checkpoint(tx: Tx, size: int) -> str | None:
    rows = await run(tx, FIND_CHECKPOINT, size=size)
    return str(rows[0]["note"]) if rows else None


async def newest_checkpoint(tx: Tx) -> int:
    """The size of the newest checkpoint signed (0: none)."""
    return int((await run(tx, NEWEST_CHECKPOINT))[0]["size"])


async def find_event(tx: Tx, event_id: str) -> AuditEvent | AuditEntry | None:
    rows = await run(tx, FIND_EVENT, id=event_id)
    return _from_row(rows[0]["event"]) if rows else None


async def list_chain(
    tx: AsyncManagedTransaction, after_sequence: int, limit: int
) -> list[AuditEvent]:
    """One page of the log's events in sequence order."""
    rows = await run(tx, LIST_CHAIN, afterSequence=after_sequence, limit=limit)
    return _events(rows)


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
    return _events(rows)
