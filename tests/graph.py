"""Test-side access to the graph: arrange a situation, or look at what the service left, in Cypher
(tests may; the service's own Cypher lives in queries/)."""

from typing import Any

from neo4j import AsyncManagedTransaction

from app.platform.neo4j.driver import Graph


async def cypher(graph: Graph, text: str, **params: Any) -> list[dict[str, Any]]:
    """Run `text` in a write transaction; return its records as dicts."""
    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        result = await tx.run(text, params)
        return [record.data() async for record in result]

    return await graph.write(work)


async def block_audit_appends(graph: Graph) -> None:
    """Make the next audit append impossible: an event squats on the chain's next place (the
    chain must have begun: an operation audited before)."""
    await cypher(graph, "MATCH (h:AuditHead) "
                        "CREATE (:AuditEvent {id: 'squatter', sequence: h.sequence + 1})")
