"""Bulk writes of seed data (the synthetic population and the demo scenario), and the reads that
check them: one batched UNWIND statement per kind of record, run as transaction functions.

The row shapes are documented in seed/rows.py; this module only passes them through.
"""

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import neo4j
from neo4j import AsyncManagedTransaction

from app.platform.neo4j.driver import Graph, execute, run
from app.platform.neo4j.errors import translate
from app.platform.neo4j.registry import FRAGMENTS_DIR, Query, load_queries
from app.settings import PROJECT_ROOT

# The seed's own queries (seed/queries/), apart from the service's.
QUERIES: dict[str, Query] = {}
CREATE_AGENCIES = Query("create_agencies", QUERIES)
CREATE_CASE_OFFICERS = Query("create_case_officers", QUERIES)
CREATE_PREMISES = Query("create_premises", QUERIES)
CREATE_PLACES = Query("create_places", QUERIES)
CREATE_OFFENDERS = Query("create_offenders", QUERIES)
CREATE_ASSOCIATIONS = Query("create_associations", QUERIES)
CREATE_PLANS = Query("create_plans", QUERIES)
CREATE_MEETINGS = Query("create_meetings", QUERIES)
DELETE_ALL_RELATIONSHIPS = Query("delete_all_relationships", QUERIES)
DELETE_ALL_BUT_MIGRATIONS = Query("delete_all_but_migrations", QUERIES)
COUNT_NODES_BY_LABEL = Query("count_nodes_by_label", QUERIES)
FINGERPRINT_GRAPH = Query("fingerprint_graph", QUERIES)
GRAPH_IS_EMPTY = Query("graph_is_empty", QUERIES)
PLACE_KEYS = Query("place_keys", QUERIES)
SET_EMPTY_ALIASES = Query("set_empty_aliases", QUERIES)

Rows = Sequence[Mapping[str, Any]]

load_queries(Path(__file__).parent / "queries", QUERIES,
             fragments_dir=PROJECT_ROOT / "queries" / FRAGMENTS_DIR)


async def create_agencies(tx: AsyncManagedTransaction, rows: Rows) -> neo4j.SummaryCounters:
    return await execute(tx, CREATE_AGENCIES, rows=rows)


async def create_case_officers(
    tx: AsyncManagedTransaction, rows: Rows
) -> neo4j.SummaryCounters:
    return await execute(tx, CREATE_CASE_OFFICERS, rows=rows)


async def create_premises(tx: AsyncManagedTransaction, rows: Rows) -> neo4j.SummaryCounters:
    return await execute(tx, CREATE_PREMISES, rows=rows)


async def create_places(tx: AsyncManagedTransaction, rows: Rows) -> neo4j.SummaryCounters:
    return await execute(tx, CREATE_PLACES, rows=rows)


async def create_offenders(tx: AsyncManagedTransaction, rows: Rows) -> neo4j.SummaryCounters:
    return await execute(tx, CREATE_OFFENDERS, rows=rows)


async def create_associations(
    tx: AsyncManagedTransaction, rows: Rows
) -> neo4j.SummaryCounters:
    return await execute(tx, CREATE_ASSOCIATIONS, rows=rows)


async def create_plans(tx: AsyncManagedTransaction, rows: Rows) -> neo4j.SummaryCounters:
    return await execute(tx, CREATE_PLANS, rows=rows)


async def create_meetings(tx: AsyncManagedTransaction, rows: Rows) -> neo4j.SummaryCounters:
    return await execute(tx, CREATE_MEETINGS, rows=rows)


async def delete_all_but_migrations(graph: Graph, batch_size: int = 20_000) -> None:
    """Empty the graph (migrations kept) in inner transactions of `batch_size` records:
    relationships first, so that no inner transaction detaches a dense node (an agency with
    tens of thousands of relationships) in one go."""
    for query in (DELETE_ALL_RELATIONSHIPS, DELETE_ALL_BUT_MIGRATIONS):
        await _in_transactions(graph, query, batch_size)


async def set_empty_aliases(graph: Graph, batch_size: int = 20_000) -> None:
    """Store the empty list of aliases that a bulk import leaves out (seed/bulk.py)."""
    await _in_transactions(graph, SET_EMPTY_ALIASES, batch_size)


async def _in_transactions(graph: Graph, query: Query, batch_size: int) -> None:
    """Run a `CALL { } IN TRANSACTIONS` statement, which must be an auto-commit transaction, so
    in a session of its own instead of a transaction function."""
    params = {"batchSize": batch_size}
    query.check_params(params)
    try:
        async with graph.driver.session(database=graph.database) as session:
            result = await session.run(query.text, params)
            await result.consume()
    except Exception as error:
        raise (translate(error) or error) from error


async def graph_is_empty(tx: AsyncManagedTransaction) -> bool:
    return bool((await run(tx, GRAPH_IS_EMPTY))[0]["empty"])


async def place_keys(tx: AsyncManagedTransaction, addresses: Rows) -> list[str]:
    """The Place key of each address (postcode, line1), in order."""
    keys: list[str] = (await run(tx, PLACE_KEYS, addresses=addresses))[0]["keys"]
    return keys


async def count_nodes_by_label(tx: AsyncManagedTransaction) -> dict[str, int]:
    rows = await run(tx, COUNT_NODES_BY_LABEL)
    return {label: int(count) for label, count in rows[0]["counts"].items()}


async def fingerprint_graph(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
    """Every node (labels, properties) and relationship (start id, type, end id, properties)."""
    return await run(tx, FINGERPRINT_GRAPH)
