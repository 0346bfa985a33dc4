"""The sequencer: numbers the events requests added and takes them into the Merkle tree, in
batches, signing a checkpoint at each integration and sending it outside Neo4j.

It runs in the alert worker (`mappa serve` with MAPPA_RUN_WORKER, or `mappa worker`), one at a
time across processes: it integrates while it holds the lease on the tree (renewed every third
of MAPPA_AUDIT_LEASE_S), and another process takes the lease over once its holder stops renewing
it. The tree's lock, taken by each integration and checked against the lease, makes a second
integrator harmless should two ever overlap. Every MAPPA_AUDIT_MERGE_DELAY_S it takes in every
event waiting, MAPPA_AUDIT_BATCH at a time, in one transaction each: the chain's events from
before the tree first (its first leaves, in their order), then the pending ones by time.
"""

import asyncio
import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from neo4j import AsyncManagedTransaction

from app.audit import merkle, proofs, repository
from app.audit.checkpoint import Checkpoint, Signer, sign
from app.audit.models import AuditEntry
from app.audit.repository import Integration
from app.audit.signing import signer as configured_signer
from app.audit.sinks import Folder, Witness
from app.core.errors import Conflict, DomainError
from app.observability.metrics import (
    AUDIT_MERGE_DELAY_SECONDS,
    AUDIT_SEQUENCER_FAILURES,
    AUDIT_TREE_SIZE,
)
from app.platform.neo4j.driver import Graph
from app.settings import Settings

log = logging.getLogger(__name__)


class LogBroken(Conflict):
    """The events the tree is to take in next are not the ones it expects (a gap in the hash
    chain it adopts): nothing is integrated until someone looks (`mappa audit verify`)."""


@dataclass(frozen=True)
class Integrated:
    """One integration: the tree's new size and checkpoint, and when each event it took in was
    made (for the merge delay)."""

    size: int
    note: str
    made: tuple[datetime, ...]


async def taken_in(graph: Graph, made_by: datetime, within_s: float) -> bool:
    """Wait, `within_s` at most, until every event made by `made_by` is in the tree (a sequencer
    takes them in within MAPPA_AUDIT_MERGE_DELAY_S while one runs); whether they are."""
    deadline = time.monotonic() + within_s
    while await graph.read_one(repository.any_pending, made_by):
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(0.05)
    return True


class Sequencer:
    def __init__(self, graph: Graph, settings: Settings, signer: Signer | None = None) -> None:
        self.graph = graph
        self.signer = signer or configured_signer(settings)
        self.delay_s = settings.audit_merge_delay_s
        self.batch = settings.audit_batch
        self.lease_s = settings.audit_lease_s
        self.name = f"sequencer:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.sinks: list[Folder | Witness] = [Folder(settings.checkpoint_dir)]
        if settings.audit_witness_url:
            self.sinks.append(Witness(settings.audit_witness_url,
                                      lambda old, new: proofs.consistency(graph, old, new)))
        self._renew_at = 0.0  # monotonic: the lease is held until then at least
        self._adopted = False  # the chain's events from before the tree are all in it

    async def run(self) -> None:
        """Integrate forever; a failure (Neo4j away, the signer refusing) is logged and retried
        at the next turn."""
        while True:
            try:
                await self.integrate_all()
            except LogBroken as error:
                AUDIT_SEQUENCER_FAILURES.inc()
                log.error("audit sequencer: %s", error)
            except (DomainError, OSError) as error:
                AUDIT_SEQUENCER_FAILURES.inc()
                log.warning("audit sequencer: %s; retrying in %.2f s", error, self.delay_s)
            await asyncio.sleep(self.delay_s)

    async def integrate_all(self) -> int:
        """Take every waiting event into the tree (while this process holds the lease); how
        many were taken."""
        total = 0
        while await self._holds_lease():
            if self._adopted and not await self.graph.read_one(repository.any_pending):
                break
            done = await self.graph.write(self._integrate)
            if done is None:  # the lease was lost to another process
                self._renew_at = 0.0
                break
            await self._published(done)
            total += len(done.made)
            if len(done.made) < self.batch:
                self._adopted = True
                break
        return total

    async def _holds_lease(self) -> bool:
        if time.monotonic() < self._renew_at:
            return True
        held = await self.graph.write(repository.take_lease, self.name, self.lease_s)
        self._renew_at = time.monotonic() + self.lease_s / 3 if held else 0.0
        return held

    async def _integrate(self, tx: AsyncManagedTransaction) -> Integrated | None:
        locked = await repository.lock_tree(tx, self.name)
        if locked is None:
            return None
        size, signed_yet = locked
        if (signed := await repository.newest_checkpoint(tx)) > size:
            # Going on would sign a second, different log of a size signed before: a fork.
            raise LogBroken(f"the tree holds {size:,} events but a checkpoint of {signed:,} "
                            "was signed: the log was cut short; nothing more is signed until "
                            "`mappa audit verify` is run and the log restored")
        numbered = await repository.list_chain(tx, size, self.batch)
        for place, event in enumerate(numbered, start=size + 1):
            if event.sequence != place:
                raise LogBroken(f"the audit chain the log takes in has no event {place}: "
                                "run `mappa audit verify`")
        taken: list[AuditEntry] = list(numbered)
        if len(taken) < self.batch:
            taken += await repository.pending(tx, self.batch - len(taken))
        if not taken and signed_yet:
            return Integrated(size, "", ())
        leaves = [merkle.leaf_hash(entry.leaf(size + n)) for n, entry in enumerate(taken, 1)]
        tiles = await repository.read_tiles(tx, merkle.append_tiles(size, len(leaves)))
        changed, root = merkle.append(tiles, size, leaves)
        new_size = size + len(leaves)
        note = await sign(Checkpoint(self.signer.name, new_size, root), self.signer)
        await repository.integrate(
            tx, [(entry.id, size + n) for n, entry in enumerate(taken, 1)], changed,
            Integration(new_size, root, note, datetime.now(UTC)))
        return Integrated(new_size, note, tuple(entry.at for entry in taken))

    async def _published(self, done: Integrated) -> None:
        """After the commit: the merge delay measured, the checkpoint sent outside Neo4j, in
        order (a sink that fails is logged; the tree holds the checkpoint all the same)."""
        if not done.note:
            return
        now = datetime.now(UTC)
        for made in done.made:
            AUDIT_MERGE_DELAY_SECONDS.observe(max(0.0, (now - made).total_seconds()))
        AUDIT_TREE_SIZE.set(done.size)  # an empty tree's first checkpoint too
        for sink in self.sinks:
            try:
                await sink.publish(done.size, done.note)
            except OSError as error:
                log.error("audit checkpoint sink %s failed: %s", type(sink).__name__, error)
