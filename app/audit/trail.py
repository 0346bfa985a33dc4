"""Appending to the audit log: a request's event is durable before its response leaves.

A write's event is added in the write's own transaction (app/platform/uow.py); a read's by
`AuditLog.record`, which batches: a request waits until the transaction holding its event has
committed, and one transaction carries every event that arrived meanwhile. That transaction is
one query, auto-committed: one round trip. Events are added
pending, locking nothing shared: the sequencer (app/audit/sequencer.py) numbers them and takes
them into the Merkle tree within MAPPA_AUDIT_MERGE_DELAY_S.
"""

import asyncio
import time
from contextlib import suppress

from app.audit import repository
from app.audit.models import AuditEntry
from app.observability.metrics import AUDIT_APPEND_FAILURES, AUDIT_APPEND_SECONDS
from app.platform.neo4j.driver import Graph, Tx

MAX_BATCH = 500


async def append(tx: Tx, entries: list[AuditEntry]) -> None:
    """Add `entries` to the log in `tx`, pending until the sequencer takes them into the tree:
    the one append of the log, for AuditLog's batches and for a write's own event
    (app/platform/uow.py). It locks nothing another request's append needs."""
    await repository.add_events(tx, entries)


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
                await self.graph.write_one(append, [entry for entry, _ in batch])
            except Exception as error:
                for _, done in batch:
                    if not done.done():
                        done.set_exception(error)
            else:
                for _, done in batch:
                    if not done.done():
                        done.set_result(None)
