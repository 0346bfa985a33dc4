"""graphql-transport-ws as its standard clients (npm graphql-ws, Python gql, GraphiQL) expect it.

- Every message is a text frame: a binary one fails those clients on the first connection_ack.
- A refused connection_init is closed with a code they understand, and the reason names the cause:

  | code | when | graphql-ws retries? |
  |---|---|---|
  | 4401 | no token, a bad or expired one (UNAUTHENTICATED) | no: final |
  | 4403 | no purpose, or one that is not a Purpose (PURPOSE_REQUIRED) | yes, unless told not to |
  | 4429 | the principal's operations are used up (RATE_LIMITED) | no: final |

- At most `max_subscriptions_per_connection` operations are in flight on one connection; one more
  is refused with a coded error naming the limit (the others carry on).
- Each operation is let in on its own, as an HTTP request is (app/api/admission.py): the
  connection's token checked again (expiry; the officer still an officer of the agency), one of
  its principal's operations taken, and a context of its own, so that it is audited on its own,
  with its own subjects and action. A refused operation answers an `error` and runs nothing.
- A subscribe payload may name a registered document by its `documentId` instead of sending its
  `query` (app/api/trusted.py), as an HTTP body may.
- Each operation has a request id of its own, the handshake's followed by `.1`, `.2`, ... in the
  order the operations arrived (app/api/operation_log.py), in every error it is sent and in its
  log line.
- The connection ends when its credentials stop holding: at the token's `exp`, or when an
  operation (or a subscription, before each stretch of alerts it delivers) finds them refused.
  Each open operation then gets the refusal as an `error` message (UNAUTHENTICATED), and the
  connection is closed 4401 with the refusal's words ("the token has expired"). The client
  connects again with a new token and resumes its subscriptions with `after`.
"""

import asyncio
from collections.abc import Mapping
from contextlib import aclosing, suppress
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from graphql import GraphQLError
from opentelemetry.trace import SpanKind
from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
    _OperationStreamClosed,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    Message,
    SubscribeMessage,
)

from app.access.principal import Principal
from app.access.service import Unauthenticated
from app.access.tokens import EXPIRED
from app.api.admission import Gate, Presented
from app.api.operation_log import OperationRecord, request_id_from, with_request_id
from app.api.operation_log import operation as operation_record
from app.api.trusted import carried, requested_id
from app.core.errors import DomainError
from app.graphql.context import Context, Disclosure
from app.observability.logs import current_request_id
from app.observability.metrics import WEBSOCKET_CONNECTIONS, WEBSOCKET_OPERATIONS
from app.observability.tracing import span

CLOSE_CODES = {"UNAUTHENTICATED": 4401, "PURPOSE_REQUIRED": 4403, "RATE_LIMITED": 4429}
REFUSED = 4403  # any other refusal
MAX_REASON_BYTES = 123  # what a close frame can carry (RFC 6455 section 5.5)


def close_reason(message: str) -> str:
    """`message`, cut at a word to fit a close frame."""
    if len(message.encode()) <= MAX_REASON_BYTES:
        return message
    cut = message.encode()[:MAX_REASON_BYTES - len("…".encode())].decode(errors="ignore")
    return cut.rsplit(" ", 1)[0].rstrip(",;:") + "…"


class ConnectionRefused(Exception):
    """on_ws_connect's refusal: closed with the refusal's own code and words."""

    def __init__(self, refusal: DomainError) -> None:
        super().__init__(refusal.message)
        self.code = CLOSE_CODES.get(refusal.code, REFUSED)
        self.reason = close_reason(refusal.message)


class TextFrames(ASGIWebSocketAdapter):
    """Sends each message as a text frame (the app's `encode_json` gives bytes, which strawberry
    would send as a binary frame)."""

    async def send_json(self, message: Mapping[str, object]) -> None:
        encoded = self.view.encode_json(message)
        try:
            await self.ws.send_text(encoded.decode() if isinstance(encoded, bytes) else encoded)
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


class Connection(BaseGraphQLTransportWSHandler[Context, None]):
    """One graphql-transport-ws connection: refusals closed with their codes, operations bounded,
    each operation let in on its own, and the connection ended with its credentials."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ended = False  # closing: nothing more is answered
        self.expiry: asyncio.Task[None] | None = None
        self.request_id = current_request_id.get() or request_id_from(None)  # the handshake's
        self.arrived = 0  # operations subscribed so far
        self.request_ids: dict[str, str] = {}  # of the operations not yet answered, by their id
        # The `extensions` of the operations subscribed and not yet started, by their id (a
        # document named by id travels there).
        self.extensions: dict[str, dict[str, Any]] = {}

    async def handle(self) -> None:
        with WEBSOCKET_CONNECTIONS.track_inprogress():
            await super().handle()

    @property
    def gate(self) -> Gate:
        request = self.context.request
        assert request is not None, "a connection's context holds its WebSocket"
        gate: Gate = request.app.state.gate
        return gate

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        try:
            await super().handle_connection_init(message)
        except ConnectionRefused as refused:
            await self.websocket.close(code=refused.code, reason=refused.reason)
            return
        principal = self.context.principal
        if (self.connection_acknowledged and self.expiry is None and principal is not None
                and principal.expires_at is not None):
            self.expiry = asyncio.create_task(self.end_at(principal.expires_at))
            self.expiry.add_done_callback(self._task_done)

    async def handle_message(self, message: Message) -> None:
        if not self.ended:
            await super().handle_message(message)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        payload = carried(message.get("payload"))
        extensions = payload.get("extensions") if isinstance(payload, dict) else None
        if isinstance(extensions, dict) and requested_id(extensions) is not None:
            # named by id: no query (strawberry's Operation wants one)
            query = message["payload"].get("query") or ""
            message["payload"] = {**message["payload"], "query": query}
        if self.connection_acknowledged and message["id"] not in self.operations:
            self.arrived += 1
            self.request_ids[message["id"]] = f"{self.request_id}.{self.arrived}"
        limit = self.max_subscriptions_per_connection
        if (self.connection_acknowledged and limit is not None
                and message["id"] not in self.operations and len(self.operations) >= limit):
            error = GraphQLError(
                f"subscriptions per connection exceeded: at most {limit} at once",
                extensions={"code": "RATE_LIMITED"})
            with operation_record(OperationRecord(
                    self.request_ids[message["id"]], "websocket")) as record:
                principal = self.context.principal
                if principal is not None:
                    record.agency_id, record.roles = principal.agency_id, tuple(principal.roles)
                record.answered(["RATE_LIMITED"], refused=True)
                await self.send_message(
                    {"id": message["id"], "type": "error", "payload": [error.formatted]})
            return
        await super().handle_subscribe(message)
        if isinstance(extensions, dict) and message["id"] in self.operations:
            self.extensions[message["id"]] = extensions  # its task starts after this returns

    async def send_message(self, message: Message) -> None:
        """Every error an operation is sent names its request id; its last message forgets it."""
        request_id = self.request_ids.get(str(message.get("id")))
        payload = message.get("payload")
        if message["type"] == "error":
            with_request_id(payload, request_id)
        elif message["type"] == "next" and isinstance(payload, dict):
            with_request_id(payload.get("errors"), request_id)
        await super().send_message(message)
        if message["type"] in ("error", "complete"):
            self.request_ids.pop(str(message.get("id")), None)

    async def run_operation(self, operation: Operation[Context, None]) -> None:
        """The operation's task: logged, measured and traced as its own (its record current in
        this task alone)."""
        record = OperationRecord(
            self.request_ids.get(operation.id) or request_id_from(None), "websocket")
        with (operation_record(record), WEBSOCKET_OPERATIONS.track_inprogress(),
              span("graphql-transport-ws operation", SpanKind.SERVER)):
            await self._run_operation(operation)

    async def _run_operation(self, operation: Operation[Context, None]) -> None:
        """Strawberry's run_operation (0.341), but with a context of the operation's own, let in
        on its own, where strawberry's hands every operation the connection's one context;
        refused for its credentials, the operation answers its error and the connection ends."""
        context = replace(self.context, principal=None, refusal=None, disclosure=Disclosure(),
                          recheck=self.recheck)
        context.request, context.response = self.context.request, self.context.response
        context.connection_params = self.context.connection_params
        try:
            await self.gate.admit(context, Presented.in_payload(context.connection_params))
            result_source = await self.schema.stream(
                operation.query,
                variable_values=operation.variables,
                context_value=context,
                root_value=self.root_value,
                operation_name=operation.operation_name,
                operation_extensions=self.extensions.pop(operation.id, None),
            )
            async with aclosing(result_source):
                await self._send_result_stream(operation, result_source)
            await operation.send_operation_message({"id": operation.id, "type": "complete"})
        except _OperationStreamClosed:
            return
        except Exception as error:
            await self.handle_task_exception(error)
            with suppress(Exception):
                await operation.send_operation_message({"id": operation.id, "type": "complete"})
            self.operations.pop(operation.id, None)
            raise
        if isinstance(context.refusal, Unauthenticated):
            await self.end(context.refusal)

    async def recheck(self) -> Principal:
        """The connection's principal as of now; when its credentials no longer hold, the
        connection ends, and the refusal is raised."""
        try:
            return await self.gate.principal(Presented.in_payload(self.context.connection_params))
        except Unauthenticated as refusal:
            await self.end(refusal)
            raise

    async def end_at(self, expires_at: datetime) -> None:
        """At the token's `exp`, the connection ends."""
        await asyncio.sleep(max((expires_at - datetime.now(UTC)).total_seconds(), 0.0))
        await self.end(Unauthenticated(EXPIRED))

    async def end(self, refusal: DomainError) -> None:
        """Each open operation gets `refusal` as its error, then the connection is closed with
        the refusal's code and words, and what the operations were doing is stopped."""
        if self.ended:
            return
        self.ended = True
        error = GraphQLError(refusal.message, extensions={"code": refusal.code}).formatted
        operations = list(self.operations.values())
        closing = ConnectionRefused(refusal)
        with suppress(WebSocketDisconnected):
            for operation in operations:
                await operation.send_operation_message(
                    {"id": operation.id, "type": "error", "payload": [error]})
            await self.websocket.close(code=closing.code, reason=closing.reason)
        for operation in operations:
            if operation.task is not None and operation.task is not asyncio.current_task():
                operation.task.cancel()

    async def shutdown(self) -> None:
        if self.expiry is not None:
            self.expiry.cancel()
        await super().shutdown()
