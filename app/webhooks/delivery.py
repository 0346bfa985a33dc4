"""Webhook delivery for partner systems, by the Standard Webhooks convention: each alert a
webhook's owner may see is POSTed as a thin JSON payload (`type`, `timestamp` when the alert was
raised, `data`) with `webhook-id` (the delivery's id, the same on every retry),
`webhook-timestamp` (the attempt's) and `webhook-signature` (`v1,` and the base64 HMAC-SHA256 of
`id.timestamp.body` under the secret's key).

Deliveries live in Neo4j (made in the transaction that raised the alert), so they survive a
restart; any number of processes deliver, each delivery claimed under a lease. A failed attempt is
retried with exponential backoff and jitter, or after the receiver's `Retry-After`; a 410 disables
the webhook. Before each attempt the webhook's owner is checked again: it must still be a
principal (app/webhooks/models.acting_as: its agency exists; an officer still works for it, in
the role registered), else the webhook is disabled saying why; and it must still see the case by
the one visibility rule, else the delivery is dropped. Each attempt is audited as a disclosure by
the owner before it is sent.

Signing secrets are stored sealed: encrypted (Fernet, AES-128-CBC with HMAC-SHA256) under
MAPPA_WEBHOOK_SECRET_KEY, so that the graph, its backups and its dumps cannot sign a delivery.
After a rotation the previous secret signs beside the new one (two signatures in
`webhook-signature`, which verifiers accept) until its overlap ends.

In production (`webhook_allow_private_hosts` false) a webhook URL must be https and its host must
resolve only to public addresses: never loopback, link-local (cloud metadata), private, shared,
reserved or multicast ones. That is checked at registration and again before every attempt, as
DNS may have changed since; redirects are never followed.
"""

import asyncio
import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import random
import secrets
import socket
import time
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx
from cryptography.fernet import Fernet, InvalidToken

from app.audit.models import AuditEntry
from app.audit.trail import AuditLog
from app.core.enums import AuditAction, Purpose
from app.core.errors import DomainError, Invalid
from app.observability.metrics import WEBHOOK_DELIVERIES
from app.platform.dev_keys import made_once
from app.platform.neo4j.driver import Graph
from app.settings import Settings, UnsafeSettings
from app.webhooks import repository as repo
from app.webhooks.models import DeliveryState, DueDelivery, acting_as

log = logging.getLogger(__name__)
# What an attempt's outcome is called in mappa_webhook_deliveries_total.
DELIVERY_OUTCOMES = {DeliveryState.DELIVERED: "DELIVERED", DeliveryState.PENDING: "RETRY",
                     DeliveryState.FAILED: "FAILED", DeliveryState.DROPPED: "DROPPED"}
SECRET_PREFIX = "whsec_"  # noqa: S105 - the Standard Webhooks prefix, not a secret
DEV_SECRET_KEY_FILE = "webhook-secret.key"  # noqa: S105 - a file name


async def refuse_unsafe_url(url: str, field: str = "input.url") -> None:
    """Raise Invalid naming `url` unless it is https and its host resolves only to public
    addresses (the check production makes; development's local receivers skip it)."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise Invalid(f"{field}: webhook URLs must use https: {url}", field=field)
    try:
        found = await asyncio.get_running_loop().getaddrinfo(
            parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError):
        raise Invalid(f"{field}: the host of {url} does not resolve", field=field) from None
    for *_, address in found:
        ip = ipaddress.ip_address(str(address[0]).partition("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise Invalid(f"{field}: the host of {url} resolves to {ip}, a loopback, link-local, "
                          "private, reserved or multicast address", field=field)


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def secret_key(settings: Settings) -> bytes:
    """MAPPA_WEBHOOK_SECRET_KEY; outside production, a development key made on first use in
    state_dir, as the development token key is."""
    if settings.webhook_secret_key is not None:
        return settings.webhook_secret_key.get_secret_value().encode()
    if settings.is_production:
        raise UnsafeSettings("MAPPA_WEBHOOK_SECRET_KEY is unset: production seals webhook "
                             "secrets under a key of its own")
    return made_once(settings.dev_key_dir / DEV_SECRET_KEY_FILE, Fernet.generate_key).strip()


class SecretCipher:
    """Signing secrets as Neo4j keeps them: sealed under the deployment's key."""

    def __init__(self, settings: Settings) -> None:
        self._fernet = Fernet(secret_key(settings))

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode()

    def unseal(self, sealed: str) -> str:
        """The secret; InvalidToken when it was sealed under another key."""
        return self._fernet.decrypt(sealed.encode()).decode()


async def seal_clear_secrets(graph: Graph, cipher: SecretCipher) -> int:
    """Seal the signing secrets still stored in clear (registered by an earlier version), at
    start-up: idempotent, as Cypher migrations cannot encrypt. How many were sealed."""
    return await graph.write(repo.seal_clear_secrets, cipher.seal)


def backoff_s(attempts: int, base_s: float, cap_s: float) -> float:
    """The wait after the `attempts`-th failure: doubling from `base_s`, capped, half of it
    jittered so that retries from many deliveries spread out."""
    ceiling = min(cap_s, base_s * 2 ** (attempts - 1))
    return float(ceiling / 2 + random.uniform(0, ceiling / 2))


def retry_after_s(value: str | None, now: datetime) -> float | None:
    """A `Retry-After` header in seconds, or as an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    with suppress(TypeError, ValueError):
        return max(0.0, (parsedate_to_datetime(value) - now).total_seconds())
    return None


def body_of(due: DueDelivery) -> bytes:
    """The body, the same bytes on every attempt. Its `timestamp` is when the event happened,
    the alert's `raisedAt` (as the API shows it), not when this attempt is made: Standard
    Webhooks asks for the event's time, and a retry is the same message (same `webhook-id`),
    so its body must not change. Freshness is the `webhook-timestamp` header's job: that is
    the attempt's time, signed anew each attempt, as a receiver refuses an old one."""
    notice = due.payload
    data = {"alertId": notice.alert_id, "rule": notice.rule, "severity": notice.severity,
            "offenderId": notice.offender_id, "sequence": notice.sequence}
    return json.dumps({"type": "alert.raised", "timestamp": notice.raised_at.isoformat(),
                       "data": data}, separators=(",", ":")).encode()


class DeliveryWorker:
    """Sends due deliveries; `wake()` after alerts are raised in this process, otherwise it looks
    every `webhook_poll_s`. One HTTP client for its life (`close()` it), so that connections to
    a receiver are kept and reused."""

    def __init__(self, graph: Graph, settings: Settings, audit: AuditLog) -> None:
        self.graph = graph
        self.settings = settings
        self.audit = audit
        self.cipher = SecretCipher(settings)
        self.client = httpx.AsyncClient(timeout=settings.webhook_timeout_s)
        self._wake = asyncio.Event()

    async def close(self) -> None:
        await self.client.aclose()

    def wake(self) -> None:
        self._wake.set()

    async def deliver_due(self) -> int:
        """Claim one batch of due deliveries and attempt each; return how many there were. A
        webhook whose owner is no longer a principal is disabled first, saying why, which drops
        its deliveries."""
        s = self.settings
        due = await self.graph.write(repo.claim_deliveries, s.webhook_batch, s.webhook_lease_s)
        lapsed = {d.webhook.id: d.lapsed for d in due
                  if d.lapsed is not None and d.webhook.enabled}
        for webhook_id, reason in lapsed.items():
            await self.graph.write(repo.disable_webhook, webhook_id, reason)
        await asyncio.gather(*(self._attempt(d) for d in due if d.webhook.id not in lapsed))
        return len(due)

    async def run(self) -> None:
        sealed = False
        try:
            while True:
                self._wake.clear()
                try:
                    if not sealed:
                        await seal_clear_secrets(self.graph, self.cipher)
                        sealed = True
                    while await self.deliver_due():
                        pass
                except (DomainError, OSError) as error:
                    log.warning("webhook delivery: %s; retrying in %.1f s", error,
                                self.settings.webhook_poll_s)
                with suppress(TimeoutError):  # not wait_for: see AlertWorker.run
                    async with asyncio.timeout(self.settings.webhook_poll_s):
                        await self._wake.wait()
        finally:
            await self.close()

    async def _attempt(self, due: DueDelivery) -> None:
        if not due.webhook.enabled or not due.visible:
            reason = ("webhook disabled" if not due.webhook.enabled
                      else "the owner may no longer see the case")
            await self.graph.write(repo.drop_delivery, due.id, reason)
            WEBHOOK_DELIVERIES.labels(DELIVERY_OUTCOMES[DeliveryState.DROPPED]).inc()
            return
        if not self.settings.webhooks_may_reach_private_hosts:
            try:
                await refuse_unsafe_url(due.webhook.url, field="url")
            except Invalid as refusal:  # nothing sent, so nothing disclosed; retried as a failure
                await self._record(due, None, None, error=refusal.message[:500])
                return
        try:
            keys = [self.cipher.unseal(sealed) for sealed in
                    (due.webhook.sealed_secret, due.webhook.previous_sealed_secret) if sealed]
        except InvalidToken:  # nothing sent; retried as a failure, until the key is put back
            log.warning("webhook %s: its secret was sealed under another key than "
                        "MAPPA_WEBHOOK_SECRET_KEY", due.webhook.id)
            await self._record(
                due, None, None,
                error="the signing secret does not open with MAPPA_WEBHOOK_SECRET_KEY")
            return
        body = body_of(due)
        await self.audit.record(self._entry(due))
        timestamp = int(time.time())  # this attempt's, not the event's (see body_of)
        headers = {
            "content-type": "application/json", "webhook-id": due.id,
            "webhook-timestamp": str(timestamp),
            # During a rotation's overlap, one signature per secret: either verifies.
            "webhook-signature": " ".join(signature(key, due.id, timestamp, body)
                                          for key in keys),
        }
        status, error, wait = None, None, None
        try:
            response = await self.client.post(due.webhook.url, content=body, headers=headers)
            status = response.status_code
            wait = retry_after_s(response.headers.get("retry-after"), datetime.now(UTC))
        except httpx.HTTPError as failure:
            error = f"{type(failure).__name__}: {failure}"[:500]
        await self._record(due, status, wait, error=error)
        if status == 410:
            await self.graph.write(repo.disable_webhook, due.webhook.id, "410 Gone")

    async def _record(
        self, due: DueDelivery, status: int | None, wait: float | None, error: str | None
    ) -> None:
        """Record an attempt (`status` None: none was answered) and what follows from it."""
        state, next_at = self._next(due, status, wait)
        await self.graph.write(repo.record_attempt, due.id, state, status_code=status,
                               error=error, next_attempt_at=next_at)
        WEBHOOK_DELIVERIES.labels(DELIVERY_OUTCOMES[state]).inc()

    def _next(
        self, due: DueDelivery, status: int | None, wait: float | None
    ) -> tuple[DeliveryState, datetime | None]:
        s = self.settings
        if status is not None and 200 <= status < 300:
            return DeliveryState.DELIVERED, None
        attempts = due.attempts + 1
        if status == 410 or attempts >= s.webhook_max_attempts:
            return DeliveryState.FAILED, None
        delay = min(wait, s.webhook_backoff_cap_s) if wait is not None else backoff_s(
            attempts, s.webhook_backoff_base_s, s.webhook_backoff_cap_s)
        return DeliveryState.PENDING, datetime.now(UTC) + timedelta(seconds=delay)

    @staticmethod
    def _entry(due: DueDelivery) -> AuditEntry:
        hook, owner = due.webhook, acting_as(due.webhook.owner)
        return AuditEntry.now(
            user_id=owner.user_id, agency_id=owner.agency_id, roles=owner.roles,
            purpose=Purpose.PARTNER_INTEGRATION.value, action=AuditAction.DISCLOSURE,
            operation=f"webhook {hook.id} delivery {due.id}",
            subject_ids=sorted({due.payload.offender_id, due.payload.alert_id}),
            outcome=f"ATTEMPT {due.attempts + 1}",
        )
