"""Link analysis through HTTP: `network`, `shortestPath` and `commonAssociates` walk only through
people the caller may see, along links of classes it holds; hidden people are neither shown,
counted nor crossed, and a hidden start answers exactly as a missing one."""

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
from neo4j import AsyncManagedTransaction

from app.access.table import field_classes
from app.access.tokens import issue_dev_token
from app.core.enums import AgencyKind, FieldClass, Role
from app.platform.neo4j.driver import Graph, queries_run
from app.settings import Settings
from seed.demo import PERSONAS, Persona
from seed.load import load_demo
from tests.api.client import extensions, http_client
from tests.api.operations import PATH

NETWORK = """query Net($id: ID!, $depth: Int, $limit: Int) {
  network(personId: $id, depth: $depth, limit: $limit) {
    nodes { id kind label } edges { source target type } truncated
  }
}"""
COMMON = """query Common($ids: [ID!]!) {
  commonAssociates(personIds: $ids) { id name dateOfBirth }
}"""
CASELOAD = "{ offenders(first: 100) { edges { node { id } } } }"
TRAIL = """query Trail($user: String) {
  auditTrail(filter: {userId: $user}, first: 100) {
    edges { node { operation subjectIds fieldClasses outcome } }
  }
}"""

# A small world, built directly: the police unit AG-P is involved in offenders A and B but not in
# H, which only AG-Q (another force) shares. H joins A and B, and lives with A: each case recorded
# the address itself (AG-Q in other words), and the two records meet at one Place.
WORLD = """
CREATE (p:Agency {id: 'AG-P', name: 'Police P', kind: 'POLICE', area: 'X'}),
       (q:Agency {id: 'AG-Q', name: 'Police Q', kind: 'POLICE', area: 'Y'}),
       (pr:Agency {id: 'AG-PR', name: 'Probation P', kind: 'PROBATION', area: 'X'}),
       (ho:Agency {id: 'AG-HO', name: 'Housing P', kind: 'HOUSING', area: 'X'}),
       (au:Agency {id: 'AG-AU', name: 'Audit', kind: 'POLICE', area: 'X'})
CREATE (:CaseOfficer {id: 'ppo', name: 'P Officer', role: 'PUBLIC_PROTECTION_OFFICER'})
         -[:WORKS_FOR]->(p),
       (:CaseOfficer {id: 'om', name: 'O Manager', role: 'OFFENDER_MANAGER'})-[:WORKS_FOR]->(pr),
       (:CaseOfficer {id: 'housing', name: 'H Officer', role: 'PARTNER_OFFICER'})-[:WORKS_FOR]->(ho)
CREATE (a:Person:Offender {id: 'A', name: 'Alan Able'}),
       (b:Person:Offender {id: 'B', name: 'Brian Baker'}),
       (h:Person:Offender {id: 'H', name: 'Hidden Harris'}),
       (ca:Person:NamedContact {id: 'CA', name: 'Carol Able', dateOfBirth: date('1990-01-01')}),
       (ch:Person:NamedContact {id: 'CH', name: 'Chris Harris'}),
       (v:Person:Victim {id: 'VA', name: 'Vera Vine'}),
       (home:Address {id: 'ADR-AH', line1: '1 Shared Road', postcode: 'X1 1AA', town: 'X'}),
       (hers:Address {id: 'ADR-HH', line1: '1 shared road', postcode: 'X1 1AA', town: 'Hidden'}),
       (place:Place {key: 'X11AA|1 shared road'}),
       (safe:Address:Protected {id: 'ADR-V', line1: '9 Safe Street', postcode: 'X9 9ZZ', town: 'X'})
CREATE (p)-[:INVOLVED_IN {basis: 'LEAD'}]->(a), (p)-[:INVOLVED_IN {basis: 'LEAD'}]->(b),
       (pr)-[:INVOLVED_IN {basis: 'MAPPA_CATEGORY'}]->(a),
       (pr)-[:INVOLVED_IN {basis: 'MAPPA_CATEGORY'}]->(b),
       (ho)-[:INVOLVED_IN {basis: 'DUTY_TO_COOPERATE'}]->(a),
       (q)-[:INVOLVED_IN {basis: 'LEAD'}]->(h)
CREATE (a)-[:ASSOCIATES_WITH {handling: 'P', source: 2, information: 'B'}]->(h),
       (h)-[:ASSOCIATES_WITH {handling: 'P', source: 2, information: 'B'}]->(b),
       (a)-[:HAS_CONTACT {relationship: 'SIBLING'}]->(ca),
       (h)-[:HAS_CONTACT {relationship: 'FRIEND'}]->(ch),
       (a)-[:OFFENDED_AGAINST]->(v), (v)-[:LOCATED_AT {from: date('2020-01-01')}]->(safe),
       (a)-[:RESIDES_AT {from: date('2020-01-01'), kind: 'HOME'}]->(home),
       (h)-[:RESIDES_AT {from: date('2020-01-01'), kind: 'HOME'}]->(hers),
       (home)-[:AT]->(place), (hers)-[:AT]->(place),
       (a)-[:RESIDENT_OF]->(place), (h)-[:RESIDENT_OF]->(place)
WITH count(*) AS built
// Each involvement carries its ends' ids, as the app's writes leave it (graph_schema/V0012).
MATCH (agency:Agency)-[i:INVOLVED_IN]->(o:Offender)
SET i.agencyId = agency.id, i.offenderId = o.id
"""

PPO = ("ppo", "AG-P", Role.PUBLIC_PROTECTION_OFFICER)
OM = ("om", "AG-PR", Role.OFFENDER_MANAGER)
HOUSING = ("housing", "AG-HO", Role.PARTNER_OFFICER)


async def write(graph: Graph, cypher: str) -> None:
    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run(cypher)

    await graph.write(work)


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await write(graph, WORLD)
    async with http_client(settings) as c:
        yield c


async def gql(
    client: httpx.AsyncClient, settings: Settings, who: tuple[str, str, Role], query: str,
    **variables: Any,
) -> dict[str, Any]:
    user, agency, role = who
    token = issue_dev_token(settings, user, agency, [role])
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "INVESTIGATION"},
    )
    return dict(response.json())


async def data(
    client: httpx.AsyncClient, settings: Settings, who: tuple[str, str, Role], query: str,
    **variables: Any,
) -> Any:
    body = await gql(client, settings, who, query, **variables)
    assert "errors" not in body, body
    return body["data"]


async def network(
    client: httpx.AsyncClient, settings: Settings, who: tuple[str, str, Role], person: str,
    **variables: Any,
) -> dict[str, Any]:
    found: dict[str, Any] = (
        await data(client, settings, who, NETWORK, id=person, **variables))["network"]
    return found


def ids(found: dict[str, Any]) -> set[str]:
    return {n["id"] for n in found["nodes"]}


async def test_the_network_leaves_out_a_hidden_offender_and_all_beyond_him(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    found = await network(client, settings, PPO, "A", depth=3)
    assert ids(found) == {"A", "CA", "VA", "ADR-V", "ADR-AH"}
    assert found["truncated"] is False
    assert {(e["source"], e["type"], e["target"]) for e in found["edges"]} == {
        ("A", "HAS_CONTACT", "CA"), ("A", "OFFENDED_AGAINST", "VA"),
        ("VA", "LOCATED_AT", "ADR-V"), ("A", "RESIDES_AT", "ADR-AH"),
    }
    kinds = {n["id"]: (n["kind"], n["label"]) for n in found["nodes"]}
    assert kinds["A"] == ("OFFENDER", "Alan Able")
    assert kinds["CA"] == ("NAMED_CONTACT", "Carol Able")
    assert kinds["ADR-AH"] == ("ADDRESS", "1 Shared Road, X1 1AA")


async def test_links_tell_when_they_began_and_ended_their_kind_and_an_associations_grading(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await write(graph, """
        MATCH (a:Offender {id: 'A'}), (b:Offender {id: 'B'})
        CREATE (a)-[:ASSOCIATES_WITH {handling: 'C', source: 2, information: 'B',
                                      observedAt: datetime('2024-05-06T10:00:00Z')}]->(b)""")
    query = NETWORK.replace("edges { source target type }", "edges { source target type "
                            "since until detail grading { source information handling } }")
    found = (await data(client, settings, PPO, query, id="A", depth=1))["network"]
    edges = {(e["source"], e["type"], e["target"]): e for e in found["edges"]}
    assert edges["A", "ASSOCIATES_WITH", "B"] | {"source": None} == {
        "source": None, "target": "B", "type": "ASSOCIATES_WITH", "since": "2024-05-06",
        "until": None, "detail": None,
        "grading": {"source": 2, "information": "B", "handling": "C"}}
    assert edges["A", "HAS_CONTACT", "CA"]["detail"] == "SIBLING"
    home = edges["A", "RESIDES_AT", "ADR-AH"]
    assert (home["since"], home["until"], home["detail"], home["grading"]) == (
        "2020-01-01", None, "HOME", None)
    path = await data(client, settings, PPO, PATH.replace(
        "edges { source target type }", "edges { type since grading { handling } }"),
        **{"from": "A", "to": "B"})
    assert path["shortestPath"]["edges"] == [
        {"type": "ASSOCIATES_WITH", "since": "2024-05-06", "grading": {"handling": "C"}}]


async def test_truncation_counts_only_what_the_caller_may_see(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # A sees 4 people and addresses around him; H, CH and H's links add nothing to the count.
    assert (await network(client, settings, PPO, "A", depth=3, limit=5))["truncated"] is False
    cut = await network(client, settings, PPO, "A", depth=3, limit=4)
    assert cut["truncated"] is True
    assert len(cut["nodes"]) == 4
    assert all(e["source"] in ids(cut) and e["target"] in ids(cut) for e in cut["edges"])


async def test_a_hidden_or_missing_start_gives_the_same_empty_network(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    empty = {"nodes": [], "edges": [], "truncated": False}
    assert await network(client, settings, PPO, "H") == empty
    assert await network(client, settings, PPO, "NOBODY") == empty
    # H's contact is only known through H, so the unit does not see him either.
    assert await network(client, settings, PPO, "CH") == empty


async def test_a_path_only_through_a_hidden_offender_is_not_found_until_he_is_shared(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    assert (await data(client, settings, PPO, PATH, **{"from": "A", "to": "B"}))[
        "shortestPath"] is None
    assert "B" not in ids(await network(client, settings, PPO, "A", depth=3))

    await write(graph, "MATCH (p:Agency {id: 'AG-P'}), (h:Offender {id: 'H'}) "
                       "CREATE (p)-[:INVOLVED_IN {basis: 'MAPPA_CATEGORY', agencyId: 'AG-P', "
                       "offenderId: 'H'}]->(h)")
    path = (await data(client, settings, PPO, PATH, **{"from": "A", "to": "B"}))["shortestPath"]
    assert path["length"] == 2
    assert [n["id"] for n in path["nodes"]] == ["A", "H", "B"]
    assert [(e["source"], e["type"], e["target"]) for e in path["edges"]] == [
        ("A", "ASSOCIATES_WITH", "H"), ("H", "ASSOCIATES_WITH", "B")]
    assert {"H", "B", "CH"} <= ids(await network(client, settings, PPO, "A", depth=3))
    # One link short of the path: not found.
    assert (await data(client, settings, PPO, PATH, **{"from": "A", "to": "B", "maxDepth": 1}))[
        "shortestPath"] is None

    # Withdrawal takes effect on the next request.
    await write(graph, "MATCH (:Agency {id: 'AG-P'})-[i:INVOLVED_IN]->(:Offender {id: 'H'}) "
                       "SET i.until = date() - duration('P1D')")
    assert (await data(client, settings, PPO, PATH, **{"from": "A", "to": "B"}))[
        "shortestPath"] is None


async def test_a_path_through_a_shared_address_needs_the_address_class(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await write(graph, "MATCH (b:Offender {id: 'B'}), (place:Place) "
                       "CREATE (b)-[:RESIDES_AT {from: date('2021-01-01'), kind: 'HOME'}]->"
                       "(:Address {id: 'ADR-BH', line1: '1 Shared Road', postcode: 'X1 1AA'})"
                       "-[:AT]->(place), (b)-[:RESIDENT_OF]->(place)")
    path = (await data(client, settings, PPO, PATH, **{"from": "A", "to": "B"}))["shortestPath"]
    assert [n["id"] for n in path["nodes"]] == ["A", "ADR-AH", "B"]
    # The victim's protected address is no stepping stone for anyone without VICTIM_LOCATION.
    probation = await network(client, settings, OM, "A", depth=3)
    assert "ADR-V" not in ids(probation)
    assert "VA" in ids(probation)


async def test_housing_sees_the_offender_and_his_address_only(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    found = await network(client, settings, HOUSING, "A", depth=3)
    assert ids(found) == {"A", "ADR-AH"}
    assert (await data(client, settings, HOUSING, PATH, **{"from": "A", "to": "CA"}))[
        "shortestPath"] is None


async def test_handling_code_c_links_stay_with_the_police(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await write(graph, "MATCH (a:Offender {id: 'A'}), (b:Offender {id: 'B'}) "
                       "CREATE (a)-[:ASSOCIATES_WITH {handling: 'C', source: 1, "
                       "information: 'A'}]->(b)")
    assert "B" in ids(await network(client, settings, PPO, "A", depth=1))
    assert "B" not in ids(await network(client, settings, OM, "A", depth=3))
    assert (await data(client, settings, OM, PATH, **{"from": "A", "to": "B"}))[
        "shortestPath"] is None


async def test_common_associates_are_the_visible_people_linked_to_all(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await write(graph, "MATCH (b:Offender {id: 'B'}), (h:Offender {id: 'H'}), "
                       "(ca:Person {id: 'CA'}) "
                       "CREATE (b)-[:ASSOCIATES_WITH {handling: 'P'}]->(ca), "
                       "(h)-[:ASSOCIATES_WITH {handling: 'P'}]->(ca)")
    common = (await data(client, settings, PPO, COMMON, ids=["A", "B"]))["commonAssociates"]
    assert common == [{"id": "CA", "name": "Carol Able", "dateOfBirth": "1990-01-01"}]
    # H is an associate of both A and B, but hidden: not listed. A hidden person among the
    # given ones answers as a missing one does.
    assert (await data(client, settings, PPO, COMMON, ids=["A", "H"]))["commonAssociates"] == []
    assert (await data(client, settings, PPO, COMMON, ids=["A", "NOBODY"]))[
        "commonAssociates"] == []


@pytest.mark.parametrize(("query", "variables", "field"), [
    (NETWORK, {"id": "A", "depth": 0}, "depth"),
    (NETWORK, {"id": "A", "depth": 4}, "depth"),
    (NETWORK, {"id": "A", "limit": 0}, "limit"),
    (NETWORK, {"id": "A", "limit": 1001}, "limit"),
    (PATH, {"from": "A", "to": "B", "maxDepth": 7}, "maxDepth"),
    (PATH, {"from": "A", "to": "A"}, "toId"),
    (COMMON, {"ids": ["A"]}, "personIds"),
    (COMMON, {"ids": ["A", "A"]}, "personIds"),
    (COMMON, {"ids": [f"P{i}" for i in range(11)]}, "personIds"),
])
async def test_out_of_bounds_arguments_are_refused_naming_them(
    client: httpx.AsyncClient, settings: Settings, query: str, variables: dict[str, Any],
    field: str,
) -> None:
    body = await gql(client, settings, PPO, query, **variables)
    [error] = body["errors"]
    assert extensions(error) == {"code": "VALIDATION", "field": field}
    assert field in error["message"]


async def test_each_traversal_costs_one_round_trip_and_is_audited(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    traversals: list[tuple[str, dict[str, Any], str]] = [
        (NETWORK, {"id": "A", "depth": 3}, "network/find_network"),
        (PATH, {"from": "A", "to": "CA"}, "network/find_shortest_path"),
        (COMMON, {"ids": ["A", "B"]}, "network/find_common_associates"),
    ]
    for query, variables, name in traversals:
        log: list[str] = []
        token = queries_run.set(log)
        try:
            await data(client, settings, PPO, query, **variables)
        finally:
            queries_run.reset(token)
        assert [q for q in log if not q.startswith(("principal/", "audit/"))] == [name]

    auditor = ("auditor", "AG-AU", Role.AUDITOR)
    trail = (await data(client, settings, auditor, TRAIL, user="ppo"))["auditTrail"]["edges"]
    events = {e["node"]["operation"]: e["node"] for e in trail}
    net = events["query network"]
    # Every node shown, addresses included.
    assert set(net["subjectIds"]) == {"A", "CA", "VA", "ADR-AH", "ADR-V"}
    assert set(net["fieldClasses"]) == {
        "IDENTITY", "CONTACTS", "VICTIM_IDENTITY", "VICTIM_LOCATION", "OFFENDER_ADDRESS"}
    assert set(events["query shortestPath"]["subjectIds"]) == {"A", "CA"}


def persona_tuple(who: Persona) -> tuple[str, str, Role]:
    return who.officer_id, who.agency_id, who.role


@pytest.mark.parametrize("who", [p for p in PERSONAS if p.role not in (Role.AUDITOR, Role.ADMIN)],
                         ids=lambda p: p.officer_id)
async def test_every_demo_persona_sees_in_each_network_only_what_its_classes_allow(
    settings: Settings, graph: Graph, who: Persona
) -> None:
    await load_demo(graph, date.today())
    me = persona_tuple(who)
    granted = field_classes(who.agency_kind, [who.role])
    async with http_client(settings) as client:
        caseload = await data(client, settings, me, CASELOAD)
        visible = {e["node"]["id"] for e in caseload["offenders"]["edges"]}
        for offender_id in sorted(visible):
            found = await network(client, settings, me, offender_id, depth=3)
            kinds = {n["id"]: n["kind"] for n in found["nodes"]}
            assert kinds[offender_id] == "OFFENDER"
            for node_id, kind in kinds.items():
                if kind == "OFFENDER":
                    assert node_id in visible, (offender_id, node_id)
                if kind == "VICTIM":
                    assert FieldClass.VICTIM_IDENTITY in granted
                if kind == "NAMED_CONTACT":
                    assert FieldClass.CONTACTS in granted
            for edge in found["edges"]:
                if edge["type"] == "LOCATED_AT":
                    assert FieldClass.VICTIM_LOCATION in granted
                if edge["type"] == "ASSOCIATES_WITH":
                    assert FieldClass.INTELLIGENCE in granted
    if who.agency_kind is AgencyKind.HOUSING:
        assert visible == {"DEMO-OFF-01"}


async def test_as_at_a_date_the_links_that_stood_then_are_followed_and_need_to_know_is_now(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await write(graph, """
        MATCH (a:Offender {id: 'A'}), (b:Offender {id: 'B'})
        CREATE (a)-[:RESIDES_AT {from: date('2015-01-01'), to: date('2020-01-01'), kind: 'HOME'}]
                 ->(:Address {id: 'ADR-OLD', line1: '2 Old Lane', postcode: 'X2 2BB', town: 'X'})
                 -[:AT]->(old:Place {key: 'X22BB|2 old lane'}), (a)-[:RESIDENT_OF]->(old),
               (a)-[:ASSOCIATES_WITH {handling: 'P', source: 2, information: 'B',
                                      observedAt: datetime('2024-05-06T10:00:00Z')}]->(b)""")
    dated = NETWORK.replace("$limit: Int)", "$limit: Int, $asAt: Date)").replace(
        "limit: $limit)", "limit: $limit, asAt: $asAt)")
    then = (await data(client, settings, PPO, dated, id="A", depth=1,
                       asAt="2018-06-01"))["network"]
    now = (await data(client, settings, PPO, dated, id="A", depth=1))["network"]
    assert {"ADR-OLD", "CA"} <= ids(then)
    assert not {"ADR-AH", "B"} & ids(then), "begun after the date"
    assert {"ADR-AH", "B", "CA"} <= ids(now)
    assert "ADR-OLD" not in ids(now), "ended before today"

    dated_path = PATH.replace("$maxDepth: Int)", "$maxDepth: Int, $asAt: Date)").replace(
        "maxDepth: $maxDepth)", "maxDepth: $maxDepth, asAt: $asAt)")
    path = {"from": "A", "to": "B"}
    assert (await data(client, settings, PPO, dated_path, **path,
                       asAt="2023-01-01"))["shortestPath"] is None
    assert (await data(client, settings, PPO, dated_path, **path))["shortestPath"]["length"] == 1

    # Who may be seen is decided as of now: police P's involvement in B ended in 2021, so B stays
    # hidden from the network as at 2020 too, and no chain passes through him.
    await write(graph, "MATCH (:Agency {id: 'AG-P'})-[i:INVOLVED_IN]->(:Offender {id: 'B'}) "
                       "SET i.until = date('2021-01-01')")
    await write(graph, "MATCH (a:Offender {id: 'A'})-[r:ASSOCIATES_WITH]->(:Offender {id: 'B'}) "
                       "SET r.observedAt = datetime('2019-01-01T00:00:00Z')")
    assert "B" not in ids((await data(client, settings, PPO, dated, id="A", depth=3,
                                      asAt="2020-06-01"))["network"])
    assert (await data(client, settings, PPO, dated_path, **path,
                       asAt="2020-06-01"))["shortestPath"] is None
