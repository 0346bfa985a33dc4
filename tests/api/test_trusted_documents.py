"""Trusted documents (app/api/trusted.py): a client names a registered document by its id instead
of sending it, over HTTP and over graphql-transport-ws; with `trusted_documents_only` (production's
default) any other document is refused FORBIDDEN before it is parsed, and audited; an id that names
no registered document is a VALIDATION error on `documentId`, whatever the setting."""

import json
from datetime import date
from typing import Any

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.aiohttp import AIOHTTPTransport
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport
from neo4j import AsyncManagedTransaction

from app.api.trusted import document_id
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.load import load_demo
from tests.api.client import extensions, http_client, registered
from tests.api.live import bearer, connection, demo_alert_server, init, persona, raise_on
from tests.graph import logged

PPO = persona("demo.police.ppo")
EXPLORER_OFFENDER = registered("web/common/documents.js EXPLORER.offender")
ME = registered("web/common/documents.js ME")
ALERT_RAISED = registered("examples/partner/alerts_client.py ALERT_RAISED")
UNREGISTERED = "query Mine($id: ID!) { offender(id: $id) { id name } }"
UNKNOWN_ID = "sha256:" + "0" * 64


def headers(settings: Settings) -> dict[str, str]:
    return {"Authorization": bearer(settings, PPO), "X-Purpose-Of-Use": "RISK_MANAGEMENT"}


async def audited(graph: Graph, settings: Settings) -> list[tuple[str, str]]:
    """(operation, outcome) of every audit event, in order."""
    await logged(graph, settings)

    async def work(tx: AsyncManagedTransaction) -> list[tuple[str, str]]:
        result = await tx.run("MATCH (e:AuditEvent) RETURN e.operation AS operation, "
                              "e.outcome AS outcome ORDER BY e.sequence")
        return [(r["operation"], r["outcome"]) async for r in result]

    return await graph.read(work)


@pytest.fixture
async def trusted_only(settings: Settings, graph: Graph) -> Settings:
    await load_demo(graph, date.today())
    return settings.model_copy(update={"trusted_documents_only": True})


async def post(client: httpx.AsyncClient, settings: Settings, body: dict[str, Any]
               ) -> dict[str, Any]:
    return dict((await client.post("/graphql", json=body, headers=headers(settings))).json())


def test_only_production_runs_registered_documents_alone_by_default() -> None:
    assert not Settings().registered_documents_only
    assert Settings(environment="production").registered_documents_only
    assert not Settings(environment="production",
                        trusted_documents_only=False).registered_documents_only
    assert Settings(trusted_documents_only=True).registered_documents_only


async def test_a_document_named_by_id_answers_as_the_document_sent(
    settings: Settings, graph: Graph
) -> None:
    await load_demo(graph, date.today())
    variables = {"id": "DEMO-OFF-01"}
    async with http_client(settings) as client:
        sent = await post(client, settings, {"query": EXPLORER_OFFENDER, "variables": variables})
        named = await post(client, settings, {"documentId": document_id(EXPLORER_OFFENDER),
                                              "variables": variables})
        apollo = await post(client, settings, {"variables": variables, "extensions": {
            "persistedQuery": {"version": 1,
                               "sha256Hash": document_id(EXPLORER_OFFENDER).split(":")[1]}}})
    assert "errors" not in sent, sent
    assert sent["data"]["offender"]["name"] == "Darren Holt"
    assert named == sent
    assert apollo == sent


@pytest.mark.parametrize("only", [False, True], ids=["any document", "trusted only"])
async def test_an_unknown_id_is_a_validation_error_on_document_id(
    settings: Settings, graph: Graph, only: bool
) -> None:
    await load_demo(graph, date.today())
    async with http_client(settings.model_copy(
            update={"trusted_documents_only": only})) as client:
        body = await post(client, settings, {"documentId": UNKNOWN_ID})
        wrong_type = await post(client, settings, {"documentId": 42})
    for answer in (body, wrong_type):
        assert "data" not in answer
        [error] = answer["errors"]
        assert extensions(error) == {"code": "VALIDATION", "field": "documentId"}
        assert "documentId names no document" in error["message"]
    assert (await audited(graph, settings))[-2:] == [("unregistered", "VALIDATION")] * 2


async def test_trusted_only_refuses_any_other_document_before_parsing_and_audits_it(
    trusted_only: Settings, graph: Graph
) -> None:
    async with http_client(trusted_only) as client:
        runs = await post(client, trusted_only, {"query": ME})
        refused = await post(client, trusted_only, {"query": UNREGISTERED,
                                                    "variables": {"id": "DEMO-OFF-01"}})
        unparsable = await post(client, trusted_only, {"query": "{ me { "})
        introspection = await post(client, trusted_only,
                                   {"query": "{ __schema { types { name } } }"})
    assert runs["data"]["me"]["userId"] == PPO.officer_id
    for answer in (refused, unparsable, introspection):
        assert "data" not in answer
        [error] = answer["errors"]
        assert extensions(error) == {"code": "FORBIDDEN"}
        assert "registered (trusted) documents" in error["message"]
    assert (await audited(graph, trusted_only))[-3:] == [("unregistered", "FORBIDDEN")] * 3


async def test_a_refused_caller_learns_only_its_refusal(trusted_only: Settings) -> None:
    async with http_client(trusted_only) as client:
        response = await client.post("/graphql", json={"query": UNREGISTERED},
                                     headers={"X-Purpose-Of-Use": "RISK_MANAGEMENT"})
    [error] = response.json()["errors"]
    assert extensions(error) == {"code": "UNAUTHENTICATED"}


# Real clients: Python's gql (the partner kit's library) and a graphql-transport-ws socket.


async def test_gql_runs_the_partner_kits_subscription_and_no_unregistered_document(
    settings: Settings, graph: Graph
) -> None:
    """gql sends graphql-core's print of a document, not its text: the manifest registers the
    partner kit's documents as gql sends them."""
    async with demo_alert_server(settings, graph, trusted_documents_only=True) as url:
        raised = await raise_on(graph, "DEMO-OFF-01")
        http = Client(transport=AIOHTTPTransport(url=url.replace("ws://", "http://", 1),
                                                 headers=headers(settings)))
        async with http as session:
            with pytest.raises(TransportQueryError) as refused:
                await session.execute(GraphQLRequest(UNREGISTERED,
                                                     variable_values={"id": "DEMO-OFF-01"}))
        assert refused.value.errors is not None
        assert [extensions(e) for e in refused.value.errors] == [{"code": "FORBIDDEN"}]

        socket = Client(transport=WebsocketsTransport(
            url=url, init_payload=init(settings, PPO),
            subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL]))
        async with socket as session:
            stream = session.subscribe(GraphQLRequest(ALERT_RAISED,
                                                      variable_values={"after": raised - 1}))
            first = await anext(stream)
            await stream.aclose()
            with pytest.raises(TransportQueryError) as refused:
                await anext(session.subscribe(GraphQLRequest(
                    "subscription { alertRaised { id } }")))
        assert first["alertRaised"]["sequence"] == raised
        assert refused.value.errors is not None
        assert [extensions(e) for e in refused.value.errors] == [{"code": "FORBIDDEN"}]


async def test_a_subscribe_payload_names_its_document_by_id(
    settings: Settings, graph: Graph
) -> None:
    async with demo_alert_server(settings, graph, trusted_documents_only=True) as url:
        raised = await raise_on(graph, "DEMO-OFF-01")
        async with connection(url, init(settings, PPO)) as subscriber:
            await subscriber.socket.send(json.dumps({"id": "me", "type": "subscribe", "payload": {
                "documentId": document_id(ME)}}))
            me = await subscriber.next()
            assert (await subscriber.next())["type"] == "complete"
            await subscriber.socket.send(json.dumps({"id": "unknown", "type": "subscribe",
                                                     "payload": {"documentId": UNKNOWN_ID}}))
            unknown = await subscriber.next()
            await subscriber.socket.send(json.dumps({"id": "alerts", "type": "subscribe",
                                                     "payload": {
                "documentId": document_id(ALERT_RAISED), "variables": {"after": raised - 1}}}))
            alert = await subscriber.next()
    assert me["type"] == "next"
    assert me["payload"]["data"]["me"]["userId"] == PPO.officer_id
    assert unknown["id"] == "unknown"
    errors = unknown["payload"] if unknown["type"] == "error" else unknown["payload"]["errors"]
    assert [extensions(e) for e in errors] == [{"code": "VALIDATION", "field": "documentId"}]
    assert alert["payload"]["data"]["alertRaised"]["sequence"] == raised
