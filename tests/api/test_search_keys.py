"""searchPeople asks the full-text index for the name and whom the caller may see at once (each
person's searchKeys, queries/_fragments/search_keys.cypher), through HTTP on the demo scenario:
what an involvement or an emergency grant opens is found at once, what a withdrawal, a lapse or
an expiry closes is not, a victim of two cases is found by either case's agencies, and the
migration that wrote the keys finds the people written before it. (A lapse by date, with no
write, is in tests/api/test_access_rule.py; the order and scores among hidden namesakes in
tests/api/test_offender_reads.py.)

DEMO-OFF-03 (Lee Kershaw, victim DEMO-VIC-03 Owen Pratt) is probation's and health's; DEMO-OFF-05
(Anthony Birtwistle, victim DEMO-VIC-05 Chloe Dawson) the police's alone; DEMO-OFF-06 (Ryan
Tattersall, victim DEMO-VIC-06 Harjit Sandhu) probation's, children's services' and electronic
monitoring's."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from app.access.table import field_classes
from app.cases.repository import lucene_query
from app.graphql.pagination import MAX_FIRST
from app.platform.neo4j import migrations
from app.platform.neo4j.driver import Graph
from app.platform.neo4j.registry import FRAGMENTS_DIR, load_fragments
from app.settings import PROJECT_ROOT, Settings
from seed.demo import PERSONAS
from seed.load import load_demo
from tests.api.client import DemoCaller, http_client
from tests.api.operations import SEARCH
from tests.graph import cypher, spliced

ANALYST = "demo.police.analyst"
PPO = "demo.police.ppo"
OM = "demo.probation.om"
WHY = "Reported sighting near a school; urgent risk assessment."


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, datetime.now(UTC).date())
    async with http_client(settings.model_copy(update={"run_worker": False})) as c:
        yield c


class Officer(DemoCaller):
    async def ok(self, query: str, **variables: Any) -> dict[str, Any]:
        body = await self.ask(query, **variables)
        assert "errors" not in body, body
        return dict(body["data"])

    async def finds(self, text: str) -> list[tuple[str, str]]:
        data = await self.ok(SEARCH, text=text, first=100)
        return [(h["person"]["id"], h["kind"]) for h in data["searchPeople"]]


async def test_an_involvement_shows_at_once_and_its_withdrawal_hides_at_once(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    analyst, om = Officer(client, settings, ANALYST), Officer(client, settings, OM)
    assert await analyst.finds("Lee Kershaw") == []
    assert await analyst.finds("Owen Pratt") == []
    await om.ok("mutation($input: InvolveAgencyInput!) { involveAgency(input: $input) { basis } }",
                input={"offenderId": "DEMO-OFF-03", "agencyId": "AG-DEMO-POLICE",
                       "basis": "DUTY_TO_COOPERATE"})
    assert await analyst.finds("Lee Kershaw") == [("DEMO-OFF-03", "OFFENDER")]
    assert await analyst.finds("owen prat") == [("DEMO-VIC-03", "VICTIM")]
    await om.ok("mutation($input: WithdrawAgencyInput!) {"
                " withdrawAgency(input: $input) { until } }",
                input={"offenderId": "DEMO-OFF-03", "agencyId": "AG-DEMO-POLICE"})
    assert await analyst.finds("Lee Kershaw") == []
    assert await analyst.finds("Owen Pratt") == []


async def test_a_victim_of_two_cases_is_found_by_the_agencies_of_either(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    analyst, om = Officer(client, settings, ANALYST), Officer(client, settings, OM)
    assert await om.finds("Chloe Dawson") == []  # the police's case alone
    # Lee Kershaw offended against her too: her keys, as a write linking them writes them.
    await spliced(graph, """
        MATCH (o:Offender {id: 'DEMO-OFF-03'}), (v:Victim {id: 'DEMO-VIC-05'})
        CREATE (o)-[:OFFENDED_AGAINST]->(v)
        SET v.searchKeys = @search_keys(v)""")
    assert await om.finds("Chloe Dawson") == [("DEMO-VIC-05", "VICTIM")]
    assert await analyst.finds("Chloe Dawson") == [("DEMO-VIC-05", "VICTIM")]
    # Involving the police in DEMO-OFF-03 and withdrawing them again leaves them her other case.
    for mutation in ("involveAgency(input: {offenderId: \"DEMO-OFF-03\", agencyId: "
                     "\"AG-DEMO-POLICE\", basis: \"DUTY_TO_COOPERATE\"}) { basis }",
                     "withdrawAgency(input: {offenderId: \"DEMO-OFF-03\", agencyId: "
                     "\"AG-DEMO-POLICE\"}) { basis }"):
        await om.ok(f"mutation {{ {mutation} }}")
        assert await analyst.finds("Chloe Dawson") == [("DEMO-VIC-05", "VICTIM")]
        assert await om.finds("Chloe Dawson") == [("DEMO-VIC-05", "VICTIM")]


async def test_an_emergency_grant_finds_its_case_and_its_expiry_hides_it(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    ppo = Officer(client, settings, PPO)
    assert await ppo.finds("Ryan Tattersall") == []
    assert await ppo.finds("Harjit Sandhu") == []
    granted = await ppo.ok(
        "mutation($input: RequestEmergencyAccessInput!) { requestEmergencyAccess(input: $input)"
        " { id } }", input={"offenderId": "DEMO-OFF-06", "justification": WHY})
    assert await ppo.finds("Ryan Tattersall") == [("DEMO-OFF-06", "OFFENDER")]
    assert await ppo.finds("Harjit Sandhu") == [("DEMO-VIC-06", "VICTIM")]
    # Another officer of the same agency holds no grant: nothing.
    assert await Officer(client, settings, ANALYST).finds("Ryan Tattersall") == []
    await cypher(graph, "MATCH (g:EmergencyGrant {id: $id}) "
                        "SET g.expiresAt = datetime() - duration('PT1S')",
                 id=granted["requestEmergencyAccess"]["id"])
    assert await ppo.finds("Ryan Tattersall") == []
    assert await ppo.finds("Harjit Sandhu") == []


async def test_the_migration_finds_the_people_written_before_it(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    analyst = Officer(client, settings, ANALYST)
    # Written as before the migration: no keys.
    await cypher(graph, """
        MATCH (police:Agency {id: 'AG-DEMO-POLICE'})
        CREATE (police)-[:INVOLVED_IN {basis: 'LEAD', since: date(), agencyId: police.id,
                                       offenderId: 'T-OLD-1'}]->
               (o:Person:Offender {id: 'T-OLD-1', name: 'Zebedee Quill'})
        CREATE (o)-[:OFFENDED_AGAINST]->(:Person:Victim {id: 'T-OLD-2', name: 'Zara Quill'})
        REMOVE o.searchKeys""")
    assert await analyst.finds("Quill") == []
    [keys] = [m for m in migrations.discover(settings.schema_dir) if m.version == 19]
    for statement in keys.spliced(load_fragments(PROJECT_ROOT / "queries" / FRAGMENTS_DIR)):
        await graph.run_schema(statement)
    await graph.read(migrations._await_indexes)
    assert await analyst.finds("Quill") == [("T-OLD-1", "OFFENDER"), ("T-OLD-2", "VICTIM")]
    assert await Officer(client, settings, OM).finds("Quill") == []


# The rule on every name match, as searchPeople asked before the keys (issue 24): the reference.
EVERY_MATCH = """
    CALL db.index.fulltext.queryNodes('person_names', $terms) YIELD node
    WITH node AS p
    WITH p, @person_kind(p) AS kind
    WHERE kind IS NOT NULL
    RETURN p.id AS id, kind"""


async def test_each_persona_finds_what_the_rule_on_every_name_match_shows(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    words = {row["word"] for row in await cypher(graph, """
        MATCH (p:Person) WHERE p.id STARTS WITH 'DEMO-'
        UNWIND split(toLower(p.name), ' ') AS word
        RETURN DISTINCT word""")}
    texts = sorted(words) + sorted(word[:3] for word in words)
    for persona in PERSONAS:
        officer = Officer(client, settings, persona.officer_id)
        access = {"agencyId": persona.agency_id, "userId": persona.officer_id,
                  "classes": sorted(field_classes(persona.agency_kind, [persona.role]))}
        for text in texts:
            data = await officer.ok(SEARCH, text=text, first=MAX_FIRST)
            hits = data["searchPeople"]
            assert len(hits) < MAX_FIRST
            expected = await spliced(graph, EVERY_MATCH, terms=lucene_query(text), **access)
            assert sorted((h["person"]["id"], h["kind"]) for h in hits) == sorted(
                (row["id"], row["kind"]) for row in expected), (persona.officer_id, text)
            assert [h["person"]["id"] for h in hits] == [h["person"]["id"] for h in sorted(
                hits, key=lambda h: (-h["score"], h["person"]["id"]))]
