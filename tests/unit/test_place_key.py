"""One key for a place. Writes and the seed key each address they record by splicing
queries/_fragments/place_key.cypher; the newest migration that keys places (graph_schema/V0016)
keyed the addresses recorded before it with the same text. An applied migration never changes,
so a change to the key needs a new migration that keys every address again: this fails until
there is one."""

from app.platform.neo4j import migrations
from app.platform.neo4j.registry import FRAGMENTS_DIR, load_fragments
from app.settings import PROJECT_ROOT
from tests.unit.test_redaction import flat


def test_existing_addresses_were_keyed_as_new_ones_are() -> None:
    key = flat(load_fragments(PROJECT_ROOT / "queries" / FRAGMENTS_DIR)["place_key"].body)
    keying = [flat("\n".join(m.statements))
              for m in migrations.discover(PROJECT_ROOT / "graph_schema")]
    newest = [text for text in keying if ":Place {key:" in text][-1]
    assert key in newest
