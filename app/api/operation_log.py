"""Each operation's request id, log line, metrics and span, over HTTP and WebSocket alike.

The request id is the caller's `X-Request-Id` when it is well formed (1 to 128 letters, digits,
`.`, `_`, `:` or `-`), else a new UUID. It comes back in the `X-Request-Id` header (of the HTTP
answer, or of the WebSocket handshake) and in every error's `extensions.requestId`. Over a
WebSocket the handshake's id names the connection, and its operations are `<id>.1`, `<id>.2`, ...
in the order they arrived.

Every operation, refused or not, ends with one JSON line (logger `mappa.operation`): its
requestId, transport, operation (as `operation_label` names it), operationType, the principal's
agencyId and roles, outcome (OK or the first error's code), whether it was refused before
anything ran, and durationMs. Never a name, an address, a variable, the document or a user id.
"""

import logging
import re
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Literal

from opentelemetry import context as otel_context
from opentelemetry import propagate
from opentelemetry.trace import SpanKind
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.observability.logs import current_request_id
from app.observability.metrics import OPERATION_SECONDS, OPERATIONS_REFUSED, outcome_label
from app.observability.tracing import span, tracing_on

log = logging.getLogger("mappa.operation")

WELL_FORMED_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
REQUEST_ID_HEADER = "x-request-id"
GRAPHQL_PATH = "/graphql"
Transport = Literal["http", "websocket"]
# Operations that are not answered once but stay open: not in the latency histogram.
LONG_LIVED = ("subscription", "connection_init")


def request_id_from(presented: str | None) -> str:
    """The caller's request id if it is well formed, else a new one."""
    if presented is not None and WELL_FORMED_REQUEST_ID.fullmatch(presented):
        return presented
    return str(uuid.uuid4())


@dataclass
class OperationRecord:
    """What one operation's log line and metrics say, filled in as it runs."""

    request_id: str
    transport: Transport
    started: float = field(default_factory=time.perf_counter)
    operation: str = "anonymous"
    operation_type: str | None = None
    agency_id: str | None = None
    roles: tuple[str, ...] = ()
    outcome: str | None = None  # None until answered
    refused: bool = False

    def answered(self, codes: Sequence[str], *, refused: bool = False) -> None:
        """Note an answer's error codes (none: OK); the first answer with an error decides."""
        if self.outcome in (None, "OK"):
            self.outcome = codes[0] if codes else "OK"
            self.refused = refused and bool(codes)

    def finish(self) -> None:
        outcome = outcome_label(self.outcome or "OK")
        seconds = time.perf_counter() - self.started
        if self.refused:
            OPERATIONS_REFUSED.labels(outcome, self.transport).inc()
        if self.operation_type not in LONG_LIVED:
            OPERATION_SECONDS.labels(self.operation, outcome).observe(seconds)
        log.info("operation", extra={
            "requestId": self.request_id, "transport": self.transport,
            "operation": self.operation, "operationType": self.operation_type,
            "agencyId": self.agency_id, "roles": list(self.roles), "outcome": outcome,
            "refused": self.refused, "durationMs": round(seconds * 1000, 1),
        })


# The operation being served in this context: an HTTP request's, or a WebSocket operation's in
# its own task (app/api/websocket.py).
current_operation: ContextVar[OperationRecord | None] = ContextVar(
    "current_operation", default=None)


@contextmanager
def operation(record: OperationRecord) -> Iterator[OperationRecord]:
    """`record` current while the block serves it, finished (logged, measured) after."""
    token, id_token = current_operation.set(record), current_request_id.set(record.request_id)
    try:
        yield record
    except Exception:
        record.answered(["INTERNAL"])
        raise
    finally:
        current_operation.reset(token)
        record.finish()
        current_request_id.reset(id_token)


def with_request_id(errors: object, request_id: str | None) -> None:
    """Stamp `request_id` into each formatted error's extensions (a list of error dicts)."""
    if request_id is None or not isinstance(errors, list):
        return
    for error in errors:
        if isinstance(error, dict):
            error["extensions"] = {**(error.get("extensions") or {}), "requestId": request_id}


# How an HTTP answer that never reached GraphQL (413, a body that is not JSON) is coded.
def _code_of_status(status: int) -> str | None:
    if status >= 500:
        return "INTERNAL"
    return "VALIDATION" if status >= 400 else None


class RequestIds:
    """ASGI middleware: every HTTP answer and WebSocket handshake carries its request id; each
    GraphQL operation over HTTP (a POST to /graphql) is logged, measured and traced from its
    arrival to its answer, token check and audit included. A caller's W3C `traceparent` is the
    parent of its spans when tracing is on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        request_id = request_id_from(headers.get(REQUEST_ID_HEADER))
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] in ("http.response.start", "websocket.accept"):
                status = message.get("status", 0)
                message = {**message, "headers": [
                    *message.get("headers", ()), (b"x-request-id", request_id.encode())]}
            await send(message)

        attached = otel_context.attach(propagate.extract(headers)) if tracing_on() else None
        id_token = current_request_id.set(request_id)
        try:
            if (scope["type"] == "http" and scope["method"] == "POST"
                    and scope["path"] == GRAPHQL_PATH):
                with (operation(OperationRecord(request_id, "http")) as record,
                      span("POST /graphql", SpanKind.SERVER,
                           {"http.request.method": "POST", "url.path": GRAPHQL_PATH})):
                    await self.app(scope, receive, send_with_id)
                    if record.outcome is None:  # refused before GraphQL: 413, not JSON
                        code = _code_of_status(status)
                        record.answered([code] if code else [], refused=True)
            else:
                await self.app(scope, receive, send_with_id)
        finally:
            current_request_id.reset(id_token)
            if attached is not None:
                otel_context.detach(attached)
