"""Limits on what one caller may send: operations per principal (a token bucket each) and the
size of a request body."""

import json
import math
import time
from collections.abc import Callable

from cachetools import LRUCache
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.operation_log import with_request_id
from app.core.errors import RateLimited
from app.observability.logs import current_request_id


class OperationBuckets:
    """A token bucket per principal: `burst` operations at once, refilled at `per_s`. The least
    recently seen principals are forgotten beyond `max_principals` (their buckets were full)."""

    def __init__(self, per_s: float, burst: int, max_principals: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_s, self.burst = per_s, burst
        self.clock = clock
        self._buckets: LRUCache[tuple[str, str], tuple[float, float]] = LRUCache(max_principals)

    def take(self, agency_id: str, user_id: str) -> None:
        """Spend one operation of this principal's, or raise RateLimited saying when to retry."""
        if self.per_s <= 0:
            return
        key, now = (agency_id, user_id), self.clock()
        tokens, since = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - since) * self.per_s)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            wait = math.ceil((1 - tokens) / self.per_s)
            raise RateLimited(
                f"rate limit exceeded: retry after {wait} s (at most {self.per_s:g} operations "
                f"per second, bursts of {self.burst}, for user '{user_id}' of agency "
                f"'{agency_id}')", retry_after_s=wait)
        self._buckets[key] = (tokens - 1, now)


class BodyTooLarge(Exception):
    """The request body went past the limit while it was being read."""


class BodyLimit:
    """Refuse an HTTP request body over `max_bytes` with 413 and a coded GraphQL error, by its
    Content-Length or, when it has none, as soon as the bytes read pass the limit."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        read, started = 0, False

        async def counted() -> Message:
            nonlocal read
            message = await receive()
            if message["type"] == "http.request":
                read += len(message.get("body", b""))
                if read > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        errors = [{
            "message": f"the request body exceeds {self.max_bytes} bytes",
            "extensions": {"code": "VALIDATION", "field": "body"},
        }]
        with_request_id(errors, current_request_id.get())
        body = json.dumps({"data": None, "errors": errors}).encode()
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        ]})
        await send({"type": "http.response.body", "body": body})
