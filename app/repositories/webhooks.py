"""Webhooks and their deliveries in Neo4j: registration, deliveries made in the raising
transaction, due deliveries claimed under a lease, every attempt recorded."""

from collections.abc import Sequence
from datetime import datetime

from neo4j import AsyncManagedTransaction

from app.domain.webhooks import DeliveryState, DueDelivery, WebhookRegistered
from app.graph.driver import execute, run
from app.graph.registry import Query
from app.repositories.offenders import native

CREATE_WEBHOOK = Query("webhook/create_webhook")
ENQUEUE_DELIVERIES = Query("webhook/enqueue_deliveries")
CLAIM_DELIVERIES = Query("webhook/claim_deliveries")
RECORD_ATTEMPT = Query("webhook/record_attempt")
DROP_DELIVERY = Query("webhook/drop_delivery")


async def create_webhook(
    tx: AsyncManagedTransaction, webhook_id: str, url: str, description: str | None,
    secret: str, *, user_id: str, agency_id: str, roles: Sequence[str],
) -> WebhookRegistered:
    [row] = await run(tx, CREATE_WEBHOOK, id=webhook_id, url=url, description=description,
                      secret=secret, userId=user_id, agencyId=agency_id, roles=list(roles))
    return WebhookRegistered.model_validate({**native(row), "secret": secret})


async def enqueue_deliveries(tx: AsyncManagedTransaction, alert_ids: Sequence[str]) -> None:
    if alert_ids:
        await execute(tx, ENQUEUE_DELIVERIES, alertIds=list(alert_ids))


async def claim_deliveries(
    tx: AsyncManagedTransaction, limit: int, lease_s: float
) -> list[DueDelivery]:
    rows = await run(tx, CLAIM_DELIVERIES, limit=limit, leaseSeconds=lease_s)
    return [DueDelivery.model_validate(native(row)) for row in rows]


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
