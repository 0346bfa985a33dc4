"""What a process runs on, wired in one visible place: the graph, the audit log, the alert bus, the
alert worker and webhook deliveries, and what a committed write tells them.

The API (`mappa serve`, app/main.py) follows the alert head for its subscriptions and, unless
MAPPA_RUN_WORKER is false, evaluates and delivers itself; `mappa worker` evaluates and delivers
only; the CLI's other writes (an operator's bootstrap) run none of them. Every write's unit of
work (app/platform/uow.py) reports to `Runtime.after_commit`: the offenders it enqueued wake this
process's worker at once (another process's is found within MAPPA_WORKER_POLL_S), and the alerts
it raised reach this process's subscriptions and deliveries.
"""

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager, suppress
from typing import Any

from app.alerts.bus import AlertBus
from app.alerts.queue import enqueue_offenders
from app.alerts.worker import AlertWorker
from app.audit.sequencer import Sequencer
from app.audit.trail import AuditLog, append
from app.platform.neo4j.driver import Graph, open_graph
from app.platform.uow import Committed, UnitOfWork
from app.settings import Settings
from app.webhooks.delivery import DeliveryWorker


class Background:
    """Long-running tasks of a process (worker, bus, deliveries), cancelled together on exit."""

    def __init__(self) -> None:
        self.tasks: list[asyncio.Task[None]] = []

    def start(self, work: Coroutine[Any, Any, None], name: str) -> None:
        self.tasks.append(asyncio.create_task(work, name=name))

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with suppress(asyncio.CancelledError):
                await task


class Runtime:
    """One process's graph, audit log and background tasks. `worker`, `deliveries` and the
    audit log's `sequencer` are None where another process evaluates the queue."""

    def __init__(
        self, graph: Graph, settings: Settings, tasks: Background, *, evaluates: bool
    ) -> None:
        self.graph = graph
        self.settings = settings
        self.tasks = tasks
        self.audit = AuditLog(graph)
        self.bus = AlertBus(graph, settings.worker_poll_s)
        self.deliveries = DeliveryWorker(graph, settings, self.audit) if evaluates else None
        self.worker = AlertWorker(graph, settings, self.alerts_raised) if evaluates else None
        self.sequencer = Sequencer(graph, settings) if evaluates else None

    def unit_of_work(self, entry_for: Callable[[Any], object]) -> UnitOfWork:
        """A write, audited by `entry_for` (an AuditEntry of what it made) on the chain, its
        offenders enqueued for evaluation, reporting to this process once committed."""
        return UnitOfWork(self.graph, entry_for, append=append, enqueue=enqueue_offenders,
                          after_commit=self.after_commit)

    def after_commit(self, committed: Committed) -> None:
        if committed.offender_ids and self.worker is not None:
            self.worker.wake()
        if committed.newest_alert:
            self.alerts_raised(committed.newest_alert)

    def alerts_raised(self, newest: int) -> None:
        """Alerts up to `newest` exist: subscriptions and deliveries of this process look now."""
        self.bus.publish(newest)
        if self.deliveries is not None:
            self.deliveries.wake()

    async def wait(self) -> None:
        """Until the background tasks end (they run until cancelled, or fail)."""
        await asyncio.gather(*self.tasks.tasks)


@asynccontextmanager
async def running(
    graph: Graph, settings: Settings, *, follows_alerts: bool = False, evaluates: bool = False
) -> AsyncIterator[Runtime]:
    """The runtime on `graph`, its tasks started: `follows_alerts`, the bus polls the alert head
    (for subscriptions); `evaluates`, the alert worker, webhook deliveries and the audit log's
    sequencer run here. Tasks are
    cancelled, and the audit log's writer stopped, on exit."""
    tasks = Background()
    runtime = Runtime(graph, settings, tasks, evaluates=evaluates)
    try:
        if follows_alerts:
            tasks.start(runtime.bus.poll(), "alert-bus")
        if runtime.deliveries is not None:
            tasks.start(runtime.deliveries.run(), "webhook-delivery")
        if runtime.worker is not None:
            tasks.start(runtime.worker.run(), "alert-worker")
        if runtime.sequencer is not None:
            tasks.start(runtime.sequencer.run(), "audit-sequencer")
        yield runtime
    finally:
        await tasks.stop()
        await runtime.audit.close()


@asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[Runtime]:
    """The API's runtime: the process's one driver opened, subscriptions followed, and the queue
    evaluated here unless `run_worker` is false."""
    async with (open_graph(settings) as graph,
                running(graph, settings, follows_alerts=True,
                        evaluates=settings.run_worker) as runtime):
        yield runtime
