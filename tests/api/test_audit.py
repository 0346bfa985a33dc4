"""Every operation leaves one durable audit event; the log exposes tampering (more in
tests/api/test_audit_log.py)."""

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
from neo4j import AsyncManagedTransaction

from app.access.tokens import issue_dev_token
from app.platform.neo4j.driver import Graph, queries_run
from app.settings import PROJECT_ROOT, Settings
from seed.demo import PERSONAS
from seed.load import load_demo
from tests.api.client import http_client, without_request_ids
from tests.graph import block_audit_appends, logged

TRAIL = """query Trail($filter: AuditFilter, $first: Int, $after: String) {
  auditTrail(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id sequence userId agencyId roles purpose justification action
                          operation subjectIds fieldClasses outcome hash } }
    pageInfo { hasNextPage endCursor }
  }
}"""
VERIFY = "{ verifyAuditChain { ok length firstBrokenId detail } }"


def persona_headers(settings: Settings, officer_id: str, **extra: str) -> dict[str, str]:
    persona = next(p for p in PERSONAS if p.officer_id == officer_id)
    token = issue_dev_token(settings, persona.officer_id, persona.agency_id, [persona.role])
    return {"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT", **extra}


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, date.today())
    async with http_client(settings) as c:
        yield c


async def gql(
    client: httpx.AsyncClient, query: str, headers: dict[str, str], **variables: Any
) -> dict[str, Any]:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    return dict(response.json())


async def trail(
    client: httpx.AsyncClient, settings: Settings, graph: Graph, **filter_: Any
) -> list[dict[str, Any]]:
    """The auditor's view of the trail, once every event written so far is in the log."""
    await logged(graph, settings)
    body = await gql(client, TRAIL, persona_headers(settings, "demo.auditor"),
                     filter=filter_ or None, first=100)
    assert "errors" not in body, body
    return [e["node"] for e in body["data"]["auditTrail"]["edges"]]


async def test_an_operation_leaves_one_event_naming_who_why_and_what(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    headers = persona_headers(
        settings, "demo.police.ppo", **{"X-Justification": "MAPP meeting 12 May"}
    )
    assert "errors" not in await gql(client, "{ me { userId } }", headers)
    events = await trail(client, settings, graph, userId="demo.police.ppo")
    assert len(events) == 1
    event = events[0]
    assert event["agencyId"] == "AG-DEMO-POLICE"
    assert event["roles"] == ["PUBLIC_PROTECTION_OFFICER"]
    assert event["purpose"] == "RISK_MANAGEMENT"
    assert event["justification"] == "MAPP meeting 12 May"
    assert event["action"] == "CONSULTATION"
    assert event["operation"] == "query me"
    assert event["outcome"] == "OK"
    assert len(event["hash"]) == 64


async def test_a_refused_request_is_audited(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    body = await gql(client, "{ me { userId } }", {"X-Purpose-Of-Use": "RISK_MANAGEMENT"})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    refused = [e for e in await trail(client, settings, graph) if e["outcome"] == "UNAUTHENTICATED"]
    assert len(refused) == 1
    assert refused[0]["userId"] is None
    assert refused[0]["operation"] == "query me"


async def test_only_auditors_read_the_trail_and_the_refusal_is_audited(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    body = await gql(client, TRAIL, persona_headers(settings, "demo.police.ppo"))
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["data"] is None
    events = await trail(client, settings, graph, userId="demo.police.ppo")
    assert [e["outcome"] for e in events] == ["FORBIDDEN"]


async def test_concurrent_operations_each_get_one_event_on_an_intact_chain(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    headers = persona_headers(settings, "demo.probation.om")
    bodies = await asyncio.gather(*(gql(client, "{ me { userId } }", headers) for _ in range(25)))
    assert all("errors" not in b for b in bodies)
    events = await trail(client, settings, graph, userId="demo.probation.om")
    assert len(events) == 25
    sequences = sorted(e["sequence"] for e in events)
    assert sequences == list(range(sequences[0], sequences[0] + 25))
    status = (await gql(client, VERIFY, persona_headers(settings, "demo.auditor")))["data"]
    assert status["verifyAuditChain"]["ok"] is True


async def test_another_process_appending_meanwhile_leaves_one_intact_chain(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    """This process appends after the chain end it last saw; another process (the CLI, creating
    agencies) moves that end under it, between and during this process's operations."""
    headers = persona_headers(settings, "demo.probation.om")

    def create_agencies() -> None:
        for n in range(3):
            result = subprocess.run(
                [sys.executable, "-m", "app.cli", "agency", "create", "--id", f"AG-CHAIN-{n}",
                 "--name", f"Chain {n}", "--kind", "HOUSING", "--area", "NATIONAL"],
                capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120, check=False,
                env={**os.environ, "MAPPA_NEO4J_URI": settings.bolt_uri},
            )
            assert result.returncode == 0, result.stderr

    async def operations() -> None:
        for _ in range(30):
            body = await gql(client, "{ me { userId } }", headers)
            assert "errors" not in body, body

    await gql(client, "{ me { userId } }", headers)
    await asyncio.gather(asyncio.to_thread(create_agencies), operations())
    await gql(client, "{ me { userId } }", headers)
    assert len(await trail(client, settings, graph, userId="demo.probation.om")) == 32
    created = [e for e in await trail(client, settings, graph, action="COLLECTION")
               if e["operation"] == "cli agency create"]
    assert len(created) == 3
    status = (await gql(client, VERIFY, persona_headers(settings, "demo.auditor")))["data"]
    assert status["verifyAuditChain"]["ok"] is True


ADD_INTERVENTION = """mutation($o: ID!, $start: Date!) { addIntervention(input: {
  offenderId: $o, kind: ACCREDITED_PROGRAMME, name: "Programme", start: $start}) { id } }"""


async def test_concurrent_writes_each_append_their_event_in_one_query(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    """Writes of one process at once: each write's transaction adds its event in one query,
    taking no lock another write needs (the sequencer numbers the events afterwards)."""
    headers = persona_headers(settings, "demo.probation.om")

    async def managed(tx: AsyncManagedTransaction) -> list[str]:
        result = await tx.run("MATCH (:CaseOfficer {id: 'demo.probation.om'})-[:MANAGES]->(o) "
                              "RETURN o.id AS id")
        return [r["id"] async for r in result]

    cases = await graph.read(managed)  # one write each: none waits on another's offender
    assert len(cases) >= 8
    first = await gql(client, ADD_INTERVENTION, headers, o=cases[0],
                      start=date.today().isoformat())
    assert "errors" not in first, first
    log: list[str] = []
    token = queries_run.set(log)
    try:
        bodies = await asyncio.gather(*(
            gql(client, ADD_INTERVENTION, headers, o=case, start=date.today().isoformat())
            for case in cases))
    finally:
        queries_run.reset(token)
    assert all("errors" not in b for b in bodies), bodies
    assert log.count("case/add_intervention") == len(cases)
    assert log.count("audit/add_events") == len(cases)
    assert len(await trail(client, settings, graph, userId="demo.probation.om")) == len(cases) + 1
    status = (await gql(client, VERIFY, persona_headers(settings, "demo.auditor")))["data"]
    assert status["verifyAuditChain"]["ok"] is True


async def test_pages_of_the_trail_follow_each_other(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    headers = persona_headers(settings, "demo.dwp.partner")
    for _ in range(5):
        await gql(client, "{ me { userId } }", headers)
    auditor = persona_headers(settings, "demo.auditor")
    seen: list[int] = []
    after = None
    while True:
        body = await gql(client, TRAIL, auditor, filter={"userId": "demo.dwp.partner"},
                         first=2, after=after)
        connection = body["data"]["auditTrail"]
        seen += [e["node"]["sequence"] for e in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert len(seen) == 5
    assert seen == sorted(seen, reverse=True)


async def _tamper(tx: Any, query: str, **params: Any) -> None:
    await tx.run(query, params)


@pytest.mark.parametrize(
    ("tampering", "detail"),
    [
        ("MATCH (e:AuditEvent {id: $id}) SET e.subjectIds = ['DEMO-OFF-99']", "altered"),
        ("MATCH (e:AuditEvent {id: $id}) DETACH DELETE e", "missing"),
    ],
)
async def test_altering_or_deleting_an_event_is_detected(
    client: httpx.AsyncClient, settings: Settings, graph: Graph, tampering: str, detail: str
) -> None:
    headers = persona_headers(settings, "demo.health.partner")
    for _ in range(4):
        await gql(client, "{ me { userId } }", headers)
    events = sorted(await trail(client, settings, graph, userId="demo.health.partner"),
                    key=lambda e: e["sequence"])
    victim, successor = events[1], events[2]
    await graph.write(_tamper, tampering, id=victim["id"])
    status = (await gql(client, VERIFY, persona_headers(settings, "demo.auditor")))
    chain = status["data"]["verifyAuditChain"]
    assert chain["ok"] is False
    expected = victim["id"] if detail == "altered" else successor["id"]
    assert chain["firstBrokenId"] == expected
    assert detail in chain["detail"]


def test_audit_verify_reports_an_intact_log(settings: Settings, graph: Graph) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "audit", "verify"], capture_output=True, text=True,
        cwd=PROJECT_ROOT, env={**os.environ, "MAPPA_NEO4J_URI": settings.bolt_uri},
        timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "audit log intact" in result.stdout


CREATE_OFFENDER = """mutation($input: CreateOffenderInput!) {
  a: createOffender(input: $input) { id }
}"""
VICTIMS = "query($id: ID!) { offender(id: $id) { id victims { name } } }"
AUDIT_UNAVAILABLE = {
    "message": "The audit trail is unavailable, so nothing can be disclosed; try again.",
    "extensions": {"code": "UNAVAILABLE"}}
NEW_OFFENDER = {"name": "Audit Test", "dateOfBirth": "1980-01-01", "category": "CATEGORY_2",
                "level": "LEVEL_1"}


async def count_offenders(graph: Graph) -> int:
    async def work(tx: Any) -> int:
        record = await (await tx.run("MATCH (o:Offender) RETURN count(o) AS n")).single()
        return int(record["n"])

    return await graph.read(work)


async def test_a_write_and_its_audit_event_commit_together_or_not_at_all(
    client: httpx.AsyncClient, settings: Settings, graph: Graph,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = persona_headers(settings, "demo.police.ppo")
    body = await gql(client, CREATE_OFFENDER, headers, input=NEW_OFFENDER)
    made = body["data"]["a"]["id"]
    [event] = await trail(client, settings, graph, userId="demo.police.ppo")
    assert (event["operation"], event["action"], event["subjectIds"]) == (
        "mutation createOffender", "COLLECTION", [made])

    block_audit_appends(monkeypatch)
    before = await count_offenders(graph)
    body = await gql(client, CREATE_OFFENDER, headers, input=NEW_OFFENDER)
    # Nor can the operation's own event (of the write's error) be written: no data at all.
    assert body["data"] is None
    assert without_request_ids(body["errors"]) == [AUDIT_UNAVAILABLE]
    assert await count_offenders(graph) == before


PROFILE = """query Profile($id: ID!) { offender(id: $id) {
  id currentAddress { id } addresses { address { id } }
  victims { id name location { id postcode } }
  contacts { person { id name } }
  conditions { zone { id } protectedPerson { id } } } }"""


async def test_a_profile_read_names_every_person_address_and_zone_it_disclosed(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    """The auditor's "who has consulted this victim" finds a profile read that showed her."""
    vlo = persona_headers(settings, "demo.probation.vlo")
    body = await gql(client, PROFILE, vlo, id="DEMO-OFF-04")  # a stalker, his victim's zone
    assert "errors" not in body, body
    shown = body["data"]["offender"]
    victim = shown["victims"][0]
    assert victim["location"] is not None
    consulted = await trail(client, settings, graph, subjectId=victim["id"])
    assert [(e["userId"], e["operation"]) for e in consulted] == [
        ("demo.probation.vlo", "query offender")]
    zones = {c["zone"]["id"] for c in shown["conditions"] if c["zone"]}
    assert zones
    expected = {shown["id"], victim["id"], victim["location"]["id"], *zones}
    assert expected <= set(consulted[0]["subjectIds"])


async def test_a_network_read_names_every_node_it_showed(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    analyst = persona_headers(settings, "demo.police.analyst")
    body = await gql(client, '{ network(personId: "DEMO-OFF-02", depth: 1) { nodes { id kind } } }',
                     analyst)
    nodes = body["data"]["network"]["nodes"]
    assert any(n["kind"] == "ADDRESS" for n in nodes)
    [event] = await trail(client, settings, graph, userId="demo.police.analyst")
    assert set(event["subjectIds"]) == {n["id"] for n in nodes}


async def test_a_read_whose_audit_event_cannot_be_written_discloses_nothing(
    client: httpx.AsyncClient, settings: Settings, graph: Graph,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = persona_headers(settings, "demo.police.ppo")
    assert "errors" not in await gql(client, VICTIMS, headers, id="DEMO-OFF-01")
    block_audit_appends(monkeypatch)
    body = await gql(client, VICTIMS, headers, id="DEMO-OFF-01")
    assert body["data"] is None
    assert without_request_ids(body["errors"]) == [AUDIT_UNAVAILABLE]
