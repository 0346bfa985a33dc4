"""Units of work on a real Neo4j. Graph.read_one: a transaction function of one query runs as
that query's own transaction, and one that tries a second query (which would see another
snapshot) is refused. Graph.plan: every named query plans, as the API does at start-up."""

import pytest

from app.platform.neo4j.driver import Graph, Tx
from app.platform.neo4j.registry import DECLARED


async def one_query(tx: Tx) -> int:
    record = await (await tx.run("RETURN 41 + 1 AS answer")).single()
    assert record is not None
    return int(record["answer"])


async def two_queries(tx: Tx) -> int:
    await (await tx.run("RETURN 1 AS one")).consume()
    return await one_query(tx)


async def test_a_single_query_runs_and_answers(graph: Graph) -> None:
    assert await graph.read_one(one_query) == 42


async def test_a_second_query_in_one_query_work_is_refused(graph: Graph) -> None:
    with pytest.raises(RuntimeError, match="second query"):
        await graph.read_one(two_queries)
    assert await graph.read(two_queries) == 42


async def test_every_named_query_plans_on_the_server(graph: Graph) -> None:
    queries = list(DECLARED.values())
    assert len(queries) > 50
    assert await graph.plan(queries) == len(queries)
    # Again, even where the cached plan is current (the background replanning, app/main.py).
    assert await graph.plan(queries, again=True) == len(queries)
