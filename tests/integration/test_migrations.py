"""Migrations apply once, in order, and refuse an applied file that was edited."""

import shutil
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncManagedTransaction

from app.platform.neo4j import migrations
from app.platform.neo4j.driver import Graph
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


async def run_twice_on(version: int, before: str, graph: Graph) -> None:
    """Migration `version` run twice (the second run must change nothing) on a graph made by the
    Cypher `before`, as an older version left it."""
    async def write(tx: AsyncManagedTransaction) -> None:
        await tx.run(before)
    await graph.write(write)
    [migration] = [m for m in migrations.discover(SCHEMA) if m.version == version]
    for _ in range(2):
        for statement in migration.statements:
            await graph.run_schema(statement)

LEGACY_ADDRESSES = """
CREATE (o1:Person:Offender {id: 'OFF-1'}), (o2:Person:Offender {id: 'OFF-2'}),
       (o3:Person:Offender {id: 'OFF-3'}),
       (c1:Person:NamedContact {id: 'CON-1'}), (c2:Person:NamedContact {id: 'CON-2'}),
       (o1)-[:HAS_CONTACT {relationship: 'PARTNER'}]->(c1), (c1)-[:HOUSEHOLD_MEMBER_OF]->(o1),
       (o2)-[:HAS_CONTACT {relationship: 'FRIEND'}]->(c2),
       (shared:Address {id: 'ADR-S', line1: 'Flat 4, 22 Cromwell Road', town: 'Manchester',
                        postcode: 'M20 6LP', area: 'GMP',
                        location: point({latitude: 53.43, longitude: -2.23})}),
       (o1)-[:RESIDES_AT {from: date('2020-01-01'), kind: 'HOME'}]->(shared),
       (c1)-[:RESIDES_AT {from: date('2021-01-01'), kind: 'HOME'}]->(shared),
       (o2)-[:RESIDES_AT {from: date('2022-01-01'), to: date('2024-01-01'), kind: 'TEMPORARY'}]
         ->(shared),
       (c2)-[:RESIDES_AT {from: date('2023-01-01'), kind: 'HOME'}]->(shared),
       (o3)-[:RESIDES_AT {from: date('2024-01-01'), kind: 'HOME'}]
         ->(:Address {id: 'ADR-O', line1: ' flat 4,  22 CROMWELL road', town: 'Didsbury',
                      postcode: 'M20 6LP'}),
       (:Person:Victim {id: 'VIC-1'})-[:LOCATED_AT {from: date('2020-01-01')}]
         ->(:Address:Protected {id: 'ADR-V', line1: 'Flat 4, 22 Cromwell Road',
                                postcode: 'M20 6LP'})
"""


async def test_addresses_recorded_before_v0015_are_each_cases_own_and_meet_at_their_place(
    graph: Graph,
) -> None:
    await run_twice_on(15, LEGACY_ADDRESSES, graph)

    async def read(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        result = await tx.run("""
            MATCH (p:Person)-[r:RESIDES_AT]->(a:Address)
            RETURN p.id AS person, a.id AS address, a.town AS town, a.location.latitude AS lat,
                   r.from.year AS since, r.to.year AS until, r.kind AS kind,
                   COLLECT { MATCH (a)-[:AT]->(place:Place) RETURN place.key } AS places,
                   COLLECT { MATCH (p)-[:RESIDENT_OF]->(place:Place) RETURN place.key } AS of
            ORDER BY person""")
        return [record.data() async for record in result]
    key = "M206LP|flat 4, 22 cromwell road"
    # OFF-1's case lived there first and keeps the node; OFF-2's case gets its own copy of what
    # it has been reading (its residence kept as it was); OFF-3's own record is left as it is.
    assert await graph.read(read) == [
        {"person": "CON-1", "address": "ADR-S", "town": "Manchester", "lat": 53.43,
         "since": 2021, "until": None, "kind": "HOME", "places": [key], "of": [key]},
        {"person": "CON-2", "address": "ADR-S:OFF-2", "town": "Manchester", "lat": 53.43,
         "since": 2023, "until": None, "kind": "HOME", "places": [key], "of": [key]},
        {"person": "OFF-1", "address": "ADR-S", "town": "Manchester", "lat": 53.43,
         "since": 2020, "until": None, "kind": "HOME", "places": [key], "of": [key]},
        {"person": "OFF-2", "address": "ADR-S:OFF-2", "town": "Manchester", "lat": 53.43,
         "since": 2022, "until": 2024, "kind": "TEMPORARY", "places": [key], "of": [key]},
        {"person": "OFF-3", "address": "ADR-O", "town": "Didsbury", "lat": None,
         "since": 2024, "until": None, "kind": "HOME", "places": [key], "of": [key]},
    ]

    async def protected(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        result = await tx.run("MATCH (a:Address:Protected) "
                              "RETURN a.id AS id, EXISTS { (a)-[:AT]->() } AS placed")
        return [record.data() async for record in result]
    assert await graph.read(protected) == [{"id": "ADR-V", "placed": False}]


KEYED_APART = """
CREATE (o1:Person:Offender {id: 'OFF-1'})-[:RESIDES_AT {from: date('2024-01-01'), kind: 'HOME'}]
         ->(a1:Address {id: 'ADR-1', line1: '22 Cromwell Rd.', postcode: 'M20 6LP'})
         -[:AT]->(p1:Place {key: 'M206LP|22 cromwell rd.'}),
       (o1)-[:RESIDENT_OF]->(p1),
       (o2:Person:Offender {id: 'OFF-2'})-[:RESIDES_AT {from: date('2024-02-01'), kind: 'HOME'}]
         ->(a2:Address {id: 'ADR-2', line1: '22, Cromwell Road', postcode: 'M20 6LP'})
         -[:AT]->(p2:Place {key: 'M206LP|22, cromwell road'}),
       (o2)-[:RESIDENT_OF]->(p2),
       (o3:Person:Offender {id: 'OFF-3'})-[:RESIDES_AT {from: date('2024-03-01'), kind: 'HOME'}]
         ->(a3:Address {id: 'ADR-3', line1: '24 Cromwell Road', postcode: 'M20 6LP'})
         -[:AT]->(p3:Place {key: 'M206LP|24 cromwell road'}),
       (o3)-[:RESIDENT_OF]->(p3)
"""


async def test_places_keyed_before_v0016_meet_when_only_their_writing_differs(
    graph: Graph,
) -> None:
    await run_twice_on(16, KEYED_APART, graph)

    async def read(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        result = await tx.run("""
            MATCH (place:Place) WHERE place.key STARTS WITH 'M206LP|'
            RETURN place.key AS key,
                   COLLECT { MATCH (place)<-[:AT]-(a) RETURN a.id ORDER BY a.id } AS addresses,
                   COLLECT { MATCH (place)<-[:RESIDENT_OF]-(p) RETURN p.id ORDER BY p.id } AS of
            ORDER BY key""")
        return [record.data() async for record in result]
    assert await graph.read(read) == [
        {"key": "M206LP|22 cromwell road", "addresses": ["ADR-1", "ADR-2"],
         "of": ["OFF-1", "OFF-2"]},
        {"key": "M206LP|24 cromwell road", "addresses": ["ADR-3"], "of": ["OFF-3"]},
    ]
