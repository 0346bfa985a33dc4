"""The tamper-evident audit trail: a hash chain of events, appended by group commit.

Each event's hash covers its own fields and the previous event's hash, so altering or deleting an
event breaks the chain from there on. Appends from one process are batched: a request waits until
the transaction holding its event has committed, and one transaction carries every event that
arrived meanwhile. The chain head in Neo4j serialises appends across processes.
"""

import asyncio
import hashlib
import json
import time
from contextlib import suppress
from weakref import WeakKeyDictionary

from neo4j import AsyncManagedTransaction

from app.audit import repository
from app.audit.models import AuditEntry, AuditEvent, ChainStatus
from app.observability.metrics import AUDIT_APPEND_FAILURES, AUDIT_APPEND_SECONDS
from app.platform.neo4j.driver import Graph

MAX_BATCH = 500
VERIFY_PAGE = 5_000


def event_hash(entry: AuditEntry, sequence: int, prev_hash: str) -> str:
    """SHA-256 over the canonical JSON of the entry, its sequence and the previous hash."""
    fields = entry.canonical(sequence, prev_hash)
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def chain(entries: list[AuditEntry], sequence: int, prev_hash: str) -> list[AuditEvent]:
    """Place entries on the chain after (sequence, prev_hash)."""
    events = []
    for entry in entries:
        sequence += 1
        digest = event_hash(entry, sequence, prev_hash)
        events.append(AuditEvent(
            **entry.model_dump(), sequence=sequence, prev_hash=prev_hash, hash=digest
        ))
        prev_hash = digest
    return events


# Where this process last saw the chain end. An append assumes the chain still ends there, which
# holds while no other process appends, and so takes one query; the head's lock checks it.
_last_head: tuple[int, str] = (0, "")
# This process's latest append, per event loop: the next one waits for its answer (not its
# commit), so that it starts from the end that one made. Sent at once instead, it would wait on
# the head's lock, find the chain moved on, and append again: one round trip more while holding
# the lock, for nearly every write under concurrent writes. It waits TURN_WAIT_S at most, so that
# an append stalled on a dead connection holds up no other: they go on as before, from the end
# last seen.
_latest: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Future[None]] = WeakKeyDictionary()
TURN_WAIT_S = 1.0


async def append(tx: AsyncManagedTransaction, entries: list[AuditEntry]) -> None:
    """Chain `entries` after the chain's end, in `tx`: the one append of the chain, for
    AuditLog's batches and for a write's own event (app/platform/uow.py). A second try, when the
    head had moved, cannot miss: the first left the head locked by this transaction."""
    global _last_head  # noqa: PLW0603
    loop = asyncio.get_running_loop()
    previous, answered = _latest.get(loop), loop.create_future()
    _latest[loop] = answered
    try:
        if previous is not None and not previous.done():
            await asyncio.wait((previous,), timeout=TURN_WAIT_S)  # never cancels `previous`
        head = _last_head
        for _ in range(2):
            appended, head = await repository.append_events(tx, head, chain(entries, *head))
            if appended:
                _last_head = head
                return
        raise AssertionError("the audit head moved while this transaction held its lock")
    finally:
        answered.set_result(None)


class AuditLog:
    """One per process: `record` returns once the entry is durable in Neo4j."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._pending: asyncio.Queue[tuple[AuditEntry, asyncio.Future[None]]] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None

    async def record(self, entry: AuditEntry) -> None:
        """Wait until the entry is committed; raise (e.g. Unavailable) if it could not be."""
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_batches(), name="audit-writer")
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        started = time.perf_counter()
        await self._pending.put((entry, done))
        try:
            await done
        except Exception:
            AUDIT_APPEND_FAILURES.inc()
            raise
        AUDIT_APPEND_SECONDS.observe(time.perf_counter() - started)

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            with suppress(asyncio.CancelledError):
                await self._writer

    async def _write_batches(self) -> None:
        while True:
            batch = [await self._pending.get()]
            while not self._pending.empty() and len(batch) < MAX_BATCH:
                batch.append(self._pending.get_nowait())
            try:
                await self.graph.write(append, [entry for entry, _ in batch])
            except Exception as error:
                for _, done in batch:
                    if not done.done():
                        done.set_exception(error)
            else:
                for _, done in batch:
                    if not done.done():
                        done.set_result(None)


async def verify_chain(graph: Graph) -> ChainStatus:
    """Recompute the chain from the first event; name the first altered or missing one."""
    head_sequence, head_hash = await graph.read(repository.read_head)
    expected_sequence, prev_hash, length = 0, "", 0
    while True:
        page = await graph.read(repository.list_chain, expected_sequence, VERIFY_PAGE)
        for event in page:
            expected_sequence += 1
            if event.sequence != expected_sequence:
                return ChainStatus(
                    ok=False, length=length, first_broken_id=event.id,
                    detail=f"event {expected_sequence} is missing before this one",
                )
            recomputed = event_hash(event, event.sequence, prev_hash)
            if event.prev_hash != prev_hash or recomputed != event.hash:
                return ChainStatus(
                    ok=False, length=length, first_broken_id=event.id,
                    detail=f"event {event.sequence} was altered",
                )
            prev_hash, length = event.hash, length + 1
        if len(page) < VERIFY_PAGE:
            break
    if (length, prev_hash) != (head_sequence, head_hash):
        return ChainStatus(
            ok=False, length=length,
            detail=f"the chain ends at event {length} but its head records event {head_sequence}:"
            " the last events are missing",
        )
    return ChainStatus(ok=True, length=length)
