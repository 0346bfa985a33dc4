"""Tells open subscriptions that new alerts exist: at once when this process's worker raised
them, within `worker_poll_s` when another process did (the alert head in Neo4j is polled), so
any number of API replicas serve subscriptions without a broker."""

import asyncio
import logging

from app.alerts import queue
from app.core.errors import DomainError
from app.platform.neo4j.driver import Graph

log = logging.getLogger(__name__)


class AlertBus:
    def __init__(self, graph: Graph, poll_s: float) -> None:
        self.graph = graph
        self.poll_s = poll_s
        self.latest = 0
        self._raised = asyncio.Event()  # set, then replaced, each time `latest` moves on

    def publish(self, sequence: int) -> None:
        """Alerts up to `sequence` exist."""
        if sequence > self.latest:
            self.latest = sequence
            self._raised.set()
            self._raised = asyncio.Event()

    async def wait_beyond(self, sequence: int) -> int:
        """Wait until an alert numbered above `sequence` may exist; return the newest number
        known (callers bound the wait with asyncio.timeout)."""
        if self.latest <= sequence:
            await self._raised.wait()
        return self.latest

    async def poll(self) -> None:
        """Follow the alert head in Neo4j, for alerts raised by other processes."""
        while True:
            try:
                self.publish(await self.graph.read(queue.read_alert_head))
            except (DomainError, OSError) as error:
                log.warning("alert bus: %s", error)
            await asyncio.sleep(self.poll_s)
