"""Migrations apply once, in order, and refuse an applied file that was edited."""

import shutil
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncManagedTransaction

from app.graph import migrations
from app.graph.driver import Graph
from app.settings import PROJECT_ROOT

SCHEMA = PROJECT_ROOT / "graph_schema"


@pytest.fixture
def schema_copy(tmp_path: Path) -> Path:
    """A private copy of graph_schema/, so a test may add or edit files."""
    target = tmp_path / "graph_schema"
    shutil.copytree(SCHEMA, target)
    return target


async def test_second_run_is_a_no_op(graph: Graph) -> None:
    assert await migrations.migrate(graph, SCHEMA) == []
    assert await migrations.pending(graph, SCHEMA) == []


async def test_every_file_is_recorded_with_its_checksum(graph: Graph) -> None:
    applied = await graph.read(migrations._applied)
    files = migrations.discover(SCHEMA)
    assert applied == {m.version: m.checksum for m in files}


async def test_new_file_is_applied_once_in_order(graph: Graph, schema_copy: Path) -> None:
    extra = schema_copy / "V9001__test_only_index.cypher"
    extra.write_text(
        "// test only\nCREATE INDEX test_only_index IF NOT EXISTS FOR (n:TestOnly) ON (n.x);\n"
    )
    try:
        applied = await migrations.migrate(graph, schema_copy)
        assert [m.path.name for m in applied] == [extra.name]
        assert await migrations.migrate(graph, schema_copy) == []
    finally:
        await graph.run_schema("DROP INDEX test_only_index IF EXISTS")
        await graph.write(_forget, 9001)


async def test_edited_applied_file_is_refused_by_name(graph: Graph, schema_copy: Path) -> None:
    edited = sorted(schema_copy.glob("V0003__*.cypher"))[0]
    edited.write_text(edited.read_text() + "\n// an innocent-looking edit\n")
    with pytest.raises(migrations.MigrationError, match=edited.name):
        await migrations.migrate(graph, schema_copy)


def test_statements_split_on_semicolons_and_skip_comments() -> None:
    first = migrations.discover(SCHEMA)[0]
    statements = first.statements
    assert statements
    assert all(s.startswith("CREATE CONSTRAINT") for s in statements)
    assert not any(";" in s for s in statements)


async def _forget(tx, version: int) -> None:  # type: ignore[no-untyped-def]
    await tx.run("MATCH (m:SchemaMigration {version: $v}) DELETE m", v=version)


async def test_involvements_written_before_v0012_are_given_their_ends_ids(graph: Graph) -> None:
    async def write(tx: AsyncManagedTransaction) -> None:
        await tx.run("CREATE (:Agency {id: 'AG-1'})-[:INVOLVED_IN {basis: 'LEAD'}]->"
                     "(:Person:Offender {id: 'OFF-1'})")
    await graph.write(write)
    [involvement_keys] = [m for m in migrations.discover(SCHEMA) if m.version == 12]
    for statement in involvement_keys.statements:
        await graph.run_schema(statement)

    async def read(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        result = await tx.run("MATCH ()-[i:INVOLVED_IN]->() "
                              "RETURN i.agencyId AS agency, i.offenderId AS offender")
        return [record.data() async for record in result]
    assert await graph.read(read) == [{"agency": "AG-1", "offender": "OFF-1"}]
