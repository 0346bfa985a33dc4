"""Loading seed data into Neo4j: the synthetic population, the demo scenario, emptying the graph.

Rows are generated in a worker thread one batch ahead of the writes, and up to three write
transactions of the same kind run at once, so that Python builds the next batch while Neo4j works
on the previous ones (both CPU-bound on a small machine). Generation runs in one order from one
RNG, so the data does not depend on timing. Node and relationship counts come from Neo4j's own
summary counters.
"""

import asyncio
import shutil
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import neo4j
from neo4j import AsyncManagedTransaction

from app.access.repository import find_principal
from app.platform.neo4j import migrations
from app.platform.neo4j.driver import Graph, open_graph
from app.settings import Settings
from dev import local_neo4j
from seed import repository
from seed.bulk import ImportFiles, PopulationWriter
from seed.demo import PERSONAS, demo_batches
from seed.population import Batch, generate_population
from seed.rows import BatchKind

Writer = Callable[[AsyncManagedTransaction, Any], Awaitable[neo4j.SummaryCounters]]

WRITERS_IN_FLIGHT = 3  # concurrent write transactions: Neo4j works on one while others commit

WRITERS: dict[BatchKind, Writer] = {
    BatchKind.AGENCIES: repository.create_agencies,
    BatchKind.OFFICERS: repository.create_case_officers,
    BatchKind.PREMISES: repository.create_premises,
    BatchKind.PLACES: repository.create_places,
    BatchKind.OFFENDERS: repository.create_offenders,
    BatchKind.ASSOCIATIONS: repository.create_associations,
    BatchKind.PLANS: repository.create_plans,
    BatchKind.MEETINGS: repository.create_meetings,
}


@dataclass(frozen=True)
class LoadReport:
    """What a load created, as Neo4j counted it, and how long it took."""

    nodes: int
    relationships: int
    seconds: float
    offenders: int = 0
    properties: int = 0
    by_label: Mapping[str, int] = field(default_factory=dict)  # whole graph, after the load
    phases: Mapping[str, float] = field(default_factory=dict)  # seconds, where a load says

    @property
    def nodes_per_second(self) -> float:
        return self.nodes / self.seconds if self.seconds else 0.0

    @property
    def relationships_per_second(self) -> float:
        return self.relationships / self.seconds if self.seconds else 0.0


class _Tally:
    def __init__(self) -> None:
        self.nodes = self.relationships = self.properties = self.offenders = 0

    def add(self, batch: Batch, counters: neo4j.SummaryCounters) -> None:
        self.nodes += counters.nodes_created
        self.relationships += counters.relationships_created
        self.properties += counters.properties_set
        self.offenders += batch.offenders

    async def report(self, graph: Graph, started: float) -> LoadReport:
        seconds = time.perf_counter() - started
        by_label = await graph.read(repository.count_nodes_by_label)
        return LoadReport(
            nodes=self.nodes, relationships=self.relationships, seconds=seconds,
            offenders=self.offenders, properties=self.properties, by_label=by_label,
        )


async def reset_graph(graph: Graph) -> None:
    """Delete every node but the schema migration records, in batches (any size, small heap)."""
    await repository.delete_all_but_migrations(graph)


async def _write_all(
    graph: Graph, batches: Iterator[Batch],
    on_batch: Callable[[Batch, neo4j.SummaryCounters], None],
    concurrency: int = WRITERS_IN_FLIGHT,
) -> None:
    """Write each batch in its own transaction, up to `concurrency` at once for batches of the
    same kind (a kind starts once the previous one is written), while the next batch is
    generated in a thread."""
    loop = asyncio.get_running_loop()
    in_flight: set[asyncio.Task[None]] = set()

    async def write(batch: Batch) -> None:
        on_batch(batch, await graph.write(WRITERS[batch.kind], batch.rows))

    async def settle(keep: int) -> None:
        nonlocal in_flight
        while len(in_flight) > keep:
            done, in_flight = await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()

    kind: BatchKind | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="seed-rows") as executor:
        try:
            upcoming = loop.run_in_executor(executor, next, batches, None)
            while (batch := await upcoming) is not None:
                upcoming = loop.run_in_executor(executor, next, batches, None)
                if not batch.rows:
                    continue
                await settle(0 if batch.kind is not kind else concurrency - 1)
                kind = batch.kind
                in_flight.add(asyncio.create_task(write(batch)))
            await settle(0)
        finally:
            for task in in_flight:
                task.cancel()
            await asyncio.gather(*in_flight, return_exceptions=True)


async def load_population(
    graph: Graph, offenders: int, seed: int, as_of: date,
    progress: Callable[[int, int], None] | None = None,
) -> LoadReport:
    """Load a synthetic national population of `offenders` (deterministic for `seed`, `as_of`)."""
    started = time.perf_counter()
    tally = _Tally()

    def on_batch(batch: Batch, counters: neo4j.SummaryCounters) -> None:
        tally.add(batch, counters)
        if progress is not None and batch.offenders:
            progress(tally.offenders, offenders)

    await _write_all(graph, generate_population(offenders, seed, as_of), on_batch)
    return await tally.report(graph, started)


async def demo_is_loaded(graph: Graph) -> bool:
    """Whether the demo scenario is in the graph: its first persona can sign in."""
    persona = PERSONAS[0]
    return await graph.read(find_principal, persona.agency_id, persona.officer_id) is not None


async def load_demo(graph: Graph, as_of: date) -> LoadReport:
    """Load the named demo scenario (seed/demo.py) relative to `as_of`."""
    started = time.perf_counter()
    tally = _Tally()
    await _write_all(graph, iter(demo_batches(as_of)), tally.add)
    return await tally.report(graph, started)


async def import_chosen(graph: Graph, settings: Settings, replace: bool) -> str | None:
    """Why the population is to be loaded by `import_population` (its database replaced), or
    None when it must be added with the UNWIND writes of `load_population` (`why_unwind` says
    why). Only the local server `mappa neo4j start` runs can be imported into."""
    if settings.neo4j_uri is not None:
        return None
    if not local_neo4j.status(settings).running:
        return None
    if replace:
        return "--reset on the local server: its database is replaced by a bulk import"
    if await graph.read(repository.graph_is_empty):
        return "the local graph is empty: bulk import (neo4j-admin database import)"
    return None


def why_unwind(settings: Settings) -> str:
    """What the seed says when `import_chosen` declined."""
    if settings.neo4j_uri is not None:
        return ("MAPPA_NEO4J_URI names a server this command does not run: adding with "
                "batched UNWIND writes")
    return ("the graph already holds data: adding to it with batched UNWIND writes "
            "(`--reset` empties it and imports instead)")


async def import_population(
    settings: Settings, offenders: int, seed: int, as_of: date, *,
    progress: Callable[[int, int], None] | None = None,
    echo: Callable[[str], None] = print,
) -> LoadReport:
    """Replace the local server's database with a synthetic population of `offenders` (the same
    rows, and graph, as `load_population`): the rows written as CSV files (place keys asked of the
    running server), the server stopped, `neo4j-admin database import`, the server started, the
    empty aliases set, the migrations run (indexes, constraints and data migrations)."""
    started = time.perf_counter()
    phases: dict[str, float] = {}

    def lap(phase: str, since: float) -> float:
        now = time.perf_counter()
        phases[phase] = now - since
        return now

    folder = local_neo4j.import_folder(settings) / "seed"
    shutil.rmtree(folder, ignore_errors=True)
    try:
        with ImportFiles(folder) as files:
            async with open_graph(settings) as graph:
                writer = PopulationWriter(
                    files, lambda addresses: graph.read(repository.place_keys, addresses))
                done = 0
                for batch in generate_population(offenders, seed, as_of):
                    await writer.write(batch)
                    done += batch.offenders
                    if progress is not None and batch.offenders:
                        progress(done, offenders)
        now = lap("generate and write files", started)
        local_neo4j.stop(settings, echo=lambda _: None)
        now = lap("stop server", now)
        local_neo4j.import_database(settings, files.node_files, files.relationship_files, echo)
        now = lap("neo4j-admin import", now)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    local_neo4j.start(settings, echo=lambda _: None)
    now = lap("start server", now)
    async with open_graph(settings) as graph:
        await repository.set_empty_aliases(graph)
        now = lap("empty aliases", now)
        await migrations.migrate(graph, settings.schema_dir)
        now = lap("migrations (indexes, constraints)", now)
        places = await graph.write(repository.create_places, writer.empty_places)
        by_label = await graph.read(repository.count_nodes_by_label)
    return LoadReport(
        nodes=files.nodes + places.nodes_created, relationships=files.relationships,
        seconds=time.perf_counter() - started, offenders=offenders, by_label=by_label,
        phases=phases,
    )
