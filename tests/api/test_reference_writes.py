"""ADMIN principals create agencies and case officers through the API; nobody else may, a taken
id is a CONFLICT, bad input is a VALIDATION error naming the field, and none of them writes."""

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
from neo4j import AsyncManagedTransaction

from app.access.tokens import issue_dev_token
from app.core.enums import Role
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.demo import PERSONAS
from seed.load import load_demo
from tests.api.client import extensions, http_client

CREATE_AGENCY = """mutation($input: CreateAgencyInput!) {
  createAgency(input: $input) { id name kind area }
}"""
CREATE_OFFICER = """mutation($input: CreateCaseOfficerInput!) {
  createCaseOfficer(input: $input) { id name role agency { id name kind area } }
}"""
NEW_AGENCY = {"id": "AG-DEMO-YOS2", "name": "Salford Youth Offending Service",
              "kind": "YOUTH_JUSTICE", "area": "gmp"}
NEW_OFFICER = {"id": "demo.youth.om2", "name": "Sam Ortiz", "agencyId": "AG-DEMO-YOS2",
               "role": "OFFENDER_MANAGER"}


def headers(settings: Settings, officer_id: str) -> dict[str, str]:
    who = next(p for p in PERSONAS if p.officer_id == officer_id)
    token = issue_dev_token(settings, who.officer_id, who.agency_id, [who.role])
    return {"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "ADMINISTRATION"}


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, date.today())
    async with http_client(settings) as c:
        yield c


async def post(
    client: httpx.AsyncClient, settings: Settings, officer_id: str, query: str,
    given: dict[str, Any],
) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": {"input": given}},
                                 headers=headers(settings, officer_id))
    return dict(response.json())


async def counts(graph: Graph) -> tuple[int, int]:
    async def work(tx: AsyncManagedTransaction) -> tuple[int, int]:
        result = await tx.run("RETURN COUNT { (:Agency) } AS agencies, "
                              "COUNT { (:CaseOfficer) } AS officers")
        record = await result.single()
        assert record is not None
        return record["agencies"], record["officers"]

    return await graph.read(work)


async def test_an_admin_creates_an_agency_and_its_officer_who_can_then_sign_in(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    body = await post(client, settings, "demo.admin", CREATE_AGENCY, NEW_AGENCY)
    assert body == {"data": {"createAgency": {
        "id": "AG-DEMO-YOS2", "name": "Salford Youth Offending Service", "kind": "YOUTH_JUSTICE",
        "area": "GMP"}}}
    body = await post(client, settings, "demo.admin", CREATE_OFFICER, NEW_OFFICER)
    assert body["data"]["createCaseOfficer"] == {
        "id": "demo.youth.om2", "name": "Sam Ortiz", "role": "OFFENDER_MANAGER",
        "agency": {"id": "AG-DEMO-YOS2", "name": "Salford Youth Offending Service",
                   "kind": "YOUTH_JUSTICE", "area": "GMP"}}

    token = issue_dev_token(settings, "demo.youth.om2", "AG-DEMO-YOS2", [Role.OFFENDER_MANAGER])
    me = await client.post(
        "/graphql", json={"query": "{ me { userId agency { id kind } } }"},
        headers={"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"})
    assert me.json() == {"data": {"me": {
        "userId": "demo.youth.om2", "agency": {"id": "AG-DEMO-YOS2", "kind": "YOUTH_JUSTICE"}}}}


@pytest.mark.parametrize("officer_id", ["demo.police.ppo", "demo.probation.coordinator",
                                        "demo.auditor"])
async def test_only_an_admin_creates_reference_data(
    client: httpx.AsyncClient, settings: Settings, graph: Graph, officer_id: str
) -> None:
    before = await counts(graph)
    for query, given in [(CREATE_AGENCY, NEW_AGENCY),
                         (CREATE_OFFICER, {**NEW_OFFICER, "agencyId": "AG-DEMO-POLICE"})]:
        body = await post(client, settings, officer_id, query, given)
        assert list(body["data"].values()) == [None]  # the one mutation's answer
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await counts(graph) == before


async def test_a_taken_id_is_a_conflict_and_changes_nothing(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    before = await counts(graph)
    body = await post(client, settings, "demo.admin", CREATE_AGENCY,
                      {**NEW_AGENCY, "id": "AG-DEMO-POLICE"})
    [error] = body["errors"]
    assert error["extensions"]["code"] == "CONFLICT"
    assert "'AG-DEMO-POLICE' already exists with a different name, kind" in error["message"]
    body = await post(client, settings, "demo.admin", CREATE_OFFICER,
                      {**NEW_OFFICER, "id": "demo.police.ppo", "agencyId": "AG-DEMO-POLICE"})
    assert body["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert await counts(graph) == before


@pytest.mark.parametrize(("query", "given", "field"), [
    (CREATE_AGENCY, {**NEW_AGENCY, "id": ""}, "input.id"),
    (CREATE_AGENCY, {**NEW_AGENCY, "id": "AG X"}, "input.id"),
    (CREATE_AGENCY, {**NEW_AGENCY, "name": "  "}, "input.name"),
    (CREATE_AGENCY, {**NEW_AGENCY, "area": "G M P"}, "input.area"),
    (CREATE_AGENCY, {**NEW_AGENCY, "kind": "NAVY"}, "input.kind"),
    (CREATE_OFFICER, {**NEW_OFFICER, "agencyId": "AG-NOWHERE"}, "input.agencyId"),
    (CREATE_OFFICER, {**NEW_OFFICER, "role": "SHERIFF"}, "input.role"),
])
async def test_bad_reference_input_names_the_field_and_writes_nothing(
    client: httpx.AsyncClient, settings: Settings, graph: Graph, query: str,
    given: dict[str, Any], field: str,
) -> None:
    before = await counts(graph)
    body = await post(client, settings, "demo.admin", query, given)
    [error] = body["errors"]
    assert extensions(error) == {"code": "VALIDATION", "field": field}
    assert await counts(graph) == before


async def audit_events(graph: Graph) -> list[dict[str, Any]]:
    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        result = await tx.run("MATCH (e:AuditEvent) RETURN e.userId AS userId, "
                              "e.action AS action, e.operation AS operation, "
                              "e.subjectIds AS subjectIds, e.outcome AS outcome "
                              "ORDER BY e.at, e.id")
        return [r.data() async for r in result]

    return await graph.read(work)


async def test_reference_writes_are_audited_as_collections_and_a_refusal_once(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await post(client, settings, "demo.admin", CREATE_AGENCY, NEW_AGENCY)
    await post(client, settings, "demo.admin", CREATE_OFFICER, NEW_OFFICER)
    await post(client, settings, "demo.police.ppo", CREATE_AGENCY, {**NEW_AGENCY, "id": "AG-Z"})
    made, officer, refused = await audit_events(graph)
    assert made == {"userId": "demo.admin", "action": "COLLECTION",
                    "operation": "mutation createAgency", "subjectIds": ["AG-DEMO-YOS2"],
                    "outcome": "OK"}
    assert officer == {"userId": "demo.admin", "action": "COLLECTION",
                       "operation": "mutation createCaseOfficer",
                       "subjectIds": ["demo.youth.om2"], "outcome": "OK"}
    assert (refused["userId"], refused["subjectIds"], refused["outcome"]) == (
        "demo.police.ppo", [], "FORBIDDEN")
