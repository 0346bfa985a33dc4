"""One key for a place. Writes and the seed key each address they record by splicing
queries/_fragments/place_key.cypher; graph_schema/V0015__places.cypher keyed the addresses recorded
before it with the same text. An applied migration never changes, so a change to the key needs a
new migration that keys every address again: this fails until there is one."""

from app.graph import migrations
from app.graph.registry import FRAGMENTS_DIR, load_fragments
from app.settings import PROJECT_ROOT
from tests.unit.test_redaction import flat


def test_existing_addresses_were_keyed_as_new_ones_are() -> None:
    key = load_fragments(PROJECT_ROOT / "queries" / FRAGMENTS_DIR)["place_key"].body
    [keyed] = [m for m in migrations.discover(PROJECT_ROOT / "graph_schema") if m.version == 15]
    assert f"MERGE (place:Place {{key: {flat(key)}}})" in flat("\n".join(keyed.statements))
