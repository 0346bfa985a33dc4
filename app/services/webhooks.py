"""registerWebhook: a principal whose role sees case data registers a URL; the webhook then
receives, signed, the alerts that principal may see (app/alerts/webhooks.py)."""

import uuid
from collections.abc import Mapping
from typing import Any

from app.alerts.webhooks import new_secret
from app.domain import inputs
from app.domain.errors import Forbidden
from app.domain.webhooks import WebhookRegistered
from app.graph.driver import Graph
from app.policy.principal import Principal
from app.repositories import webhooks as repo


async def register_webhook(
    graph: Graph, principal: Principal, raw: Mapping[str, Any]
) -> WebhookRegistered:
    if not principal.field_classes:
        roles = ", ".join(principal.roles) or "no role"
        raise Forbidden(f"{roles} sees no case, so a webhook would receive nothing")
    data = inputs.parse(inputs.RegisterWebhookInput, raw)
    webhook_id, secret = f"WH-{uuid.uuid4()}", new_secret()
    return await graph.write(
        repo.create_webhook, webhook_id, str(data.url), data.description, secret,
        user_id=principal.user_id, agency_id=principal.agency_id, roles=principal.roles)
