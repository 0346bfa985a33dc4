"""An agency's webhooks as its ADMIN and their owners see them (never the secret): the
`webhooks` connection, and the shapes disableWebhook and rotateWebhookSecret answer with."""

from datetime import datetime

import strawberry
from strawberry.types import Info

from app.api.graphql.context import Context
from app.api.graphql.pagination import Edge, PageInfo, check_first, decode_cursor, encode_cursor
from app.domain import webhooks as domain
from app.domain.enums import Role
from app.domain.webhooks import DeliveryState
from app.services import webhooks as service

CURSOR_KIND = "webhook"
strawberry.enum(DeliveryState)


@strawberry.type(description="The principal a webhook acts as: it receives the alerts this "
                             "principal may see, while it is still a principal.")
class WebhookOwner:
    user_id: str
    roles: list[Role]


@strawberry.type(description="A webhook's latest delivery: its state, not what it carried.")
class WebhookDelivery:
    state: DeliveryState
    attempts: int
    created_at: datetime
    last_attempt_at: datetime | None
    last_status_code: int | None = strawberry.field(
        description="The receiver's answer to the last attempt; null when none came.")


@strawberry.type(description="A webhook of the caller's agency; its secret is never shown again.")
class Webhook:
    id: strawberry.ID
    url: str
    description: str | None
    owner: WebhookOwner
    enabled: bool
    disabled_at: datetime | None
    disabled_reason: str | None = strawberry.field(
        description="Why it stopped: a 410 from the receiver, its owner no longer a principal, "
                    "or disabled by whom (and why).")
    created_at: datetime
    secret_rotated_at: datetime | None
    last_delivery: WebhookDelivery | None


@strawberry.type
class WebhookConnection:
    edges: list[Edge[Webhook]]
    page_info: PageInfo


def webhook_of(view: domain.WebhookView) -> Webhook:
    last = view.last_delivery
    return Webhook(
        id=strawberry.ID(view.id), url=view.url, description=view.description,
        owner=WebhookOwner(user_id=view.owner_user_id, roles=list(view.owner_roles)),
        enabled=view.enabled, disabled_at=view.disabled_at, disabled_reason=view.disabled_reason,
        created_at=view.created_at, secret_rotated_at=view.secret_rotated_at,
        last_delivery=WebhookDelivery(**last.model_dump()) if last else None,
    )


@strawberry.type
class WebhookQuery:
    @strawberry.field(description="The webhooks of the caller's agency that the caller manages "
                                  "(an ADMIN: all of them; anyone else: those it registered), "
                                  "newest first.")
    async def webhooks(
        self, info: Info[Context, None], first: int = 20, after: str | None = None
    ) -> WebhookConnection:
        check_first(first)
        after_id = decode_cursor(CURSOR_KIND, after) if after else None
        page = await service.list_webhooks(info.context.graph, info.context.require_principal(),
                                           after_id, first)
        edges = [Edge(cursor=encode_cursor(CURSOR_KIND, view.id), node=webhook_of(view))
                 for view in page.webhooks]
        return WebhookConnection(edges=edges, page_info=PageInfo(
            has_next_page=page.has_next_page, end_cursor=edges[-1].cursor if edges else None))
