"""Operations are bounded in depth, aliases (fragments included), tokens, body size, rate per
principal and subscriptions per connection; production turns introspection off."""

import json
import re
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest

from app.access.principal import Principal
from app.access.tokens import issue_dev_token
from app.alerts.bus import AlertBus
from app.api.schema import build_schema
from app.audit.repository import list_chain
from app.audit.trail import AuditLog
from app.core.enums import AgencyKind, Purpose
from app.graphql.context import Context
from app.platform.neo4j.driver import Graph
from app.settings import Environment, Settings
from seed.demo import PERSONAS
from seed.load import load_demo
from tests.api.client import extensions, http_client, without_request_ids
from tests.graph import logged

PPO = next(p for p in PERSONAS if p.officer_id == "demo.police.ppo")


def headers(settings: Settings) -> dict[str, str]:
    token = issue_dev_token(settings, PPO.officer_id, PPO.agency_id, [PPO.role])
    return {"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"}


@pytest.fixture
async def bounded(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, date.today())
    tight = settings.model_copy(update={
        "graphql_max_depth": 1, "graphql_max_aliases": 3, "graphql_max_tokens": 60,
    })
    async with http_client(tight) as client:
        yield client


async def post(client: httpx.AsyncClient, settings: Settings, query: str) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query}, headers=headers(settings))
    return dict(response.json())


async def test_within_bounds_is_answered(bounded: httpx.AsyncClient, settings: Settings) -> None:
    body = await post(bounded, settings, "{ me { userId } a: version b: version }")
    assert "errors" not in body, body


@pytest.mark.parametrize(
    "query",
    [
        "{ me { agency { id } } }",  # depth 2 (the root field is depth 0)
        "{ a: version b: version c: version d: version }",  # 4 aliases
        "{ me { userId } " + " ".join(f"v{i}: version" for i in range(3)) + " " * 10
        + "__typename " * 80 + "}",  # over 60 tokens
    ],
    ids=["depth", "aliases", "tokens"],
)
async def test_beyond_bounds_is_query_too_complex(
    bounded: httpx.AsyncClient, settings: Settings, query: str
) -> None:
    body = await post(bounded, settings, query)
    assert "data" not in body
    assert {e["extensions"]["code"] for e in body["errors"]} == {"QUERY_TOO_COMPLEX"}


async def test_a_document_sent_again_is_judged_and_audited_as_the_first_time(
    bounded: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    """Parsed documents are cached: neither a syntax error nor the token bound may slip past
    the codes and the audit on a second send."""
    broken = "{ me { userId }"
    too_long = "{ me { userId } " + "__typename " * 80 + "}"
    for _ in range(2):
        for query, code in ((broken, "VALIDATION"), (too_long, "QUERY_TOO_COMPLEX")):
            body = await post(bounded, settings, query)
            assert "data" not in body
            assert [e["extensions"]["code"] for e in body["errors"]] == [code]
        assert "errors" not in await post(bounded, settings, "{ me { userId } }")
    await logged(graph, settings)
    await logged(graph, settings)
    events = [e for e in await graph.read(list_chain, 0, 100) if e.user_id == PPO.officer_id]
    assert [(e.operation, e.outcome) for e in events] == [
        ("unparsed", "VALIDATION"), ("unparsed", "QUERY_TOO_COMPLEX"), ("query me", "OK"),
    ] * 2


async def test_unknown_field_is_a_validation_error(
    bounded: httpx.AsyncClient, settings: Settings
) -> None:
    body = await post(bounded, settings, "{ nothingHere }")
    assert extensions(body["errors"][0]) == {"code": "VALIDATION"}


@pytest.mark.parametrize(("query", "variables", "field"), [
    ("query($f: OffenderFilter) { offenders(filter: $f) { pageInfo { hasNextPage } } }",
     {"f": {"level": "LEVEL_9"}}, "f.level"),
    ("query($n: Int) { offenders(first: $n) { pageInfo { hasNextPage } } }", {"n": "ten"}, "n"),
    ("{ shortestPath(fromId: \"A\") { length } }", {}, "toId"),
])
async def test_malformed_input_is_a_validation_error_naming_it(
    settings: Settings, graph: Graph, query: str, variables: dict[str, Any], field: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await load_demo(graph, date.today())
    async with http_client(settings) as client:
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers(settings)
        )
    [error] = response.json()["errors"]
    assert extensions(error) == {"code": "VALIDATION", "field": field}
    # The caller's mistake is answered, not logged as an error of the service.
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


async def test_introspection_is_off_in_production(
    settings: Settings, session_graph: Graph
) -> None:
    # Even with documents other than the registered ones let in (production's default refuses
    # them before introspection could run: tests/api/test_trusted_documents.py).
    production = settings.model_copy(update={"environment": Environment.PRODUCTION,
                                             "trusted_documents_only": False})
    principal = Principal(
        user_id=PPO.officer_id, agency_id=PPO.agency_id, agency_name="GMP",
        agency_kind=AgencyKind.POLICE, roles=(PPO.role,), purpose=Purpose.RISK_MANAGEMENT,
    )
    audit = AuditLog(session_graph)
    context = Context(graph=session_graph, settings=production, audit=audit,
                      bus=AlertBus(session_graph, production.worker_poll_s), principal=principal)
    try:
        result = await build_schema(production).execute(
            "{ __schema { queryType { name } } }", context_value=context
        )
    finally:
        await audit.close()
    assert result.data is None
    assert result.errors
    assert "introspection" in result.errors[0].message.lower()


async def test_introspection_works_in_development(
    settings: Settings, graph: Graph
) -> None:
    await load_demo(graph, date.today())
    async with http_client(settings) as client:
        body = await post(client, settings, "{ __schema { queryType { name } } }")
        assert body["data"]["__schema"]["queryType"]["name"] == "Query"


@pytest.mark.parametrize("query", [
    "{ ...Versions } fragment Versions on Query { a: version b: version c: version d: version }",
    "{ ...Two ...More } fragment Two on Query { a: version b: version } "
    "fragment More on Query { c: version ...Last } fragment Last on Query { d: version }",
    "{ ... on Query { a: version b: version } ... on Query { c: version d: version } }",
], ids=["one fragment", "nested fragments", "inline fragments"])
async def test_aliases_are_counted_through_fragments(
    bounded: httpx.AsyncClient, settings: Settings, query: str
) -> None:
    body = await post(bounded, settings, query)
    assert "data" not in body
    [error] = body["errors"]
    assert extensions(error) == {"code": "QUERY_TOO_COMPLEX"}
    assert "aliases" in error["message"]


def token_for(settings: Settings, persona: Any) -> dict[str, str]:
    token = issue_dev_token(settings, persona.officer_id, persona.agency_id, [persona.role])
    return {"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"}


async def test_a_principal_over_its_rate_is_refused_with_retry_after(
    settings: Settings, graph: Graph
) -> None:
    """Three operations at once, then about one an hour: the fourth is refused, audited as that
    principal's, and another principal is still served."""
    await load_demo(graph, date.today())
    limited = settings.model_copy(update={"rate_limit_per_s": 1 / 3600, "rate_limit_burst": 3})
    other = next(p for p in PERSONAS if p.officer_id == "demo.probation.om")
    async with http_client(limited) as client:
        for _ in range(3):
            response = await client.post("/graphql", json={"query": "{ me { userId } }"},
                                         headers=headers(settings))
            assert "errors" not in response.json()
        refused = await client.post("/graphql", json={"query": "{ me { userId } }"},
                                    headers=headers(settings))
        assert refused.status_code == 429
        body = refused.json()
        assert "data" not in body
        [error] = body["errors"]
        assert error["extensions"]["code"] == "RATE_LIMITED"
        retry_after = int(refused.headers["Retry-After"])
        assert error["extensions"]["retryAfter"] == retry_after
        assert 0 < retry_after <= 3600
        assert "rate limit exceeded" in error["message"]
        assert PPO.officer_id in error["message"]
        served = await client.post("/graphql", json={"query": "{ me { userId } }"},
                                   headers=token_for(settings, other))
        assert served.json() == {"data": {"me": {"userId": other.officer_id}}}
    await logged(graph, settings)
    await logged(graph, settings)
    events = [e for e in await graph.read(list_chain, 0, 100) if e.user_id == PPO.officer_id]
    assert [e.outcome for e in events] == ["OK", "OK", "OK", "RATE_LIMITED"]


async def test_without_a_rate_limit_nothing_is_refused(settings: Settings, graph: Graph) -> None:
    await load_demo(graph, date.today())
    unlimited = settings.model_copy(update={"rate_limit_per_s": 0.0, "rate_limit_burst": 1})
    async with http_client(unlimited) as client:
        for _ in range(5):
            response = await client.post("/graphql", json={"query": "{ me { userId } }"},
                                         headers=headers(settings))
            assert response.status_code == 200
            assert "errors" not in response.json()


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_an_oversize_body_is_refused_naming_the_limit(
    settings: Settings, graph: Graph, chunked: bool
) -> None:
    await load_demo(graph, date.today())
    small = settings.model_copy(update={"graphql_max_body_bytes": 2_000})
    query = "{ me { userId } " + "__typename " * 300 + "}"
    payload = json.dumps({"query": query}).encode()
    assert len(payload) > 2_000

    async def pieces() -> AsyncIterator[bytes]:
        for start in range(0, len(payload), 500):
            yield payload[start:start + 500]

    async with http_client(small) as client:
        response = await client.post(
            "/graphql", content=pieces() if chunked else payload,
            headers={**headers(settings), "Content-Type": "application/json"})
        assert response.status_code == 413
        [error] = response.json()["errors"]
        assert extensions(error) == {"code": "VALIDATION", "field": "body"}
        assert error["message"] == "the request body exceeds 2000 bytes"
        # A body within the limit is answered as ever.
        fits = await client.post("/graphql", json={"query": "{ me { userId } }"},
                                 headers=headers(settings))
        assert fits.json() == {"data": {"me": {"userId": PPO.officer_id}}}


# Pages within pages: 100 offenders' 100 alerts each, at depth 7, no alias, a few tokens.
PAGES_OF_PAGES = """query($offenders: Int!, $alerts: Int!) { offenders(first: $offenders) {
  edges { node { id ...Alerts } } } }
fragment Alerts on Offender { alerts(first: $alerts) {
  edges { node { id summary redactions { field } } } } }"""


async def test_a_costly_operation_is_refused_before_anything_runs(
    settings: Settings, graph: Graph
) -> None:
    """The default limit refuses pages within pages, naming the estimated cost and the limit;
    nothing is read (the audit event discloses nothing); smaller pages are answered."""
    await load_demo(graph, date.today())
    async with http_client(settings) as client:
        async def send(offenders: int, alerts: int) -> dict[str, Any]:
            response = await client.post("/graphql", headers=headers(settings), json={
                "query": PAGES_OF_PAGES,
                "variables": {"offenders": offenders, "alerts": alerts}})
            return dict(response.json())

        refused = await send(100, 100)
        cheap = await send(5, 5)
        refused_again = await send(100, 100)
    assert "data" not in refused
    [error] = refused["errors"]
    assert extensions(error) == {"code": "QUERY_TOO_COMPLEX"}
    assert re.search(r"estimated cost (\d+) exceeds the limit of 50000", error["message"])
    assert without_request_ids(refused_again["errors"]) == without_request_ids(refused["errors"])
    assert "errors" not in cheap, cheap
    assert cheap["data"]["offenders"]["edges"]
    await logged(graph, settings)
    await logged(graph, settings)
    events = [e for e in await graph.read(list_chain, 0, 100) if e.user_id == PPO.officer_id]
    assert [(e.outcome, e.subject_ids, e.field_classes) for e in events] == [
        ("QUERY_TOO_COMPLEX", (), ()),
        ("OK", tuple(sorted(events[1].subject_ids)), events[1].field_classes),
        ("QUERY_TOO_COMPLEX", (), ()),
    ]
    assert events[1].subject_ids


@pytest.mark.parametrize("spread", [
    "{ offenders(first: 100) { edges { node { id ...Alerts } } } }",
    "{ ...Caseload } fragment Caseload on Query { offenders(first: 100) { ...Edges } } "
    "fragment Edges on OffenderConnection { edges { node { id ...Alerts } } }",
    "{ offenders(first: 100) { edges { node { ... on Offender { id ...Alerts } } } } }",
], ids=["fragment", "nested fragments", "inline fragment"])
async def test_cost_is_counted_through_fragments(
    bounded_cost: httpx.AsyncClient, settings: Settings, spread: str
) -> None:
    """The same selection costs the same written inline or through fragments."""
    alerts = "fragment Alerts on Offender { alerts(first: 100) { edges { node { id } } } }"
    inline = await post(bounded_cost, settings, "{ offenders(first: 100) { edges { node { id "
                        "alerts(first: 100) { edges { node { id } } } } } } }")
    through_fragments = await post(bounded_cost, settings, f"{spread} {alerts}")
    assert "data" not in through_fragments
    assert without_request_ids(through_fragments["errors"]) == without_request_ids(inline["errors"])
    [error] = inline["errors"]
    assert extensions(error) == {"code": "QUERY_TOO_COMPLEX"}
    # offenders 1 + edges (1 + 100 * (node 1 + id 1 + alerts (1 + edges (1 + 100 * (node 1
    # + id 1)))))
    assert "estimated cost 20402 exceeds the limit of 1000:" in error["message"]


@pytest.fixture
async def bounded_cost(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, date.today())
    async with http_client(settings.model_copy(update={"graphql_max_cost": 1_000})) as client:
        yield client


async def test_the_cost_limit_is_configurable(
    bounded_cost: httpx.AsyncClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under a limit of 1000, a network of 200 (within the default) is refused, one of 100
    answered; the limit is read from MAPPA_GRAPHQL_MAX_COST."""
    query = ('{ network(personId: "%s", depth: 2, limit: %d) { truncated nodes { id } '
             "edges { source target } } }")
    offender_id = (await post(bounded_cost, settings, "{ offenders(first: 1) { edges { node { "
                              "id } } } }"))["data"]["offenders"]["edges"][0]["node"]["id"]
    refused = await post(bounded_cost, settings, query % (offender_id, 200))
    answered = await post(bounded_cost, settings, query % (offender_id, 100))
    [error] = refused["errors"]
    assert extensions(error) == {"code": "QUERY_TOO_COMPLEX"}
    # network 200 * 2 + truncated 1 + nodes (1 + 200 * id 1) + edges (1 + 200 * (source 1 +
    # target 1))
    assert "estimated cost 1003 exceeds the limit of 1000" in error["message"]
    assert "errors" not in answered, answered
    assert answered["data"]["network"]["nodes"]
    monkeypatch.setenv("MAPPA_GRAPHQL_MAX_COST", "1234")
    assert Settings().graphql_max_cost == 1234


SEARCH = "query($t: String!) { searchPeople(text: $t) { score } }"


@pytest.mark.parametrize("body", [
    b"[" * 100_000 + b"]" * 100_000,
    json.dumps({"query": SEARCH}).encode()[:-1] + b', "variables": '
    + b'{"t": ' * 50_000 + b'"x"' + b"}" * 50_001,
    json.dumps({"query": SEARCH, "variables": {"t": "\ud800"}}).encode(),
    json.dumps({"query": SEARCH, "variables": {"t": "x", "\udfff": 1}}).encode(),
    b"null", b'"{ me { userId } }"', b"5", b"",
], ids=["deep-list", "deep-variables", "half-a-surrogate-pair", "in-a-key", "null", "string",
        "number", "empty"])
async def test_a_json_body_that_is_no_operation_is_refused_with_400(
    settings: Settings, graph: Graph, body: bytes
) -> None:
    """Found by tests/fuzz: each of these was a 500 (a RecursionError, an AttributeError, or
    UnicodeEncodeError in the driver reported as INTERNAL)."""
    await load_demo(graph, date.today())
    async with http_client(settings) as client:
        response = await client.post(
            "/graphql", content=body,
            headers={**headers(settings), "Content-Type": "application/json"})
        assert response.status_code == 400, response.text
        fine = await client.post("/graphql", json={"query": SEARCH, "variables": {"t": "Holt"}},
                                 headers=headers(settings))
        assert fine.status_code == 200
        assert "errors" not in fine.json()
