"""Neo4j out of reach: a unit of work gives up with Unavailable after a short retry, rather than
the driver's backoff holding the caller for up to twice the contention budget; what callers are
told names no host or port."""

import asyncio

import pytest
from neo4j import AsyncManagedTransaction

from app.core.errors import Unavailable
from app.platform.neo4j.driver import open_graph
from app.settings import Settings
from tests.api.live import free_port

HANG = 10.0  # far above the half-second retry; the driver's backoff alone took 15 to 33 s


async def nothing(tx: AsyncManagedTransaction) -> None:
    await (await tx.run("RETURN 1")).consume()


async def test_a_unit_of_work_on_an_unreachable_neo4j_fails_fast_as_unavailable(
    settings: Settings,
) -> None:
    port = free_port()
    nowhere = settings.model_copy(update={"neo4j_uri": f"bolt://127.0.0.1:{port}"})
    async with open_graph(nowhere) as graph:
        for work in (graph.read, graph.write):
            async with asyncio.timeout(HANG):
                with pytest.raises(Unavailable, match="unreachable") as refused:
                    await work(nothing)
            # Callers are told it is away, not where it lives; operators' logs say where.
            assert str(port) not in refused.value.message
            assert f"127.0.0.1:{port}" in str(refused.value)
        assert not await graph.is_ready()
