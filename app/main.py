"""create_app(settings): the FastAPI app, wired: its routes, middleware and GraphQL router; its
lifespan holds the process's runtime (app/runtime.py: the driver, the audit log, the background
tasks) while it serves."""

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Annotated

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from fastapi import FastAPI, Header
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.execution import ExecutionResult, PreExecutionError
from strawberry.types.unset import UnsetType

from app.access.service import Subjects
from app.access.tokens import TokenVerifier
from app.api.admission import Gate, Presented
from app.api.http import audit, bodies, health, metrics, responses
from app.api.http.explorer import mount_common_assets, mount_explorer
from app.api.http.graphiql import WEB_DIR, GraphiQLRouter, mount_graphiql_assets
from app.api.http.meetings_page import mount_meetings_page
from app.api.limits import BodyLimit, OperationBuckets
from app.api.operation_log import OperationRecord, RequestIds, operation, with_request_id
from app.api.schema import build_schema
from app.api.trusted import carried
from app.api.websocket import Connection, ConnectionRefused, TextFrames
from app.core.enums import AuditAction
from app.core.errors import DomainError
from app.graphql.context import Context, new_entry
from app.observability.logs import current_request_id
from app.observability.metrics import QUERY_REPLANS
from app.observability.tracing import configure_tracing
from app.platform.neo4j.driver import Graph
from app.platform.neo4j.registry import DECLARED, Query
from app.queries import load_all_queries
from app.runtime import Runtime, serving
from app.settings import Settings, UnsafeSettings, get_settings

log = logging.getLogger(__name__)


async def graphql_context(
    request: HTTPConnection,
    response: Response,
    authorization: Annotated[str | None, Header()] = None,
    x_purpose_of_use: Annotated[str | None, Header()] = None,
    x_justification: Annotated[str | None, Header()] = None,
) -> Context:
    """An HTTP request's context, its caller let in (or refused) by the app's gate. A WebSocket's
    is its connection's: let in at connection_init, and each of its operations gets a context of
    its own (app/api/websocket.py)."""
    state = request.app.state
    runtime: Runtime = state.runtime
    # The media type of the answer: MappaRouter.create_response reads it.
    response.media_type = responses.media_type(request.headers.get("accept"))
    context = Context(graph=runtime.graph, settings=runtime.settings, audit=runtime.audit,
                      bus=runtime.bus, unit_of_work=runtime.unit_of_work)
    if not isinstance(request, WebSocket):
        await state.gate.admit(
            context, Presented(authorization, x_purpose_of_use, x_justification))
    return context


class MappaRouter(GraphiQLRouter[Context, None]):
    """GraphQL over HTTP and WebSocket; a WebSocket's token and purpose come in its
    connection_init payload ({"authorization": "Bearer ...", "purpose": "...",
    "justification": "..."}): a refused connection is audited, then closed with the refusal's
    code, and each operation on an accepted one is let in again on its own
    (app/api/websocket.py)."""

    graphql_transport_ws_handler_class = Connection
    websocket_adapter_class = TextFrames  # type: ignore[assignment]  # as strawberry's own

    def decode_json(self, data: str | bytes) -> object:
        return bodies.decode_json(data)

    def parse_json(self, data: str | bytes) -> object:
        """A body may name a registered document by its `documentId` instead of sending it
        (app/api/trusted.py)."""
        decoded = super().parse_json(data)
        if isinstance(decoded, list):
            return [carried(item) for item in decoded]
        return carried(decoded)

    def encode_json(self, data: object) -> bytes:
        """orjson, not json.dumps: a caseload page is encoded several times faster. Its answers
        hold only what GraphQL serialised (no surrogates: `decode_json` refuses them)."""
        return orjson.dumps(data)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """A request error (raised before execution: a syntax error, a failed validation, a
        refusal) has no `data` at all, as the GraphQL specification says. Every error names
        the request (extensions.requestId)."""
        answer = await super().process_result(request, result)
        if isinstance(result, PreExecutionError):
            answer.pop("data", None)
        with_request_id(answer.get("errors"), current_request_id.get())
        return answer

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        """In the media type the client asked for, with that type's status codes
        (app/api/http/responses.py)."""
        media = sub_response.media_type or responses.JSON
        response = Response(
            self.encode_json(response_data), media_type=media,
            status_code=sub_response.status_code or responses.status_of(response_data, media))
        response.headers.raw.extend(sub_response.headers.raw)
        return response

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """A JSON body is an operation (an object) or a batch (a list); anything else (null, a
        string, a number) is refused here rather than failing inside strawberry."""
        content_type, _ = parse_content_type(request.content_type or "")
        if (request.method == "POST" and "application/json" in content_type
                and not bodies.JSON_CONTAINER.match(await request.get_body())):
            raise HTTPException(400, "The request body must be a JSON object: an operation")
        return await super().parse_http_body(request)

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        request = context.request
        assert request is not None, "a connection's context holds its WebSocket"
        await request.app.state.gate.admit(
            context, Presented.in_payload(context.connection_params))
        if context.refusal is not None:
            principal = context.principal
            with operation(OperationRecord(
                current_request_id.get() or "", "websocket", operation="connection_init",
                operation_type="connection_init",
                agency_id=principal.agency_id if principal else None,
                roles=tuple(principal.roles) if principal else (),
            )) as record:
                record.answered([context.refusal.code], refused=True)
                # Audited as the principal when it is a rate refusal.
                await context.audit.record(new_entry(
                    context, "subscription connection_init", AuditAction.CONSULTATION,
                    subject_ids=(), field_classes=(), outcome=context.refusal.code))
            context.principal = None
            raise ConnectionRefused(context.refusal)
        return UnsetType()  # acknowledge with no payload


async def plan_queries(graph: Graph) -> None:
    """Plan the reads behind the screens (offender, caseload, search, network, alerts), which
    took up to 4 s each to plan on a freshly started Neo4j of 100,000 offenders, 13 s in all.
    (Neo4j plans an EXPLAIN again each time, so planning every query, 30 s, would cost that at
    every start of the API.)"""
    screens = ("offender/", "person/", "network/", "principal/", "alert/")
    try:
        await graph.plan(walk for q in DECLARED.values() if q.name.startswith(screens)
                         for walk in walks(q))
    except DomainError as error:  # Neo4j away: the plans will be made when it is used
        log.warning("planning queries at start-up: %s", error.message)


async def replan_queries(graph: Graph, every_s: float, queries: Sequence[Query]) -> None:
    """Plan the queries again every `every_s`, one at a time, off the request path: Neo4j
    replans a cached plan when a count it used has changed enough, on the request that finds it
    so (W7's tail in bench/results/bench.md: up to 2 s), unless its min_replan_interval has not
    passed since the plan was made; a plan made here restarts that interval."""
    while True:
        await asyncio.sleep(every_s)
        try:
            for query in queries:
                QUERY_REPLANS.inc(await graph.plan([query], again=True))
        except DomainError as error:  # Neo4j away: the next round, or a request, plans them
            log.warning("planning queries again: %s", error.message)


def walks(query: Query) -> list[Query]:
    """The query as it runs: once, or once per length of its walk (Query.walking)."""
    longest = query.longest_walk
    return [query] if longest is None else [query.walking(n) for n in range(1, longest + 1)]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    if problems := settings.production_problems():
        raise UnsafeSettings("production refuses to start: " + "; ".join(problems))
    load_all_queries(settings.queries_dir)
    verifier = TokenVerifier(settings)
    configure_tracing()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with serving(settings) as runtime, metrics.metrics_listener(runtime.graph, settings):
            graph = runtime.graph
            app.state.runtime = runtime
            app.state.graph = graph
            app.state.settings = settings
            app.state.backlogs = metrics.BacklogGauges(graph, settings.metrics_backlog_cache_s)
            app.state.gate = Gate(
                Subjects(graph, settings.officer_cache_s), verifier,
                OperationBuckets(settings.operations_per_s, settings.rate_limit_burst))
            if settings.plan_queries_at_start:
                runtime.tasks.start(plan_queries(graph), "query-plans")
            if settings.replan_queries_s > 0 and runtime.worker is not None:
                runtime.tasks.start(replan_queries(
                    graph, settings.replan_queries_s,
                    [walk for query in DECLARED.values() for walk in walks(query)]),
                    "query-replans")
            # What start-up made (schema, queries, caches) lives as long as the app: kept out of
            # the collector's full passes, each of which stalled the process for about 100 ms
            # (seen in W7's tail), and handed back when the app stops.
            gc.freeze()
            try:
                yield
            finally:
                gc.unfreeze()

    app = FastAPI(
        title="MAPPA Link",
        lifespan=lifespan,
        docs_url=None if settings.is_production else "/docs",
        redoc_url=None,
        openapi_url=None if settings.is_production else "/openapi.json",
        # FastAPI's own OpenTelemetry would record a URL's query string (where a query sent by
        # GET carries its ids and names) and every dependency: the request and its operation
        # are traced without values instead (app/api/operation_log.py).
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    # In development GraphiQL is on, with its assets served locally (app/api/http/graphiql.py).
    graphql = MappaRouter(
        build_schema(settings),
        context_getter=graphql_context,
        graphql_ide=None if settings.is_production else "graphiql",
        # Queries travel in POST bodies only: a GET's URL, with the ids and names it asks about,
        # would be written to access logs and proxies' logs.
        allow_queries_via_get=False,
        subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL],
        max_subscriptions_per_connection=settings.graphql_max_subscriptions_per_connection,
    )
    app.add_middleware(BodyLimit, max_bytes=settings.graphql_max_body_bytes)
    app.add_middleware(RequestIds)  # outermost: a refused body's answer names its request too
    app.include_router(health.router)
    app.include_router(audit.router)
    if settings.metrics_on_api_port:
        app.add_route(metrics.PATH, metrics.scrape, include_in_schema=False)
    app.include_router(graphql, prefix="/graphql")
    if not settings.is_production:
        mount_graphiql_assets(app, WEB_DIR)
    # What the two pages below share: sign-in, the call to /graphql, the common styles.
    mount_common_assets(app, WEB_DIR)
    # The link explorer, a client of /graphql like any other (app/api/http/explorer.py).
    mount_explorer(app, settings, WEB_DIR)
    # The meetings page, the same way (app/api/http/meetings_page.py).
    mount_meetings_page(app, WEB_DIR)
    return app


