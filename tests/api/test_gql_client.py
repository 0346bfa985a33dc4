"""What partners' code sees through Python's `gql` (4.x), unmodified, against the app under uvicorn
and a real Neo4j.

Over HTTP (`AIOHTTPTransport`, the token and purpose as headers): answers as data, variables sent
as such, and every refusal a `TransportQueryError` whose errors carry `extensions.code`.
Over graphql-transport-ws (`WebsocketsTransport` and `AIOHTTPWebsocketsTransport`, the token and
purpose in the connection_init payload): alerts once each and in sequence order, resumed with
`after` across a reconnect; queries over the socket; a refused connection failing at once (not
at gql's ack timeout), with its close code and reason where the transport keeps them (gql's
aiohttp adapter drops the close frame: it raises "Connection was closed" without either); at the
token's expiry a subscription failing with UNAUTHENTICATED, the socket closed, and a session with a
new token resuming with `after`."""

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from datetime import UTC, datetime
from typing import Any

import pytest
from gql import Client, GraphQLRequest
from gql.client import AsyncClientSession
from gql.transport.aiohttp import AIOHTTPTransport
from gql.transport.aiohttp_websockets import AIOHTTPWebsocketsTransport
from gql.transport.exceptions import TransportConnectionFailed, TransportQueryError
from gql.transport.websockets import WebsocketsTransport
from websockets.exceptions import ConnectionClosed

from app.access.tokens import issue_dev_token
from app.core.enums import Role
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.demo import Persona
from tests.api.client import extensions, without_request_ids
from tests.api.live import bearer, demo_alert_server, init, persona, raise_on
from tests.graph import cypher

PPO = persona("demo.police.ppo")
OM = persona("demo.probation.om")
HEALTH = persona("demo.health.partner")
EM = persona("demo.em.system")

ME = "{ me { userId agency { id } roles } }"
OFFENDER = "query Offender($id: ID!) { offender(id: $id) { id name } }"
REPORT = """mutation Report($fixes: [LocationFixInput!]!) { reportLocations(fixes: $fixes) {
  accepted raised { rule offender { id } counterpart { ... on Zone { id } } } } }"""
ACKNOWLEDGE = """mutation Acknowledge($id: ID!) { acknowledgeAlert(id: $id) { id status } }"""
SUBSCRIPTION = """subscription Alerts($after: Int) { alertRaised(after: $after) {
  sequence offender { id } } }"""

WAIT = 10.0  # seconds for anything the server owes us

SocketKind = type[WebsocketsTransport] | type[AIOHTTPWebsocketsTransport]


@pytest.fixture
async def server(settings: Settings, graph: Graph) -> AsyncIterator[str]:
    async with demo_alert_server(settings, graph) as url:
        yield url


@pytest.fixture(params=[WebsocketsTransport, AIOHTTPWebsocketsTransport],
                ids=["websockets", "aiohttp"])
def kind(request: pytest.FixtureRequest) -> SocketKind:
    """Each of gql's graphql-transport-ws transports."""
    chosen: SocketKind = request.param
    return chosen


def headers(settings: Settings, who: Persona, purpose: str = "RISK_MANAGEMENT") -> dict[str, str]:
    return {"Authorization": bearer(settings, who), "X-Purpose-Of-Use": purpose}


def over_http(server: str, sent: dict[str, str]) -> Client:
    return Client(transport=AIOHTTPTransport(url=server.replace("ws://", "http://", 1),
                                             headers=sent))


def over_socket(kind: SocketKind, server: str, payload: dict[str, str]) -> Client:
    """A gql client on graphql-transport-ws (gql offers the older graphql-ws too by default)."""
    return Client(transport=kind(url=server, init_payload=payload,
                                 subprotocols=[kind.GRAPHQLWS_SUBPROTOCOL]))


def request(text: str, **variables: Any) -> GraphQLRequest:
    return GraphQLRequest(text, variable_values=variables or None)


def alerts(session: AsyncClientSession, after: int | None = None
           ) -> aclosing[AsyncGenerator[dict[str, Any], None]]:
    """alertRaised as gql yields it; closing it completes the subscription."""
    return aclosing(session.subscribe(request(SUBSCRIPTION, after=after)))


async def next_alert(stream: AsyncGenerator[dict[str, Any], None]) -> dict[str, Any]:
    return dict((await asyncio.wait_for(anext(stream), WAIT))["alertRaised"])


def only_error(refused: pytest.ExceptionInfo[TransportQueryError]) -> dict[str, Any]:
    assert refused.value.errors is not None
    [error] = refused.value.errors
    return dict(error)


# Over HTTP


async def test_over_http_a_query_answers_with_its_variables(
    server: str, settings: Settings
) -> None:
    async with over_http(server, headers(settings, PPO)) as session:
        me = await session.execute(request(ME))
        offender = await session.execute(request(OFFENDER, id="DEMO-OFF-01"))
    assert me == {"me": {"userId": PPO.officer_id, "agency": {"id": PPO.agency_id},
                         "roles": [PPO.role]}}
    assert offender == {"offender": {"id": "DEMO-OFF-01", "name": "Darren Holt"}}


async def test_over_http_a_mutation_answers_what_it_did(
    server: str, graph: Graph, settings: Settings
) -> None:
    [zone] = await cypher(graph, "MATCH (z:Zone {id: 'DEMO-ZON-04A'}) RETURN z.centre AS c")
    fix = {"offenderId": "DEMO-OFF-04", "latitude": zone["c"].latitude,
           "longitude": zone["c"].longitude, "at": datetime.now(UTC).isoformat()}
    async with over_http(server, headers(settings, EM, "PARTNER_INTEGRATION")) as session:
        made = await session.execute(request(REPORT, fixes=[fix]))
    assert made == {"reportLocations": {"accepted": 1, "raised": [{
        "rule": "EXCLUSION_ZONE_ENTRY", "offender": {"id": "DEMO-OFF-04"},
        "counterpart": {"id": "DEMO-ZON-04A"}}]}}


async def test_over_http_a_call_without_a_token_is_refused_unauthenticated(server: str) -> None:
    async with over_http(server, {"X-Purpose-Of-Use": "RISK_MANAGEMENT"}) as session:
        with pytest.raises(TransportQueryError) as refused:
            await session.execute(request(ME))
    assert without_request_ids([only_error(refused)]) == [{
        "message": "a bearer token is required (Authorization: Bearer <token>)",
        "extensions": {"code": "UNAUTHENTICATED"}}]
    assert refused.value.data is None


@pytest.mark.parametrize(("text", "variables", "field", "data"), [
    (REPORT, {"fixes": [{"offenderId": "DEMO-OFF-04", "latitude": 95.0, "longitude": -2.2,
                         "at": "2025-01-01T00:00:00+00:00"}]},
     "fixes.0.latitude", {"reportLocations": None}),
    (OFFENDER, {}, "id", None),
    ("{ me { userId clearance } }", {}, None, None),
], ids=["latitude out of range", "variable missing", "no such field"])
async def test_over_http_bad_input_is_a_validation_error_naming_the_field(
    server: str, settings: Settings, text: str, variables: dict[str, Any], field: str | None,
    data: dict[str, Any] | None,
) -> None:
    async with over_http(server, headers(settings, EM, "PARTNER_INTEGRATION")) as session:
        with pytest.raises(TransportQueryError) as refused:
            await session.execute(request(text, **variables))
    error = only_error(refused)
    assert extensions(error) == {"code": "VALIDATION"} | ({"field": field} if field else {})
    assert refused.value.data == data


async def test_over_http_a_case_out_of_sight_is_null_and_a_missing_alert_not_found(
    server: str, settings: Settings
) -> None:
    async with over_http(server, headers(settings, HEALTH)) as session:
        # Health is not involved in this case: it does not exist for them, and that is no error.
        assert await session.execute(request(OFFENDER, id="DEMO-OFF-01")) == {"offender": None}
    async with over_http(server, headers(settings, OM)) as session:
        with pytest.raises(TransportQueryError) as refused:
            await session.execute(request(ACKNOWLEDGE, id="ALR-NO-SUCH"))
    assert extensions(only_error(refused)) == {"code": "NOT_FOUND"}
    assert refused.value.data == {"acknowledgeAlert": None}


# Over graphql-transport-ws


async def test_alerts_arrive_once_each_in_order_and_resume_with_after_across_a_reconnect(
    server: str, graph: Graph, settings: Settings, kind: SocketKind
) -> None:
    raised = [await raise_on(graph, "DEMO-OFF-01"), await raise_on(graph, "DEMO-OFF-02")]
    client = over_socket(kind, server, init(settings, PPO))
    got: list[int] = []
    async with client as session, alerts(session, after=raised[0] - 1) as stream:
        got += [(await next_alert(stream))["sequence"] for _ in range(2)]  # replayed
        raised.append(await raise_on(graph, "DEMO-OFF-05"))
        got.append((await next_alert(stream))["sequence"])  # live
    raised += [await raise_on(graph, "DEMO-OFF-01") for _ in range(2)]  # while disconnected
    async with client as session, alerts(session, after=got[-1]) as stream:
        got += [(await next_alert(stream))["sequence"] for _ in range(2)]
        for offender_id in ("DEMO-OFF-02", "DEMO-OFF-01"):  # a repeat would arrive before these
            raised.append(await raise_on(graph, offender_id))
            got.append((await next_alert(stream))["sequence"])
    assert got == raised
    assert got == sorted(set(got))


async def test_a_query_over_the_socket_answers_with_its_variables(
    server: str, settings: Settings, kind: SocketKind
) -> None:
    client = over_socket(kind, server, init(settings, PPO))
    async with client as session:
        me = await session.execute(request(ME))
        offender = await session.execute(request(OFFENDER, id="DEMO-OFF-01"))
    assert me["me"]["userId"] == PPO.officer_id
    assert offender == {"offender": {"id": "DEMO-OFF-01", "name": "Darren Holt"}}


async def test_gqls_default_subprotocols_are_answered_in_graphql_transport_ws(
    server: str, settings: Settings, kind: SocketKind
) -> None:
    """A partner who does not choose gets graphql-transport-ws, not the older graphql-ws."""
    transport = kind(url=server, init_payload=init(settings, PPO))
    async with Client(transport=transport) as session:
        assert (await session.execute(request(ME)))["me"]["userId"] == PPO.officer_id
        assert transport.subprotocol == "graphql-transport-ws"


@pytest.mark.parametrize(("text", "variables", "field"), [
    (OFFENDER, {}, "id"),
    (SUBSCRIPTION, {"after": -1}, "after"),
], ids=["variable missing", "after below 0"])
async def test_an_error_over_the_socket_carries_its_code(
    server: str, settings: Settings, kind: SocketKind, text: str, variables: dict[str, Any],
    field: str,
) -> None:
    """As over HTTP (PRODUCT.md section 6: errors carry extensions.code)."""
    async with over_socket(kind, server, init(settings, PPO)) as session:
        with pytest.raises(TransportQueryError) as refused:
            await asyncio.wait_for(session.execute(request(text, **variables)), WAIT)
    assert extensions(only_error(refused)) == {"code": "VALIDATION", "field": field}


async def test_a_connection_without_a_token_fails_at_once(
    server: str, kind: SocketKind
) -> None:
    """The server closes the socket (4401): gql fails the connection there and then, rather than
    after waiting out its ack timeout (asyncio.TimeoutError)."""
    client = over_socket(kind, server, {"purpose": "RISK_MANAGEMENT"})
    with pytest.raises(TransportConnectionFailed):
        async with client:
            pass


@pytest.mark.parametrize(("ttl_s", "reason"), [
    (None, "a bearer token is required (authorization: Bearer <token>)"),
    (-60, "the token has expired"),
], ids=["no token", "expired token"])
async def test_websockets_transport_surfaces_the_close_code_and_reason(
    server: str, settings: Settings, ttl_s: int | None, reason: str
) -> None:
    payload = {"purpose": "RISK_MANAGEMENT"}
    if ttl_s is not None:
        token = issue_dev_token(settings, PPO.officer_id, PPO.agency_id, [Role(PPO.role)],
                                ttl_s=ttl_s)
        payload["authorization"] = f"Bearer {token}"
    client = over_socket(WebsocketsTransport, server, payload)
    with pytest.raises(TransportConnectionFailed) as failed:
        async with client:
            pass
    closed = failed.value.__cause__
    assert isinstance(closed, ConnectionClosed), repr(closed)
    assert closed.rcvd is not None
    assert (closed.rcvd.code, closed.rcvd.reason) == (4401, reason)


async def test_at_its_tokens_exp_a_subscription_fails_unauthenticated_and_resumes_with_a_new_token(
    server: str, graph: Graph, settings: Settings, kind: SocketKind
) -> None:
    """The subscription fails with the coded error, the socket is closed (4401), and a session
    with a new token resumes after the last alert received."""
    first = await raise_on(graph, "DEMO-OFF-01")
    token = issue_dev_token(settings, PPO.officer_id, PPO.agency_id, [Role(PPO.role)], ttl_s=3)
    payload = {"authorization": f"Bearer {token}", "purpose": "RISK_MANAGEMENT"}
    async with over_socket(kind, server, payload) as session:
        async with alerts(session, after=first - 1) as stream:
            last = (await next_alert(stream))["sequence"]
            with pytest.raises(TransportQueryError) as ended:
                await next_alert(stream)
        with pytest.raises(TransportConnectionFailed) as closed:
            await asyncio.wait_for(session.execute(request(ME)), WAIT)
    error = only_error(ended)
    assert error["message"] == "the token has expired"
    assert extensions(error) == {"code": "UNAUTHENTICATED"}
    if kind is WebsocketsTransport:  # the aiohttp transport keeps neither code nor reason
        cause = closed.value.__cause__
        assert isinstance(cause, ConnectionClosed), repr(cause)
        assert cause.rcvd is not None
        assert (cause.rcvd.code, cause.rcvd.reason) == (4401, "the token has expired")
    meanwhile = await raise_on(graph, "DEMO-OFF-02")
    async with (over_socket(kind, server, init(settings, PPO)) as session,
                alerts(session, after=last) as stream):
        assert (await next_alert(stream))["sequence"] == meanwhile
    assert last == first
