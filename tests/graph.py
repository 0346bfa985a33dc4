"""Test-side access to the graph: arrange a situation, or look at what the service left, in Cypher
(tests may; the service's own Cypher lives in queries/)."""

from typing import Any

from neo4j import AsyncManagedTransaction

from app.graph.driver import Graph


async def cypher(graph: Graph, text: str, **params: Any) -> list[dict[str, Any]]:
    """Run `text` in a write transaction; return its records as dicts."""
    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        result = await tx.run(text, params)
        return [record.data() async for record in result]

    return await graph.write(work)
