"""Webhooks: a principal whose role sees case data registers a URL, and the webhook receives,
signed, the alerts that principal may see while it is still a principal (app/webhooks/delivery.py).
An agency manages its webhooks: its ADMIN all of them, anyone else those it registered; another
agency's webhook, or one the caller does not manage, is NOT_FOUND, as one that does not exist."""

import uuid

from neo4j import AsyncManagedTransaction

from app.access.principal import Principal
from app.core.errors import Conflict, Forbidden, NotFound
from app.platform.neo4j.driver import Graph
from app.platform.uow import Changed, UnitOfWork
from app.settings import Settings
from app.webhooks import repository as repo
from app.webhooks.delivery import SecretCipher, new_secret, refuse_unsafe_url
from app.webhooks.models import (
    DisableWebhookInput,
    RegisterWebhookInput,
    RotateWebhookSecretInput,
    SecretRotated,
    WebhookPage,
    WebhookRegistered,
    WebhookView,
)


async def _managed(tx: AsyncManagedTransaction, principal: Principal, webhook_id: str
                   ) -> WebhookView:
    """The webhook, if the caller manages it; NOT_FOUND otherwise, as if there were none."""
    found = await repo.find_webhook(tx, principal, webhook_id)
    if found is None:
        raise NotFound("no such webhook")
    return found


def may_register_webhook(principal: Principal) -> None:
    """Raise unless the caller's role sees case data (else its webhook would receive nothing).
    It depends on the caller alone, so the API checks it before validating the input as well."""
    if not principal.field_classes:
        roles = ", ".join(principal.roles) or "no role"
        raise Forbidden(f"{roles} sees no case, so a webhook would receive nothing")


async def register_webhook(
    uow: UnitOfWork, principal: Principal, data: RegisterWebhookInput, *,
    settings: Settings,
) -> WebhookRegistered:
    """Register the caller's URL, up to `webhooks_per_agency` enabled webhooks per agency;
    outside `webhooks_may_reach_private_hosts` (production) it must be https to a host with
    public addresses only. The secret is stored sealed and shown this once."""
    may_register_webhook(principal)
    if not settings.webhooks_may_reach_private_hosts:
        await refuse_unsafe_url(str(data.url))
    webhook_id, secret = f"WH-{uuid.uuid4()}", new_secret()
    sealed = SecretCipher(settings).seal(secret)
    limit = settings.webhooks_per_agency

    async def work(tx: AsyncManagedTransaction) -> Changed[WebhookRegistered]:
        made, enabled = await repo.create_webhook(
            tx, webhook_id, str(data.url), data.description, secret, sealed_secret=sealed,
            principal=principal, limit=limit)
        if made is None:
            raise Forbidden(f"agency {principal.agency_id} has {enabled} enabled webhooks, the "
                            f"most an agency may have ({limit}): disable one "
                            "(disableWebhook) before registering another")
        return Changed(made)

    return await uow.write(work)


async def list_webhooks(
    graph: Graph, principal: Principal, after_id: str | None, first: int
) -> WebhookPage:
    return await graph.read(repo.list_webhooks, principal, after_id, first)


async def disable_webhook(
    uow: UnitOfWork, principal: Principal, data: DisableWebhookInput
) -> WebhookView:
    """Stop a webhook for good (its deliveries pending are dropped), saying who did and why;
    disabling it again changes nothing."""
    reason = f"disabled by {principal.user_id}" + (f": {data.reason}" if data.reason else "")

    async def work(tx: AsyncManagedTransaction) -> Changed[WebhookView]:
        await _managed(tx, principal, data.id)
        await repo.disable_webhook(tx, data.id, reason)
        return Changed(await _managed(tx, principal, data.id))

    return await uow.write(work)


async def rotate_webhook_secret(
    uow: UnitOfWork, principal: Principal, data: RotateWebhookSecretInput, *,
    settings: Settings,
) -> SecretRotated:
    """A new signing secret, shown this once; the previous one signs beside it for
    `webhook_secret_overlap_s` (none when 0), so that the receiver can change over."""
    secret = new_secret()
    sealed = SecretCipher(settings).seal(secret)

    async def work(tx: AsyncManagedTransaction) -> Changed[SecretRotated]:
        await _managed(tx, principal, data.id)
        rotated, previous_until = await repo.rotate_secret(
            tx, data.id, sealed, settings.webhook_secret_overlap_s)
        if not rotated:
            raise Conflict(f"webhook {data.id} is disabled, for good: register a new one")
        return Changed(SecretRotated(webhook=await _managed(tx, principal, data.id),
                                     secret=secret, previous_secret_until=previous_until))

    return await uow.write(work)
