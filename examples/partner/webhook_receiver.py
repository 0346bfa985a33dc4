"""Receive MAPPA Link's webhooks as a partner system: verify each delivery with the Standard
Webhooks reference library (`standardwebhooks`) under the `whsec_...` secret that registerWebhook
returned, refuse what does not verify, handle each delivery once, and answer quickly.

    WEBHOOK_SECRET=whsec_... python examples/partner/webhook_receiver.py --port 8001

Each alert is printed as a line of JSON. What it answers, and what the service's delivery worker
makes of that:

- a delivery that verifies, seen for the first time: 200 once your handler has returned
  (delivered); keep the handler quick, or queue the work;
- one whose `webhook-id` was seen before: 200, and not handled again (delivered);
- one that does not verify (another body, another secret, or a `webhook-timestamp` more than
  five minutes from now): 400 (tried again later, signed anew);
- your handler failed: 500 (tried again later, under the same `webhook-id`).

A replay of a captured delivery is refused by its timestamp once five minutes have passed, and
is not handled again before that, its `webhook-id` having been seen. The service retries a
delivery whose answer it did not get under the same id with a new timestamp, so an id seen before
is acknowledged rather than refused: refused, the service would try it again until it gave up.
Answer 410 (not done here) and the service disables the webhook for good.
"""

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Awaitable, Callable
from typing import TypedDict, cast

import uvicorn
from standardwebhooks import Webhook, WebhookVerificationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

log = logging.getLogger("partner.webhooks")

DAY_S = 24 * 3600.0


class RaisedAlert(TypedDict):
    """A delivery's `data`: thin, to be read in full with the `alerts` query."""

    alertId: str
    rule: str
    severity: str
    offenderId: str
    sequence: int


class Message(TypedDict):
    type: str  # "alert.raised"
    timestamp: str  # when the alert was raised (ISO 8601), not when it was sent
    data: RaisedAlert


MessageHandler = Callable[[Message], Awaitable[None]]


class SeenDeliveries:
    """The ids of the deliveries handled, or being handled, for `keep_s`: longer than the
    service goes on retrying one. Kept in memory here; a receiver of several processes keeps them
    in its database, in the transaction that records what it did with the alert."""

    def __init__(self, keep_s: float = DAY_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.keep_s, self.clock = keep_s, clock
        self._seen: dict[str, float] = {}  # in the order first seen

    def claim(self, delivery_id: str) -> bool:
        """True the first time an id is claimed (until it is released)."""
        now = self.clock()
        while self._seen and next(iter(self._seen.values())) < now - self.keep_s:
            del self._seen[next(iter(self._seen))]
        if delivery_id in self._seen:
            return False
        self._seen[delivery_id] = now
        return True

    def release(self, delivery_id: str) -> None:
        """The delivery was not handled after all: its retry is to be."""
        self._seen.pop(delivery_id, None)


def webhook_app(
    secret: str, on_message: MessageHandler, path: str = "/webhooks/mappa",
    seen: SeenDeliveries | None = None,
) -> Starlette:
    """An ASGI app receiving the service's deliveries at `path`, handing each to `on_message`."""
    verifier = Webhook(secret)  # takes the secret as shown, whsec_ and all
    handled = seen or SeenDeliveries()

    async def receive(request: Request) -> Response:
        body = await request.body()  # verified as sent: parse it only once it verifies
        try:
            message = cast(Message, verifier.verify(body, dict(request.headers)))
        except WebhookVerificationError as refused:
            log.warning("refused a delivery: %s", refused)
            return PlainTextResponse("the delivery does not verify\n", status_code=400)
        delivery_id = request.headers["webhook-id"]
        if not handled.claim(delivery_id):
            log.info("delivery %s was received before: not handled again", delivery_id)
            return PlainTextResponse("already received\n")
        try:
            await on_message(message)
        except BaseException:
            handled.release(delivery_id)
            raise
        return PlainTextResponse("received\n")

    return Starlette(routes=[Route(path, receive, methods=["POST"])])


async def print_message(message: Message) -> None:
    print(json.dumps(message), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--path", default="/webhooks/mappa")
    args = parser.parse_args()
    secret = os.environ.get("WEBHOOK_SECRET")
    if not secret:
        sys.exit("WEBHOOK_SECRET is unset: give the whsec_... secret registerWebhook returned")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    uvicorn.run(webhook_app(secret, print_message, args.path), host=args.host, port=args.port,
                log_level="warning")


if __name__ == "__main__":
    main()
