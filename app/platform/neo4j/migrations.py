"""Schema migrations: graph_schema/V0001__what.cypher files applied in order, once each.

A migration that writes what a rule decides splices that rule's fragment (`@name(args)`, from
queries/_fragments beside graph_schema/), as the queries that keep it in step do."""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from neo4j import AsyncManagedTransaction

from app.core.errors import Conflict
from app.platform.neo4j.driver import Graph, execute, run
from app.platform.neo4j.registry import FRAGMENTS_DIR, Fragment, Query, load_fragments, splice

LIST_APPLIED = Query("migrations/list_applied")
RECORD_APPLIED = Query("migrations/record_applied")
AWAIT_INDEXES = Query("migrations/await_indexes")

_FILE_NAME = re.compile(r"^V(\d{4})__([a-z0-9_]+)\.cypher$")


class MigrationError(Conflict):
    """An applied migration was edited, or the migration files are malformed."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path
    checksum: str

    @property
    def statements(self) -> list[str]:
        """Statements are separated by ';' at the end of a line; '//' comment lines are dropped."""
        text = "\n".join(
            line for line in self.path.read_text(encoding="utf-8").splitlines()
            if not line.lstrip().startswith("//")
        )
        return [s.strip() for s in re.split(r";\s*$", text, flags=re.MULTILINE) if s.strip()]

    def spliced(self, fragments: dict[str, Fragment]) -> list[str]:
        """Its statements with each fragment marker replaced by the fragment's expression."""
        return [splice(self.path.name, s, fragments) for s in self.statements]


def discover(schema_dir: Path) -> list[Migration]:
    migrations = []
    for path in sorted(schema_dir.glob("*.cypher")):
        match = _FILE_NAME.match(path.name)
        if not match:
            raise MigrationError(f"{path.name}: migration files are named V0001__what.cypher")
        checksum = hashlib.sha256(path.read_bytes()).hexdigest()
        migrations.append(Migration(int(match[1]), match[2], path, checksum))
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"two migration files share a version in {schema_dir}")
    return migrations


async def _applied(tx: AsyncManagedTransaction) -> dict[int, str]:
    return {r["version"]: r["checksum"] for r in await run(tx, LIST_APPLIED)}


async def _record(tx: AsyncManagedTransaction, migration: Migration) -> None:
    await execute(
        tx, RECORD_APPLIED,
        version=migration.version, name=migration.path.name, checksum=migration.checksum,
    )


async def _await_indexes(tx: AsyncManagedTransaction) -> None:
    await run(tx, AWAIT_INDEXES)


async def pending(graph: Graph, schema_dir: Path) -> list[Migration]:
    """The migrations not yet applied; refuses when an applied file has since been edited."""
    applied = await graph.read(_applied)
    migrations = discover(schema_dir)
    for migration in migrations:
        checksum = applied.get(migration.version)
        if checksum is not None and checksum != migration.checksum:
            raise MigrationError(
                f"{migration.path.name} was edited after it was applied "
                "(checksum differs): add a new migration instead of changing an applied one"
            )
    return [m for m in migrations if m.version not in applied]


async def migrate(graph: Graph, schema_dir: Path) -> list[Migration]:
    """Apply every pending migration in order and return those applied (empty: nothing to do)."""
    todo = await pending(graph, schema_dir)
    fragments = load_fragments(schema_dir.parent / "queries" / FRAGMENTS_DIR) if todo else {}
    for migration in todo:
        for statement in migration.spliced(fragments):
            await graph.run_schema(statement)
        await graph.write(_record, migration)
    if todo:
        await graph.read(_await_indexes)
    return todo
