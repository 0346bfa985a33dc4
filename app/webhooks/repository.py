"""Webhooks and their deliveries in Neo4j: registration, deliveries made in the raising
transaction, due deliveries claimed under a lease, every attempt recorded, the agency's list,
disabling and secret rotation. A webhook acts as its owner as the graph has it now
(app/webhooks/models.acting_as): the visibility rule is applied with the owner's agency, user id
and classes, and an owner that is no longer a principal disables its webhook."""

from collections.abc import Callable, Sequence
from datetime import datetime

from neo4j import AsyncManagedTransaction

from app.access.principal import Principal
from app.cases.repository import access_params, native
from app.core.enums import Role
from app.platform.neo4j.driver import execute, run
from app.platform.neo4j.registry import Query
from app.webhooks.models import (
    DeliveryState,
    DueDelivery,
    OwnerLapsed,
    Webhook,
    WebhookPage,
    WebhookRegistered,
    WebhookTarget,
    WebhookView,
    acting_as,
)

CREATE_WEBHOOK = Query("webhook/create_webhook")
LIST_ENABLED_WEBHOOKS = Query("webhook/list_enabled_webhooks")
ENQUEUE_DELIVERIES = Query("webhook/enqueue_deliveries")
CLAIM_DELIVERIES = Query("webhook/claim_deliveries")
VISIBLE_ALERTS = Query("webhook/visible_alerts")
RECORD_ATTEMPT = Query("webhook/record_attempt")
DROP_DELIVERY = Query("webhook/drop_delivery")
DISABLE_WEBHOOK = Query("webhook/disable_webhook")
LIST_WEBHOOKS = Query("webhook/list_webhooks")
ROTATE_WEBHOOK_SECRET = Query("webhook/rotate_webhook_secret")
LIST_CLEAR_SECRETS = Query("webhook/list_clear_secrets")
SEAL_SECRETS = Query("webhook/seal_secrets")


async def create_webhook(
    tx: AsyncManagedTransaction, webhook_id: str, url: str, description: str | None,
    secret: str, *, sealed_secret: str, principal: Principal, limit: int,
) -> tuple[WebhookRegistered | None, int]:
    """The webhook made (None at the limit, or when the agency is gone) and how many enabled
    webhooks the agency had before."""
    rows = await run(tx, CREATE_WEBHOOK, id=webhook_id, url=url, description=description,
                     sealedSecret=sealed_secret, userId=principal.user_id,
                     agencyId=principal.agency_id, roles=list(principal.roles), limit=limit)
    if not rows or rows[0]["webhook"] is None:
        return None, rows[0]["enabled"] if rows else 0
    made = WebhookRegistered.model_validate({**native(rows[0]["webhook"]), "secret": secret})
    return made, rows[0]["enabled"]


async def enqueue_deliveries(tx: AsyncManagedTransaction, alert_ids: Sequence[str]) -> None:
    """A delivery of each alert to each enabled webhook whose owner is still a principal who may
    see its offender; a webhook whose owner no longer stands is disabled, saying why."""
    if not alert_ids:
        return
    for row in await run(tx, LIST_ENABLED_WEBHOOKS):
        hook = Webhook.model_validate(row)
        try:
            owner = acting_as(hook.owner)
        except OwnerLapsed as lapse:
            await disable_webhook(tx, hook.id, str(lapse))
            continue
        await execute(tx, ENQUEUE_DELIVERIES, webhookId=hook.id, alertIds=list(alert_ids),
                      **access_params(owner))


async def claim_deliveries(
    tx: AsyncManagedTransaction, limit: int, lease_s: float
) -> list[DueDelivery]:
    """Claim due deliveries, each told whether its webhook's owner is still a principal (and
    why not) and whether it may still see the case."""
    rows = [native(row) for row in await run(tx, CLAIM_DELIVERIES, limit=limit,
                                              leaseSeconds=lease_s)]
    hooks = {row["webhook"]["id"]: WebhookTarget.model_validate(row["webhook"]) for row in rows}
    lapsed: dict[str, str] = {}
    visible: set[tuple[str, str]] = set()
    for hook in hooks.values():
        try:
            owner = acting_as(hook.owner)
        except OwnerLapsed as lapse:
            lapsed[hook.id] = str(lapse)
            continue
        alert_ids = [r["payload"]["alertId"] for r in rows if r["webhook"]["id"] == hook.id]
        found = await run(tx, VISIBLE_ALERTS, alertIds=alert_ids, **access_params(owner))
        visible |= {(hook.id, row["id"]) for row in found}
    return [DueDelivery.model_validate({
        **row, "lapsed": lapsed.get(row["webhook"]["id"]),
        "visible": (row["webhook"]["id"], row["payload"]["alertId"]) in visible})
        for row in rows]


async def record_attempt(
    tx: AsyncManagedTransaction, delivery_id: str, state: DeliveryState, *,
    status_code: int | None, error: str | None, next_attempt_at: datetime | None,
) -> None:
    await execute(tx, RECORD_ATTEMPT, deliveryId=delivery_id, state=state,
                  statusCode=status_code, error=error, nextAttemptAt=next_attempt_at)


async def drop_delivery(tx: AsyncManagedTransaction, delivery_id: str, reason: str) -> None:
    await execute(tx, DROP_DELIVERY, deliveryId=delivery_id, reason=reason)


async def disable_webhook(tx: AsyncManagedTransaction, webhook_id: str, reason: str) -> None:
    """Disable it for good with `reason`, dropping its pending deliveries (no-op when disabled)."""
    await execute(tx, DISABLE_WEBHOOK, webhookId=webhook_id, reason=reason)


def _may_manage(principal: Principal) -> dict[str, object]:
    """An agency's ADMIN manages all of its webhooks; anyone else of it, those it owns."""
    return {"agencyId": principal.agency_id, "userId": principal.user_id,
            "admin": Role.ADMIN in principal.roles}


async def list_webhooks(
    tx: AsyncManagedTransaction, principal: Principal, after_id: str | None, first: int
) -> WebhookPage:
    """A page of the webhooks the caller manages, newest first."""
    rows = await run(tx, LIST_WEBHOOKS, **_may_manage(principal), webhookId=None,
                     afterId=after_id, limit=first + 1)
    hooks = tuple(WebhookView.model_validate(native(row["webhook"])) for row in rows)
    return WebhookPage(webhooks=hooks[:first], has_next_page=len(hooks) > first)


async def find_webhook(
    tx: AsyncManagedTransaction, principal: Principal, webhook_id: str
) -> WebhookView | None:
    """The webhook, if the caller manages it: else None, as for one that does not exist."""
    rows = await run(tx, LIST_WEBHOOKS, **_may_manage(principal), webhookId=webhook_id,
                     afterId=None, limit=1)
    return WebhookView.model_validate(native(rows[0]["webhook"])) if rows else None


async def rotate_secret(
    tx: AsyncManagedTransaction, webhook_id: str, sealed_secret: str, overlap_s: float
) -> tuple[bool, datetime | None]:
    """Whether it was rotated (an enabled webhook), and until when the previous secret signs."""
    rows = await run(tx, ROTATE_WEBHOOK_SECRET, webhookId=webhook_id,
                     sealedSecret=sealed_secret, overlapSeconds=overlap_s)
    return bool(rows), native(rows[0]["previousSecretUntil"]) if rows else None


async def seal_clear_secrets(tx: AsyncManagedTransaction, seal: Callable[[str], str]) -> int:
    """Seal every signing secret still stored in clear; how many there were."""
    clear = await run(tx, LIST_CLEAR_SECRETS)
    await execute(tx, SEAL_SECRETS, sealed=[
        {"id": row["id"], "sealedSecret": seal(row["secret"])} for row in clear])
    return len(clear)
