"""/metrics for Prometheus: this process's metrics (app/observability/metrics.py), and the
backlogs every process shares, read from Neo4j when scraped.

Served on the API's port outside production; in production only when MAPPA_METRICS_ENABLED
turns it on, or on a listener of its own at MAPPA_METRICS_PORT (then never on the API's port),
which `mappa worker` also serves."""

import asyncio
import logging
import math
import time
from collections.abc import AsyncIterator, Generator
from contextlib import asynccontextmanager, contextmanager

import uvicorn
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.api.http.backlogs import measure_backlogs
from app.core.errors import DomainError
from app.observability.metrics import (
    EVALUATION_QUEUE_DEPTH,
    EVALUATION_QUEUE_OLDEST_SECONDS,
    WEBHOOK_BACKLOG,
)
from app.platform.neo4j.driver import Graph
from app.settings import Settings

log = logging.getLogger(__name__)
PATH = "/metrics"


class BacklogGauges:
    """The evaluation queue and webhook backlog gauges, read from Neo4j when scraped but at most
    once every `cache_s` however many scrapes come (one at a time; those waiting reuse its
    reading). While Neo4j cannot be read they are NaN: unknown, not zero."""

    def __init__(self, graph: Graph, cache_s: float) -> None:
        self.graph, self.cache_s = graph, cache_s
        self._read_at = -math.inf
        self._reading = asyncio.Lock()

    async def refresh(self) -> None:
        async with self._reading:
            if time.monotonic() - self._read_at < self.cache_s:
                return
            try:
                backlogs = await self.graph.read_one(measure_backlogs)
            except DomainError as error:
                log.warning("metrics: the backlogs could not be read: %s", error.message)
                evaluations = oldest = deliveries = math.nan
            else:
                evaluations, oldest, deliveries = backlogs
            EVALUATION_QUEUE_DEPTH.set(evaluations)
            EVALUATION_QUEUE_OLDEST_SECONDS.set(oldest)
            WEBHOOK_BACKLOG.set(deliveries)
            self._read_at = time.monotonic()


async def scrape(request: Request) -> Response:
    backlogs: BacklogGauges = request.app.state.backlogs
    await backlogs.refresh()
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


class SideListener(uvicorn.Server):
    """A uvicorn server beside the API's, in its event loop: the API's server (or the worker)
    handles the process's signals, and this one stops with the app."""

    @contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


@asynccontextmanager
async def metrics_listener(graph: Graph, settings: Settings) -> AsyncIterator[None]:
    """Serve /metrics on MAPPA_METRICS_PORT while the block runs (nothing when it is unset)."""
    if settings.metrics_port is None:
        yield
        return
    app = Starlette(routes=[Route(PATH, scrape)])
    app.state.backlogs = BacklogGauges(graph, settings.metrics_backlog_cache_s)
    server = SideListener(uvicorn.Config(
        app, host=settings.metrics_host or settings.api_host, port=settings.metrics_port,
        lifespan="off", access_log=False, log_config=None))
    serving = asyncio.create_task(server.serve(), name="metrics-listener")
    try:
        # uvicorn tells that it listens by a flag alone
        while not server.started and not serving.done():  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        if serving.done():
            serving.result()  # the port could not be bound: say so
            raise OSError(f"/metrics could not listen on port {settings.metrics_port}")
        yield
    finally:
        server.should_exit = True
        await serving
