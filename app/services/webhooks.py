"""registerWebhook: a principal whose role sees case data registers a URL; the webhook then
receives, signed, the alerts that principal may see (app/alerts/webhooks.py)."""

import uuid
from collections.abc import Mapping
from typing import Any

from app.alerts.webhooks import new_secret, refuse_unsafe_url
from app.domain import inputs
from app.domain.errors import Forbidden
from app.domain.webhooks import WebhookRegistered
from app.graph.driver import Graph
from app.policy.principal import Principal
from app.repositories import webhooks as repo


async def register_webhook(
    graph: Graph, principal: Principal, raw: Mapping[str, Any], *, allow_private_hosts: bool,
) -> WebhookRegistered:
    """Register the caller's URL; without `allow_private_hosts` (production) it must be https to
    a host with public addresses only."""
    if not principal.field_classes:
        roles = ", ".join(principal.roles) or "no role"
        raise Forbidden(f"{roles} sees no case, so a webhook would receive nothing")
    data = inputs.parse(inputs.RegisterWebhookInput, raw)
    if not allow_private_hosts:
        await refuse_unsafe_url(str(data.url))
    webhook_id, secret = f"WH-{uuid.uuid4()}", new_secret()
    return await graph.write(
        repo.create_webhook, webhook_id, str(data.url), data.description, secret,
        user_id=principal.user_id, agency_id=principal.agency_id, roles=principal.roles)
