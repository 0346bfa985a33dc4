"""Where two agencies' records of an address meet: the place key
(queries/_fragments/place_key.cypher) as Neo4j computes it, for lines written differently."""

from typing import Any

import pytest
from neo4j import AsyncManagedTransaction

from app.platform.neo4j.driver import Graph
from app.platform.neo4j.registry import FRAGMENTS_DIR, load_fragments
from app.settings import PROJECT_ROOT

KEY = load_fragments(PROJECT_ROOT / "queries" / FRAGMENTS_DIR)["place_key"].body


async def key(graph: Graph, line1: str, postcode: str = "M20 6LP") -> str:
    async def read(tx: AsyncManagedTransaction) -> Any:
        record = await (await tx.run(f"WITH $address AS address RETURN {KEY} AS key",
                                     address={"line1": line1, "postcode": postcode})).single()
        return record["key"] if record else None
    return str(await graph.read(read))


@pytest.mark.parametrize(("written", "as_"), [
    ("Flat 4, 22 Cromwell Road", "flat 4 22 cromwell road"),
    (" flat 4,  22 CROMWELL rd.", "flat 4 22 cromwell road"),
    ("Apartment 4 22 Cromwell Rd", "flat 4 22 cromwell road"),
    ("12 St. Mary's Sq", "12 street marys square"),
    ("3-5 Lime Gdns", "3 5 lime gardens"),
    ("Flat 2/7 Park Ave", "flat 2 7 park avenue"),
])
async def test_a_line_written_differently_meets_at_one_key(
    graph: Graph, written: str, as_: str,
) -> None:
    assert await key(graph, written, "m20 6lp") == f"M206LP|{as_}"


@pytest.mark.parametrize(("one", "other"), [
    ("Flat 4, 22 Cromwell Road", "Flat 42 Cromwell Road"),
    ("22 Cromwell Road", "22 Cromwell Street"),
    ("22a Cromwell Road", "22 Cromwell Road"),
])
async def test_different_places_keep_different_keys(graph: Graph, one: str, other: str) -> None:
    assert await key(graph, one) != await key(graph, other)
