"""Follow MAPPA Link's alerts as a partner system: subscribe to `alertRaised` over
graphql-transport-ws (with the `gql` library), hand each alert to your code, keep the sequence of
the last alert handled in a small file, and after any break (a network drop, a server restart,
the token's end) connect again with a current token and resume with `after`, so that no alert is
missed and none is handed over twice.

Run against `make up`, as the electronic monitoring provider's demo system (the token command
runs again for each connection, so that each takes a current token):

    python examples/partner/alerts_client.py --url ws://127.0.0.1:8000/graphql \\
        --sequence-file .mappa/partner/last-sequence --after 0 \\
        --token-command ".venv/bin/mappa token --user demo.em.system --agency AG-DEMO-EM \\
                         --role PARTNER_SYSTEM --ttl 600"

Each alert is printed as a line of JSON; what the client does is logged to stderr. From your own
code, give `follow_alerts` a token provider (your identity provider's client credentials grant,
say) and a handler:

    async def handle(alert: Alert) -> None: ...
    await follow_alerts(url, fetch_token, handle, SequenceFile(Path("last-sequence")))

How a connection ended decides what comes next (README, "For partner systems"):

- an UNAUTHENTICATED error, or a close 4401 (the token's end): connect again at once with a new
  token; two new tokens refused in a row stop the client;
- a RATE_LIMITED error, or a close 4429: wait as long as the service said, then connect again;
- an UNAVAILABLE or INTERNAL error, a drop, a server restart (1012), any other close: connect
  again after 1 s, then 2, 4, ... up to a minute;
- a close 4400, 4403, 4408 or 4409, or an error of any other code: stop, raising `Stopped` with
  the service's words (a purpose that is not a Purpose, say).
"""

import argparse
import asyncio
import json
import logging
import os
import random
import re
import shlex
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypedDict, cast

from gql import Client, GraphQLRequest
from gql.client import AsyncClientSession
from gql.transport.exceptions import TransportError, TransportQueryError
from gql.transport.websockets import WebsocketsTransport
from websockets.exceptions import ConnectionClosed

log = logging.getLogger("partner.alerts")

ALERT_RAISED = """subscription AlertRaised($after: Int) {
  alertRaised(after: $after) {
    id sequence rule severity status raisedAt summary offender { id }
  }
}"""


class AlertOffender(TypedDict):
    id: str


class Alert(TypedDict):
    """An alert as ALERT_RAISED selects it, told through what your system may see."""

    id: str
    sequence: int
    rule: str
    severity: str
    status: str
    raisedAt: str
    summary: str
    offender: AlertOffender


TokenProvider = Callable[[], Awaitable[str]]
AlertHandler = Callable[[Alert], Awaitable[None]]

RETRIED_CODES = {"UNAVAILABLE", "INTERNAL"}  # errors a later attempt may not meet
LONGEST_WAIT_S = 60.0


class Stopped(Exception):
    """The service refused the client for a reason that connecting again cannot mend."""


class SequenceFile:
    """The sequence of the last alert handled, in a small file. It is written after your handler
    returns, so an alert is never lost; a crash between the two hands that one alert to your
    handler again on restart: handle alerts idempotently (by `id`)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def last(self) -> int | None:
        """None before the first alert: the subscription then starts with new alerts."""
        try:
            return int(self.path.read_text())
        except FileNotFoundError:
            return None

    def save(self, sequence: int) -> None:
        """Written whole or not at all: a crash leaves the old value or the new one."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        written = self.path.with_name(self.path.name + ".tmp")
        with written.open("w") as file:
            file.write(f"{sequence}\n")
            file.flush()
            os.fsync(file.fileno())
        written.replace(self.path)


@dataclass(frozen=True)
class Ending:
    """How a connection ended, and what to do next."""

    why: str
    new_token: bool = False
    wait_s: float | None = None  # as long as the service said to wait
    final: bool = False


def ending_of(error: Exception) -> Ending:
    """Read an ended connection as the service's README tells partners to."""
    if isinstance(error, TransportQueryError):  # a coded error on the subscription
        return coded_ending((error.errors or [{}])[0])
    closed = error if isinstance(error, ConnectionClosed) else error.__cause__
    if isinstance(closed, ConnectionClosed) and closed.rcvd is not None:
        return close_ending(closed.rcvd.code, closed.rcvd.reason)
    cause = f" ({error.__cause__})" if error.__cause__ else ""
    return Ending(f"{str(error) or type(error).__name__}{cause}")  # a drop, a restart: try again


def coded_ending(error: dict[str, Any]) -> Ending:
    extensions = error.get("extensions") or {}
    code = extensions.get("code")
    why = f"{code}: {error.get('message')}"
    if code == "UNAUTHENTICATED":
        return Ending(why, new_token=True)
    if code == "RATE_LIMITED":
        return Ending(why, wait_s=float(extensions.get("retryAfter", 1)))
    return Ending(why, final=code not in RETRIED_CODES)


def close_ending(code: int, reason: str) -> Ending:
    why = f"closed {code}: {reason}" if reason else f"closed {code}"
    if code == 4401:
        return Ending(why, new_token=True)
    if code == 4429:
        told = re.search(r"retry after (\d+) s", reason)
        return Ending(why, wait_s=float(told[1]) if told else None)
    return Ending(why, final=4400 <= code < 5000)  # 4400, 4403, 4408, 4409: the protocol's


def backoff_s(failures: int) -> float:
    """1 s, 2, 4, ... up to a minute, with jitter so that partners do not return all at once."""
    return min(LONGEST_WAIT_S, 2.0 ** failures) * random.uniform(0.5, 1.0)


async def follow_alerts(
    url: str, tokens: TokenProvider, on_alert: AlertHandler, store: SequenceFile,
    purpose: str = "PARTNER_INTEGRATION",
) -> NoReturn:
    """Hand every alert the caller may see to `on_alert`, in sequence order, once, resuming after
    `store.last()`; runs until cancelled, or raises `Stopped`. `tokens` is asked for a current
    token before every connection."""
    failures = refused = 0  # connections in a row that failed; new tokens refused in a row
    while True:
        connected = False
        try:
            init = {"authorization": f"Bearer {await tokens()}", "purpose": purpose}
            transport = WebsocketsTransport(
                url=url, init_payload=init,
                subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL])
            async with Client(transport=transport) as session:  # connection_init acknowledged
                connected, failures, refused = True, 0, 0
                await hand_over(session, on_alert, store)
            ending = Ending("the service completed the subscription")
        except (TransportError, ConnectionClosed, OSError) as error:
            ending = ending_of(error)
        if ending.final:
            raise Stopped(ending.why)
        if ending.new_token:
            refused = 0 if connected else refused + 1
            if refused >= 2:
                raise Stopped(f"two new tokens refused in a row ({ending.why})")
            wait = 0.0
        elif ending.wait_s is not None:
            wait = ending.wait_s
        else:
            wait, failures = backoff_s(failures), failures + 1
        log.warning("%s; connecting again in %.1f s", ending.why, wait)
        await asyncio.sleep(wait)


async def hand_over(session: AsyncClientSession, on_alert: AlertHandler,
                    store: SequenceFile) -> None:
    """Subscribe after the last alert handled and hand each alert over as it comes. A subscription
    refused RATE_LIMITED is made again on the same connection, which stays open, once the time
    the service gave has passed."""
    while True:
        after = store.last()
        log.info("subscribing to alertRaised after %s", after)
        try:
            async for result in session.subscribe(
                    GraphQLRequest(ALERT_RAISED, variable_values={"after": after})):
                alert = cast(Alert, result["alertRaised"])
                await on_alert(alert)
                store.save(alert["sequence"])
            return
        except TransportQueryError as error:
            ending = ending_of(error)
            if ending.new_token or ending.wait_s is None:
                raise
            log.warning("%s; subscribing again in %.1f s", ending.why, ending.wait_s)
            await asyncio.sleep(ending.wait_s)


def token_command(command: str) -> TokenProvider:
    """A token provider that runs `command` and takes what it prints."""

    async def run() -> str:
        process = await asyncio.create_subprocess_exec(
            *shlex.split(command), stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        out, err = await process.communicate()
        if process.returncode != 0:
            raise Stopped(f"the token command failed ({process.returncode}): "
                          f"{err.decode().strip()}")
        return out.decode().strip()

    return run


async def print_alert(alert: Alert) -> None:
    print(json.dumps(alert), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="e.g. ws://127.0.0.1:8000/graphql")
    parser.add_argument("--token-command", required=True,
                        help="a command that prints a current access token")
    parser.add_argument("--sequence-file", type=Path, required=True,
                        help="where the sequence of the last alert handled is kept")
    parser.add_argument("--purpose", default="PARTNER_INTEGRATION", help="a Purpose of use")
    parser.add_argument("--after", type=int,
                        help="with no sequence file yet, start after this sequence (0: every "
                             "alert you may see) rather than with new alerts")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    store = SequenceFile(args.sequence_file)
    if args.after is not None and store.last() is None:
        store.save(args.after)
    try:
        asyncio.run(follow_alerts(args.url, token_command(args.token_command), print_alert,
                                  store, args.purpose))
    except Stopped as stopped:
        sys.exit(f"stopped: {stopped}")
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
