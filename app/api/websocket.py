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
"""

from collections.abc import Mapping

from graphql import GraphQLError
from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    SubscribeMessage,
)

from app.api.graphql.context import Context
from app.domain.errors import DomainError

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
    """One graphql-transport-ws connection: refusals closed with their codes, operations bounded."""

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        try:
            await super().handle_connection_init(message)
        except ConnectionRefused as refused:
            await self.websocket.close(code=refused.code, reason=refused.reason)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        limit = self.max_subscriptions_per_connection
        if (self.connection_acknowledged and limit is not None
                and message["id"] not in self.operations and len(self.operations) >= limit):
            error = GraphQLError(
                f"subscriptions per connection exceeded: at most {limit} at once",
                extensions={"code": "RATE_LIMITED"})
            await self.send_message(
                {"id": message["id"], "type": "error", "payload": [error.formatted]})
            return
        await super().handle_subscribe(message)
