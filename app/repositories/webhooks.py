"""Webhooks and their deliveries in Neo4j: registration, deliveries made in the raising
transaction, due deliveries claimed under a lease, every attempt recorded. A webhook acts as its
owner: the visibility rule is applied with the owner's agency, user id and classes."""

from collections.abc import Sequence
from datetime import datetime

from neo4j import AsyncManagedTransaction

from app.domain.enums import Purpose
from app.domain.webhooks import (
    DeliveryState,
    DueDelivery,
    Webhook,
    WebhookOwner,
    WebhookRegistered,
    WebhookTarget,
)
from app.graph.driver import execute, run
from app.graph.registry import Query
from app.policy.principal import Principal
from app.repositories.offenders import access_params, native

CREATE_WEBHOOK = Query("webhook/create_webhook")
LIST_ENABLED_WEBHOOKS = Query("webhook/list_enabled_webhooks")
ENQUEUE_DELIVERIES = Query("webhook/enqueue_deliveries")
CLAIM_DELIVERIES = Query("webhook/claim_deliveries")
VISIBLE_ALERTS = Query("webhook/visible_alerts")
RECORD_ATTEMPT = Query("webhook/record_attempt")
DROP_DELIVERY = Query("webhook/drop_delivery")


async def create_webhook(
    tx: AsyncManagedTransaction, webhook_id: str, url: str, description: str | None,
    secret: str, *, user_id: str, agency_id: str, roles: Sequence[str],
) -> WebhookRegistered:
    [row] = await run(tx, CREATE_WEBHOOK, id=webhook_id, url=url, description=description,
                      secret=secret, userId=user_id, agencyId=agency_id, roles=list(roles))
    return WebhookRegistered.model_validate({**native(row), "secret": secret})


def acting_as(owner: WebhookOwner) -> Principal:
    """The owner as a principal, so that its classes come from the one policy table."""
    return Principal(user_id=owner.user_id, agency_id=owner.agency_id,
                     agency_name=owner.agency_name, agency_kind=owner.agency_kind,
                     roles=owner.roles, purpose=Purpose.PARTNER_INTEGRATION)


async def enqueue_deliveries(tx: AsyncManagedTransaction, alert_ids: Sequence[str]) -> None:
    """A delivery of each alert to each enabled webhook whose owner may see its offender."""
    if not alert_ids:
        return
    for row in await run(tx, LIST_ENABLED_WEBHOOKS):
        hook = Webhook.model_validate(row)
        await execute(tx, ENQUEUE_DELIVERIES, webhookId=hook.id, alertIds=list(alert_ids),
                      **access_params(acting_as(hook.owner)))


async def claim_deliveries(
    tx: AsyncManagedTransaction, limit: int, lease_s: float
) -> list[DueDelivery]:
    """Claim due deliveries, each told whether its webhook's owner may still see the case."""
    rows = [native(row) for row in await run(tx, CLAIM_DELIVERIES, limit=limit,
                                              leaseSeconds=lease_s)]
    hooks = {row["webhook"]["id"]: WebhookTarget.model_validate(row["webhook"]) for row in rows}
    visible: set[tuple[str, str]] = set()
    for hook in hooks.values():
        alert_ids = [r["payload"]["alertId"] for r in rows if r["webhook"]["id"] == hook.id]
        found = await run(tx, VISIBLE_ALERTS, alertIds=alert_ids,
                          **access_params(acting_as(hook.owner)))
        visible |= {(hook.id, row["id"]) for row in found}
    return [DueDelivery.model_validate(
        {**row, "visible": (row["webhook"]["id"], row["payload"]["alertId"]) in visible})
        for row in rows]


async def record_attempt(
    tx: AsyncManagedTransaction, delivery_id: str, state: DeliveryState, *,
    status_code: int | None, error: str | None, next_attempt_at: datetime | None,
    disable: bool,
) -> None:
    await execute(tx, RECORD_ATTEMPT, deliveryId=delivery_id, state=state,
                  statusCode=status_code, error=error, nextAttemptAt=next_attempt_at,
                  disable=disable)


async def drop_delivery(tx: AsyncManagedTransaction, delivery_id: str, reason: str) -> None:
    await execute(tx, DROP_DELIVERY, deliveryId=delivery_id, reason=reason)
