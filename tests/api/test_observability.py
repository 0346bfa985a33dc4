"""What operators watch (issue 20, points 2 and 3), through HTTP and WebSocket against a real
Neo4j: /metrics after operations (latency by operation and outcome, refusals by code, the
backlogs read from Neo4j) and never a person's name, id or address in it; /metrics off in
production unless turned on or on a port of its own; one JSON log line per operation, without
the variables; the request id from header to header and into every error; spans for a request
(strawberry's and one per Neo4j query by its name, none carrying a value), exported over OTLP
only when an endpoint is configured."""

import asyncio
import io
import json
import logging
import os
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from typing import Any, ClassVar

import httpx
import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client.parser import text_string_to_metric_families
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from app.observability.logs import JsonFormatter
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.load import load_demo
from tests.api.client import http_client
from tests.api.live import PROTOCOL, bearer, connection, free_port, init, live_server, persona
from tests.api.test_load import mappa_serve
from tests.graph import cypher

PPO = persona("demo.police.ppo")
HOUSING = persona("demo.housing.partner")
OFFENDER = "query($id: ID!) { offender(id: $id) { id name victims { name } } }"
SEARCH = "query FindThem($text: String!) { searchPeople(text: $text, first: 5) { person { id } } }"
ADD_INTERVENTION = """mutation($input: AddInterventionInput!) { addIntervention(input: $input) {
  id } }"""
# Everything in the demo that is a person's: ids, names, aliases, dates of birth, addresses, and
# the officers' user ids.
PERSONAL = """
CALL () { MATCH (p:Person) UNWIND [p.id, p.name, p.dateOfBirth] + coalesce(p.aliases, []) AS v
          RETURN collect(DISTINCT toString(v)) AS people }
CALL () { MATCH (a:Address) UNWIND [a.line1, a.postcode] AS v
          RETURN collect(DISTINCT v) AS addresses }
CALL () { MATCH (c:CaseOfficer) UNWIND [c.id, c.name] AS v RETURN collect(DISTINCT v) AS officers }
RETURN people + addresses + officers AS values
"""


def signed_in(settings: Settings, who: Any = PPO, **headers: str) -> dict[str, str]:
    return {"Authorization": bearer(settings, who), "X-Purpose-Of-Use": "RISK_MANAGEMENT",
            **headers}


async def personal_values(graph: Graph) -> list[str]:
    [row] = await cypher(graph, PERSONAL)
    values = [v for v in row["values"] if v and len(v) >= 5]
    assert len(values) > 50, values
    return values


def samples(scrape: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Each sample of a scrape by its name and labels."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(scrape) for s in family.samples}


def sample(scrape: str, name: str, **labels: str) -> float:
    return samples(scrape).get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
async def demo(settings: Settings, graph: Graph) -> Graph:
    await load_demo(graph, date.today())
    return graph


async def test_a_scrape_after_operations_shows_them_by_operation_and_outcome_and_no_one_by_name(
    settings: Settings, demo: Graph
) -> None:
    ppo = signed_in(settings)
    async with http_client(settings) as client:
        before = (await client.get("/metrics")).text
        for _ in range(2):
            answer = await client.post("/graphql", headers=ppo, json={
                "query": OFFENDER, "variables": {"id": "DEMO-OFF-01"}})
            assert answer.json()["data"]["offender"]["id"] == "DEMO-OFF-01"
        found = await client.post("/graphql", headers=ppo, json={
            "query": SEARCH, "variables": {"text": "Ashcroft"}})
        assert found.json()["data"]["searchPeople"]
        # An operation name the service does not know labels nothing: its root field does.
        await client.post("/graphql", headers=ppo, json={
            "query": "query WayneAshcroftAt12ElmRoad { me { userId } }"})
        missing = await client.post("/graphql", headers=ppo, json={
            "query": OFFENDER, "variables": {"id": "DEMO-OFF-99"}})
        assert missing.json()["data"]["offender"] is None
        refused = await client.post("/graphql", json={"query": "{ me { userId } }"})
        assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        written = await client.post("/graphql", headers=ppo, json={
            "query": ADD_INTERVENTION, "variables": {"input": {
                "offenderId": "DEMO-OFF-01", "kind": "OTHER", "name": "Thinking skills",
                "start": date.today().isoformat()}}})
        assert written.json()["data"]["addIntervention"]["id"]
        scrape = await client.get("/metrics")
    assert scrape.status_code == 200
    assert scrape.headers["content-type"].startswith("text/plain")
    after = scrape.text

    def grew(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    latency = "mappa_graphql_operation_duration_seconds_count"
    assert grew(latency, operation="offender", outcome="OK") == 3  # a missing one is null, OK
    assert grew(latency, operation="searchPeople", outcome="OK") == 1
    assert grew(latency, operation="me", outcome="OK") == 1
    assert grew(latency, operation="me", outcome="UNAUTHENTICATED") == 1
    assert grew(latency, operation="addIntervention", outcome="OK") == 1
    assert grew("mappa_operations_refused_total", code="UNAUTHENTICATED", transport="http") == 1
    assert grew("mappa_audit_append_seconds_count") >= 6  # the write's event is its own
    # The backlogs as Neo4j holds them: the write enqueued its offender (no worker runs here
    # to take it: tests' apps share one process's metrics, so the gauge is read, not counted).
    assert sample(after, "mappa_evaluation_queue_depth") >= 0
    assert sample(after, "mappa_evaluation_queue_oldest_age_seconds") >= 0
    assert sample(after, "mappa_webhook_delivery_backlog") >= 0
    assert sample(after, "mappa_neo4j_pool_max_size") == settings.neo4j_pool_size
    assert "mappa_neo4j_sessions_in_use" in after
    labels = {value for (_, pairs) in samples(after) for _, value in pairs}
    assert not {"WayneAshcroftAt12ElmRoad", "FindThem"} & labels
    for value in await personal_values(demo):
        assert value not in after, value


async def test_the_evaluation_queue_and_its_oldest_request_are_read_from_neo4j(
    settings: Settings, demo: Graph
) -> None:
    await cypher(demo, """MATCH (o:Offender) WITH o ORDER BY o.id LIMIT 3
      MERGE (q:EvaluationRequest {offenderId: o.id})
      SET q.pending = true, q.version = 1, q.requestedAt = datetime() - duration('PT90S')""")
    await cypher(demo, "MATCH (q:EvaluationRequest) WHERE q.requestedAt IS NULL DELETE q")
    async with http_client(settings.model_copy(update={"run_worker": False})) as client:
        scrape = (await client.get("/metrics")).text
        await cypher(demo, "MATCH (q:EvaluationRequest) SET q.pending = false")
        cached = (await client.get("/metrics")).text
    assert sample(scrape, "mappa_evaluation_queue_depth") == 3
    assert 90 <= sample(scrape, "mappa_evaluation_queue_oldest_age_seconds") < 3600
    # Scraped again at once, Neo4j is not asked again: a storm of scrapes costs one query.
    assert sample(cached, "mappa_evaluation_queue_depth") == 3


async def test_metrics_are_not_served_in_production_unless_turned_on(
    production_settings: Settings, graph: Graph
) -> None:
    async with http_client(production_settings) as client:
        assert (await client.get("/metrics")).status_code == 404
    enabled = production_settings.model_copy(update={"metrics_enabled": True})
    async with http_client(enabled) as client:
        scrape = await client.get("/metrics")
        assert scrape.status_code == 200
        assert "mappa_graphql_operation_duration_seconds" in scrape.text


async def test_metrics_on_a_port_of_their_own_are_not_on_the_apis(
    production_settings: Settings, graph: Graph
) -> None:
    port = free_port()
    separate = production_settings.model_copy(update={"metrics_port": port})
    async with http_client(separate) as client, httpx.AsyncClient() as scraper:
        assert (await client.get("/metrics")).status_code == 404
        scrape = await scraper.get(f"http://127.0.0.1:{port}/metrics")
        assert scrape.status_code == 200
        assert "mappa_evaluation_queue_depth" in scrape.text
        assert (await scraper.get(f"http://127.0.0.1:{port}/graphql")).status_code == 404


async def test_refused_operations_are_counted_by_code_over_http_and_websocket(
    settings: Settings, demo: Graph
) -> None:
    limited = settings.model_copy(update={
        "rate_limit_per_s": 1 / 3600, "rate_limit_burst": 3,
        "graphql_max_subscriptions_per_connection": 1, "run_worker": False})
    me = {"query": "{ me { userId } }"}
    async with http_client(limited) as client:
        before = (await client.get("/metrics")).text
        await client.post("/graphql", json=me, headers={"Authorization": "Bearer nonsense",
                                                        "X-Purpose-Of-Use": "AUDIT"})
        await client.post("/graphql", json=me, headers={"Authorization": bearer(settings, PPO)})
        await client.post("/graphql", json={"query": "{ me { userId "}, headers=signed_in(
            settings, HOUSING))
        for _ in range(3):  # the third is one too many: the syntax error took one
            await client.post("/graphql", json=me, headers=signed_in(settings, HOUSING))
        await client.post("/graphql", content=b"x" * (limited.graphql_max_body_bytes + 1),
                          headers={"content-type": "application/json"})
        http_scrape = (await client.get("/metrics")).text
    async with live_server(limited) as url:
        with pytest.raises(ConnectionClosed):
            async with connection(url, {"authorization": "Bearer nonsense",
                                        "purpose": "AUDIT"}):
                pass
        async with connection(url, init(settings, PPO)) as socket:
            await socket.start("1", "subscription { alertRaised { sequence } }")
            await socket.start("2", "subscription { alertRaised { sequence } }")
            assert (await socket.next())["payload"][0]["extensions"]["code"] == "RATE_LIMITED"
            async with httpx.AsyncClient() as scraper:
                ws_scrape = (await scraper.get(url.replace("ws://", "http://").removesuffix(
                    "/graphql") + "/metrics")).text
            assert sample(ws_scrape, "mappa_websocket_operations_open") >= 1
            assert sample(ws_scrape, "mappa_websocket_connections_open") >= 1

    def grew(scrape: str, code: str, transport: str) -> float:
        name = "mappa_operations_refused_total"
        return (sample(scrape, name, code=code, transport=transport)
                - sample(before, name, code=code, transport=transport))

    assert grew(http_scrape, "UNAUTHENTICATED", "http") == 1
    assert grew(http_scrape, "PURPOSE_REQUIRED", "http") == 1
    assert grew(http_scrape, "VALIDATION", "http") == 2  # a syntax error, a body too large
    assert grew(http_scrape, "RATE_LIMITED", "http") == 1
    assert grew(ws_scrape, "UNAUTHENTICATED", "websocket") == 1  # its connection_init
    assert grew(ws_scrape, "RATE_LIMITED", "websocket") == 1  # one operation too many


@contextmanager
def operation_lines() -> Iterator[io.StringIO]:
    """What the operation logger writes, formatted as `mappa serve` formats it."""
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("mappa.operation")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield written
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def lines_of(written: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in written.getvalue().splitlines()]


async def test_each_operation_is_one_json_line_without_its_variables(
    settings: Settings, demo: Graph
) -> None:
    [wayne] = await cypher(demo, "MATCH (o:Offender {id: 'DEMO-OFF-01'}) RETURN o.name AS name")
    surname = wayne["name"].split()[-1]
    with operation_lines() as written:
        async with http_client(settings) as client:
            await client.post("/graphql", headers=signed_in(settings), json={
                "query": SEARCH, "variables": {"text": surname}})
            await client.post("/graphql", json={"query": OFFENDER,
                                                "variables": {"id": "DEMO-OFF-01"}})
        async with live_server(settings) as url, connection(
                url, init(settings, HOUSING)) as socket:
            answer = await socket.run(OFFENDER, {"id": "DEMO-OFF-01"})
            assert answer["data"]["offender"]["name"] == wayne["name"]
    http_search, http_refused, ws_offender = lines_of(written)
    assert http_search == {
        "time": http_search["time"], "level": "INFO", "logger": "mappa.operation",
        "message": "operation", "requestId": http_search["requestId"], "transport": "http",
        "operation": "searchPeople", "operationType": "query", "agencyId": PPO.agency_id,
        "roles": [PPO.role], "outcome": "OK", "refused": False,
        "durationMs": http_search["durationMs"],
    }
    assert datetime.fromisoformat(http_search["time"]).tzinfo == UTC
    assert http_search["durationMs"] > 0
    assert (http_refused["outcome"], http_refused["refused"], http_refused["agencyId"]) == (
        "UNAUTHENTICATED", True, None)
    assert (ws_offender["transport"], ws_offender["operation"], ws_offender["agencyId"],
            ws_offender["roles"], ws_offender["outcome"]) == (
        "websocket", "offender", HOUSING.agency_id, [HOUSING.role], "OK")
    text = written.getvalue()
    for secret in (surname, wayne["name"], "DEMO-OFF-01", PPO.officer_id, HOUSING.officer_id):
        assert secret not in text, secret


async def test_mappa_serve_writes_every_line_as_json(
    settings: Settings, demo: Graph, tmp_path: Path
) -> None:
    async with (mappa_serve(settings, tmp_path / "serve.log") as server,
                httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as client):
        answer = await client.post("/graphql", headers=signed_in(
            settings, **{"X-Request-Id": "serve-check-1"}), json={"query": "{ me { userId } }"})
        assert answer.status_code == 200
    lines = [json.loads(line) for line in server.log.read_text().splitlines()]
    assert any(line["logger"].startswith("uvicorn") for line in lines), lines
    # No terminal colour codes for a collector (uvicorn's `color_message`).
    assert not [line for line in lines if any("\x1b" in str(v) for v in line.values())]
    [line] = [line for line in lines if line.get("requestId") == "serve-check-1"]
    assert (line["message"], line["operation"], line["outcome"]) == ("operation", "me", "OK")


async def test_the_request_id_goes_from_header_to_header_and_into_every_error(
    settings: Settings, demo: Graph
) -> None:
    async with http_client(settings) as client:
        given = await client.post("/graphql", headers=signed_in(
            settings, **{"X-Request-Id": "partner-42:a.b_c"}), json={
            "query": OFFENDER, "variables": {"id": None}})
        assert given.headers["x-request-id"] == "partner-42:a.b_c"
        assert [e["extensions"]["requestId"] for e in given.json()["errors"]] == [
            "partner-42:a.b_c"]
        for unsafe in ("a" * 129, "<script>", "name with spaces", ""):
            made = await client.post("/graphql", headers={"X-Request-Id": unsafe},
                                     json={"query": "{ me { userId } }"})
            request_id = made.headers["x-request-id"]
            assert request_id != unsafe
            assert uuid.UUID(request_id).version == 4
            assert made.json()["errors"][0]["extensions"] == {
                "code": "UNAUTHENTICATED", "requestId": request_id}
        too_large = await client.post(
            "/graphql", content=b"x" * (settings.graphql_max_body_bytes + 1),
            headers={"content-type": "application/json", "X-Request-Id": "big-1"})
        assert too_large.status_code == 413
        assert too_large.headers["x-request-id"] == "big-1"
        assert too_large.json()["errors"][0]["extensions"]["requestId"] == "big-1"
        assert uuid.UUID((await client.get("/healthz")).headers["x-request-id"])


async def test_over_a_websocket_each_operation_is_named_after_the_handshakes_request_id(
    settings: Settings, demo: Graph
) -> None:
    async with (live_server(settings) as url,
                connect(url, subprotocols=[PROTOCOL],  # type: ignore[list-item]
                        additional_headers={"X-Request-Id": "socket-7"}) as socket):
        assert socket.response is not None
        assert socket.response.headers["x-request-id"] == "socket-7"
        await socket.send(json.dumps({"type": "connection_init",
                                      "payload": init(settings, PPO)}))
        assert json.loads(await socket.recv())["type"] == "connection_ack"
        await socket.send(json.dumps({"id": "a", "type": "subscribe", "payload": {
            "query": "{ me { userId } }"}}))
        await socket.send(json.dumps({"id": "b", "type": "subscribe", "payload": {
            "query": "{ me { shoeSize } }"}}))
        await socket.send(json.dumps({"id": "c", "type": "subscribe", "payload": {
            "query": OFFENDER, "variables": {"id": {"not": "an id"}}}}))
        answers = {}
        while len(answers) < 3:
            message = json.loads(await socket.recv())
            if message["type"] in ("next", "error"):
                answers[message["id"]] = message
    assert "errors" not in answers["a"]["payload"]
    assert answers["b"]["payload"][0]["extensions"] == {
        "code": "VALIDATION", "requestId": "socket-7.2"}
    [error] = answers["c"]["payload"]["errors"]  # a variable's error comes as `next`
    assert error["extensions"] == {"code": "VALIDATION", "field": "id", "requestId": "socket-7.3"}


# Tracing: one tracer provider per process, with an in-memory exporter, installed before the
# app is made (as opentelemetry-instrument would); a test looks at the spans it caused. The
# provider stays for the rest of the session (OpenTelemetry sets one once), so later tests run
# traced too, but only spans ended while a test watches are kept.
class Watched(SimpleSpanProcessor):
    watching = False

    def on_end(self, span: ReadableSpan) -> None:
        if self.watching:
            super().on_end(span)


SPANS = InMemorySpanExporter()
WATCHED = Watched(SPANS)


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        provider = TracerProvider()
        provider.add_span_processor(WATCHED)
        trace.set_tracer_provider(provider)
    SPANS.clear()
    WATCHED.watching = True
    yield SPANS
    WATCHED.watching = False
    SPANS.clear()


def attribute_values(span: ReadableSpan) -> list[str]:
    values = [str(v) for v in (span.attributes or {}).values()]
    for event in span.events:
        values += [str(v) for v in (event.attributes or {}).values()]
    return [*values, span.name, span.status.description or ""]


async def test_a_traced_request_has_strawberrys_spans_and_one_per_query_without_a_value(
    settings: Settings, demo: Graph, spans: InMemorySpanExporter
) -> None:
    [wayne] = await cypher(demo, "MATCH (o:Offender {id: 'DEMO-OFF-01'}) RETURN o.name AS name")
    async with http_client(settings) as client:
        answer = await client.post("/graphql", headers=signed_in(settings), json={
            "query": OFFENDER, "variables": {"id": "DEMO-OFF-01"}})
        assert answer.json()["data"]["offender"]["name"] == wayne["name"]
        refused = await client.post("/graphql", headers=signed_in(settings), json={
            "query": 'mutation { createOffender(input: {name: "Ann Example", dateOfBirth: '
                     '"1990-01-01", category: CATEGORY_1, level: LEVEL_1, indexOffence: "x", '
                     'pnc: "not a pnc"}) { id } }'})
        assert refused.json()["errors"]
    finished = spans.get_finished_spans()
    names = [span.name for span in finished]
    request = next(s for s in finished if s.name == "POST /graphql")
    operation = next(s for s in finished if s.name == "GraphQL offender")
    assert operation.parent is not None
    assert operation.parent.span_id == request.context.span_id
    assert {"GraphQL Parsing", "GraphQL Validation"} <= set(names)  # strawberry's own
    resolving = next(s for s in finished if s.name == "GraphQL Resolving: offender")
    query = next(s for s in finished if s.name == "neo4j offender/find_offender")
    assert query.kind == trace.SpanKind.CLIENT
    assert (query.attributes or {})["db.system.name"] == "neo4j"
    ancestors, parent = [], query.parent
    by_id = {s.context.span_id: s for s in finished}
    while parent is not None:
        ancestors.append(by_id[parent.span_id].name)
        parent = by_id[parent.span_id].parent
    assert resolving.name in ancestors
    assert request.name in ancestors
    assert "neo4j principal/find_principal" in names  # the token's officer, looked up
    everything = [value for span in finished for value in attribute_values(span)]
    for secret in ("DEMO-OFF-01", wayne["name"], "Ann Example", "not a pnc", PPO.officer_id):
        assert not [v for v in everything if secret in v], secret


class Collector(BaseHTTPRequestHandler):
    """An OTLP/HTTP collector on loopback that keeps what it is sent."""

    received: ClassVar[list[tuple[str, bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        Collector.received.append((self.path, body))
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        pass


@asynccontextmanager
async def collector() -> AsyncIterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    thread = Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


async def test_mappa_serve_exports_its_spans_to_the_configured_collector(
    settings: Settings, demo: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Collector.received.clear()
    async with collector() as endpoint:
        monkeypatch.setitem(os.environ, "OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
        monkeypatch.setitem(os.environ, "OTEL_BSP_SCHEDULE_DELAY", "100")
        monkeypatch.setitem(os.environ, "OTEL_SERVICE_NAME", "mappa-link-under-test")
        async with (mappa_serve(settings, tmp_path / "serve.log") as server,
                    httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as client):
            answer = await client.post("/graphql", headers=signed_in(settings), json={
                "query": OFFENDER, "variables": {"id": "DEMO-OFF-02"}})
            assert answer.json()["data"]["offender"]["id"] == "DEMO-OFF-02"
            for _ in range(100):
                if any(b"offender/find_offender" in body for _, body in Collector.received):
                    break
                await asyncio.sleep(0.1)
    exported = b"".join(body for path, body in Collector.received if path == "/v1/traces")
    assert b"neo4j offender/find_offender" in exported, sys.stderr
    assert b"mappa-link-under-test" in exported
    assert b"DEMO-OFF-02" not in exported


async def test_the_evaluating_process_plans_the_queries_again_in_the_background(
    settings: Settings, graph: Graph
) -> None:
    """So that no request waits for its query to be planned again when a count its plan used
    changed (Neo4j would replan it on that request: W7's tail, bench/results/bench.md): the
    process that evaluates alerts plans every query again each MAPPA_REPLAN_QUERIES_S, and an
    operator sees it on /metrics; a replica that does not evaluate leaves it to that one."""
    often = {"replan_queries_s": 0.05, "plan_queries_at_start": False}
    async with http_client(settings.model_copy(update={**often, "run_worker": False})) as client:
        before = sample((await client.get("/metrics")).text, "mappa_query_replans_total")
        await asyncio.sleep(1)
        assert sample((await client.get("/metrics")).text, "mappa_query_replans_total") == before
    async with http_client(settings.model_copy(update=often)) as client:
        for _ in range(600):
            now = sample((await client.get("/metrics")).text, "mappa_query_replans_total")
            if now >= before + 3:
                break
            await asyncio.sleep(0.1)
    assert now >= before + 3
