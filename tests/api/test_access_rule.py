"""The record-level rule through HTTP and WebSocket on the demo scenario: a case officer's MANAGES
gives nothing of itself. When his agency's involvement lapses (its `until` passes, with no write),
the officer is refused at once in reads, traversals, search, alerts and an open alertRaised
subscription, victims' protected addresses included; and a token whose `sub` equals another
agency's officer id gains none of that officer's cases."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from app.access.tokens import issue_dev_token
from app.core.enums import Role
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.load import load_demo
from tests.api.client import http_client
from tests.api.live import bearer, demo_alert_server, init, persona, raise_on, subscribe
from tests.graph import cypher

PPO = persona("demo.police.ppo")  # manages DEMO-OFF-02 (probation's case, police involved)
CASE = "DEMO-OFF-02"  # Wayne Ashcroft; victim DEMO-VIC-02, son DEMO-CON-02A, linked to DEMO-OFF-07
LAPSE = """
  MATCH (:Agency {id: 'AG-DEMO-POLICE'})-[i:INVOLVED_IN]->(:Offender {id: 'DEMO-OFF-02'})
  SET i.until = date() - duration('P1D')"""
STILL_MANAGES = """
  MATCH (:CaseOfficer {id: 'demo.police.ppo'})-[m:MANAGES]->(:Offender {id: 'DEMO-OFF-02'})
  RETURN count(m) AS links"""
SUBSCRIPTION = "subscription { alertRaised { sequence offender { id } } }"

Ask = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, datetime.now(UTC).date())
    async with http_client(settings.model_copy(update={"run_worker": False})) as c:
        yield c


def asker(client: httpx.AsyncClient, authorization: str) -> Ask:
    async def ask(query: str, **variables: Any) -> dict[str, Any]:
        response = await client.post("/graphql", json={"query": query, "variables": variables},
                                     headers={"Authorization": authorization,
                                              "X-Purpose-Of-Use": "RISK_MANAGEMENT"})
        return dict(response.json())
    return ask


async def what_the_case_shows(ask: Ask) -> dict[str, Any]:
    """What each operation tells the caller about DEMO-OFF-02's case (empty: nothing)."""
    async def data(query: str, **variables: Any) -> Any:
        body = await ask(query, **variables)
        assert "errors" not in body, body
        return body["data"]

    offender = (await data("query($id: ID!) { offender(id: $id) { id victims {"
                           " location { postcode } } } }", id=CASE))["offender"]
    caseload = await data("{ offenders(first: 100) { edges { node { id } } } }")
    network = await data("query($id: ID!) { network(personId: $id) { nodes { id } } }", id=CASE)
    path = await data("query($a: ID!, $b: ID!) { shortestPath(fromId: $a, toId: $b) { length } }",
                      a=CASE, b="DEMO-VIC-02")
    common = await data("query($ids: [ID!]!) { commonAssociates(personIds: $ids) { id } }",
                        ids=["DEMO-CON-02A", "DEMO-OFF-07"])
    search = await data("query($t: String!) { searchPeople(text: $t) { person { id } } }",
                        t="Emma Clarke")
    alerts = await data("query($id: ID!) { alerts(filter: {offenderId: $id}, first: 10) {"
                        " edges { node { sequence } } } }", id=CASE)
    return {
        "offender": offender,
        "offenders": [e["node"]["id"] for e in caseload["offenders"]["edges"]
                      if e["node"]["id"] == CASE],
        "network": [n["id"] for n in network["network"]["nodes"]],
        "shortestPath": path["shortestPath"],
        "commonAssociates": [p["id"] for p in common["commonAssociates"]],
        "searchPeople": [h["person"]["id"] for h in search["searchPeople"]
                         if h["person"]["id"] == "DEMO-VIC-02"],
        "alerts": [e["node"]["sequence"] for e in alerts["alerts"]["edges"]],
    }


async def test_an_officer_whose_agencys_involvement_lapsed_is_refused_at_once(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await raise_on(graph, CASE)
    ppo = asker(client, bearer(settings, PPO))
    before = await what_the_case_shows(ppo)
    assert before["offender"]["victims"] == [{"location": {"postcode": "M12 4NL"}}]
    assert before["commonAssociates"] == [CASE]
    assert all(before.values()), before

    await cypher(graph, LAPSE)
    assert await cypher(graph, STILL_MANAGES) == [{"links": 1}]  # nothing removed the link
    after = await what_the_case_shows(ppo)
    assert after == {"offender": None, "offenders": [], "network": [], "shortestPath": None,
                     "commonAssociates": [], "searchPeople": [], "alerts": []}


async def test_an_open_subscription_hears_nothing_more_once_the_involvement_lapsed(
    settings: Settings, graph: Graph
) -> None:
    async with (demo_alert_server(settings, graph) as server,
                subscribe(server, init(settings, PPO), SUBSCRIPTION) as sub):
        await asyncio.sleep(0.3)  # subscribed before the first alert is raised
        first = await raise_on(graph, CASE)
        assert (await sub.alert())["sequence"] == first
        await cypher(graph, LAPSE)
        await raise_on(graph, CASE)
        assert await sub.quiet(1.0), "an officer whose agency's involvement lapsed hears nothing"
        elsewhere = await raise_on(graph, "DEMO-OFF-01")  # police still involved there
        assert (await sub.alert())["sequence"] == elsewhere


# A token of the electronic monitoring service (involved in DEMO-OFF-04, -06 and -09 only) whose
# subject is the police officer who manages DEMO-OFF-02 and DEMO-OFF-05: a partner system's
# subject is not checked against the graph, so it may be anything.
FOREIGN = {"user_id": PPO.officer_id, "agency_id": "AG-DEMO-EM", "roles": [Role.PARTNER_SYSTEM]}


async def test_a_token_whose_sub_is_another_agencys_officer_gains_none_of_his_cases(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await raise_on(graph, "DEMO-OFF-05")
    token = issue_dev_token(settings, FOREIGN["user_id"], FOREIGN["agency_id"], FOREIGN["roles"])
    ask = asker(client, f"Bearer {token}")
    caseload = await ask("{ offenders(first: 100) { edges { node { id } } } }")
    assert [e["node"]["id"] for e in caseload["data"]["offenders"]["edges"]] == [
        "DEMO-OFF-04", "DEMO-OFF-06", "DEMO-OFF-09"]
    one = await ask('{ offender(id: "DEMO-OFF-05") { id name } }')
    assert one == {"data": {"offender": None}}
    search = await ask('{ searchPeople(text: "Anthony Birtwistle") { person { id } } }')
    assert search == {"data": {"searchPeople": []}}
    alerts = await ask('{ alerts(first: 10, filter: {offenderId: "DEMO-OFF-05"}) {'
                       ' edges { node { id } } } }')
    assert alerts["data"]["alerts"]["edges"] == []
    # A refused write answers as for a case that does not exist.
    for offender_id in ("DEMO-OFF-05", "DEMO-OFF-99"):
        refused = await ask("mutation($input: SetMappaLevelInput!) { setMappaLevel(input:"
                            " $input) { level } }",
                            input={"offenderId": offender_id, "level": "LEVEL_2", "reason": "r"})
        assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND", refused


async def test_a_subscription_with_another_agencys_officer_as_sub_hears_none_of_his_cases(
    settings: Settings, graph: Graph
) -> None:
    token = issue_dev_token(settings, FOREIGN["user_id"], FOREIGN["agency_id"], FOREIGN["roles"])
    payload = {"authorization": f"Bearer {token}", "purpose": "PARTNER_INTEGRATION"}
    async with (demo_alert_server(settings, graph) as server,
                subscribe(server, payload, SUBSCRIPTION) as sub):
        await asyncio.sleep(0.3)
        await raise_on(graph, "DEMO-OFF-05")
        await raise_on(graph, CASE)
        assert await sub.quiet(1.0), "none of the officer's cases reaches another agency's token"
        its_own = await raise_on(graph, "DEMO-OFF-04")
        assert (await sub.alert())["sequence"] == its_own


async def test_a_lapsed_involvement_can_be_withdrawn_to_end_its_officers_links(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await cypher(graph, LAPSE)
    coordinator = asker(client, bearer(settings, persona("demo.probation.coordinator")))
    yesterday = (await cypher(graph, "RETURN toString(date() - duration('P1D')) AS d"))[0]["d"]
    withdraw = ("mutation($input: WithdrawAgencyInput!) { withdrawAgency(input: $input) {"
                " agencyId basis until } }")
    for _ in range(2):  # as it ended, however often
        body = await coordinator(withdraw, input={"offenderId": CASE,
                                                  "agencyId": "AG-DEMO-POLICE"})
        assert body == {"data": {"withdrawAgency": {
            "agencyId": "AG-DEMO-POLICE", "basis": "MAPPA_CATEGORY", "until": yesterday}}}
    assert await cypher(graph, STILL_MANAGES) == [{"links": 0}]


async def test_a_profile_lists_no_officer_whose_agencys_involvement_lapsed(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    """The police PPO still MANAGES DEMO-OFF-02 once police's involvement lapsed, but manages
    nothing: probation's offender manager no longer reads him among the case's officers."""
    om = asker(client, bearer(settings, persona("demo.probation.om")))

    async def officers() -> list[str]:
        body = await om("query($id: ID!) { offender(id: $id) { officers { id } } }", id=CASE)
        return [o["id"] for o in body["data"]["offender"]["officers"]]

    assert "demo.police.ppo" in await officers()
    await cypher(graph, LAPSE)
    assert await cypher(graph, STILL_MANAGES) == [{"links": 1}]
    assert "demo.police.ppo" not in await officers()
