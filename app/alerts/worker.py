"""The alert worker: drains the durable evaluation queue (inside `mappa serve`, or alone as
`mappa worker`), and the sweep that evaluates every offender (`mappa alerts sweep`).

Any number of workers may run at once, in any number of processes: a claim is a lease (a worker
that dies leaves its requests to the next one after `worker_lease_s`), and raising is keyed and
serialised in Neo4j, so two workers evaluating one offender never raise an alert twice.
"""

import asyncio
import logging
import os
import socket
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace

from app.alerts import queue
from app.alerts.evaluator import Outcome, evaluate
from app.alerts.rules import Limits
from app.core.errors import DomainError
from app.platform.neo4j.driver import Graph
from app.settings import Settings

log = logging.getLogger(__name__)


def claimant(kind: str) -> str:
    """A name for the leases one evaluator takes, unique across processes and hosts."""
    return f"{kind}:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class AlertWorker:
    """Evaluates what writes enqueued; a write in this process wakes it at once, another
    process's writes are found within `worker_poll_s`."""

    def __init__(
        self, graph: Graph, settings: Settings,
        announce: Callable[[int], None] = lambda _newest: None,
    ) -> None:
        self.graph = graph
        self.limits = Limits.from_settings(settings)
        self.batch = settings.worker_batch
        self.lease_s = settings.worker_lease_s
        self.poll_s = settings.worker_poll_s
        self.announce = announce  # told the newest sequence after alerts are raised
        self.name = claimant("worker")
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def drain_once(self) -> int:
        """Claim one batch of requests and evaluate it; return how many there were."""
        requests = await self.graph.write(queue.claim_requests, self.name, self.batch,
                                          self.lease_s)
        if requests:
            outcome = await evaluate(self.graph, [r.offender_id for r in requests],
                                     self.limits, requests)
            self._announce(outcome)
        return len(requests)

    async def drain(self) -> int:
        """Evaluate until the queue is empty (of requests no other worker holds)."""
        total = 0
        while count := await self.drain_once():
            total += count
        return total

    def _announce(self, outcome: Outcome) -> None:
        if outcome.raised:
            self.announce(outcome.raised[-1].sequence)

    async def run(self) -> None:
        """Drain forever; a failure (Neo4j away) is logged and retried after a pause."""
        while True:
            self._wake.clear()  # a wake that arrives while draining is kept for the next round
            try:
                await self.drain()
            except (DomainError, OSError) as error:
                log.warning("alert worker: %s; retrying in %.1f s", error, self.poll_s)
            # asyncio.timeout, not wait_for: Python 3.11's wait_for drops a cancellation that
            # arrives with a wake (a write just before shutdown), and the process never stops.
            with suppress(TimeoutError):
                async with asyncio.timeout(self.poll_s):
                    await self._wake.wait()


@dataclass(frozen=True)
class SweepResult:
    offenders: int
    raised: int
    resolved: int
    # Where the batches' time went, summed over them (batches overlap, so the sum exceeds the
    # sweep's): `list` (the pages of ids), `claim`, and the evaluations' (Outcome.seconds).
    seconds: dict[str, float] = field(default_factory=dict)


async def sweep(
    graph: Graph, settings: Settings, progress: Callable[[SweepResult], None] = lambda _: None,
) -> SweepResult:
    """Every rule over every offender, in batches of `sweep_batch` (`sweep_concurrency` at
    once): the alerts incremental evaluation would have given (the same evaluator, over the whole
    graph). Each batch is claimed as a worker claims requests, so that a write made while it is
    evaluated is evaluated again afterwards (its findings may predate the write), and an
    offender a worker holds is left to that worker."""
    limits = Limits.from_settings(settings)
    name = claimant("sweep")
    done = SweepResult(0, 0, 0)
    slots = asyncio.Semaphore(settings.sweep_concurrency)

    seconds: dict[str, float] = defaultdict(float)

    async def evaluate_batch(ids: list[str]) -> None:
        nonlocal done
        try:
            started = time.perf_counter()
            requests = await graph.write(queue.claim_offenders, ids, name,
                                         settings.worker_lease_s)
            seconds["claim"] += time.perf_counter() - started
            outcome = await evaluate(graph, [r.offender_id for r in requests], limits,
                                     requests) if requests else Outcome([], [])
        finally:
            slots.release()
        for phase, spent in outcome.seconds.items():
            seconds[phase] += spent
        done = SweepResult(done.offenders + len(ids), done.raised + len(outcome.raised),
                           done.resolved + len(outcome.resolved), dict(seconds))
        progress(done)

    async with asyncio.TaskGroup() as batches:
        after = ""
        while True:
            started = time.perf_counter()
            ids = await graph.read(queue.list_offender_ids, after, settings.sweep_batch)
            seconds["list"] += time.perf_counter() - started
            if not ids:
                break
            await slots.acquire()  # released when the batch is evaluated
            batches.create_task(evaluate_batch(ids))
            after = ids[-1]
    return replace(done, seconds=dict(seconds))
