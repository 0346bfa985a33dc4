"""An agency's webhooks as its ADMIN and their owners see them (never the secret): the
`webhooks` connection, and the shapes disableWebhook and rotateWebhookSecret answer with."""

from datetime import datetime

import strawberry
from strawberry.types import Info

from app.core.enums import Role
from app.graphql.context import Context
from app.graphql.descriptions import described_enum
from app.graphql.pagination import (
    After,
    Edge,
    First,
    PageInfo,
    check_first,
    decode_cursor,
    encode_cursor,
)
from app.webhooks import models as domain
from app.webhooks import service
from app.webhooks.models import DeliveryState

CURSOR_KIND = "webhook"
described_enum(DeliveryState, "Where a webhook delivery stands.", {
    DeliveryState.PENDING: "Not yet delivered: waiting for its first attempt or a retry "
                           "(exponential backoff with jitter, honouring Retry-After).",
    DeliveryState.DELIVERED: "The receiver answered 2xx.",
    DeliveryState.FAILED: "Every attempt failed.",
    DeliveryState.DROPPED: "Not sent: the webhook was disabled, or its owner may no longer see "
                           "the case.",
})


@strawberry.type(description="The principal a webhook acts as: it receives the alerts this "
                             "principal may see, while it is still a principal.")
class WebhookOwner:
    user_id: str = strawberry.field(description="The officer or system that registered it.")
    roles: list[Role] = strawberry.field(description="The roles it was registered under.")


@strawberry.type(description="A webhook's latest delivery: its state, not what it carried.")
class WebhookDelivery:
    state: DeliveryState = strawberry.field(description="Where it stands.")
    attempts: int = strawberry.field(description="How many attempts were made.")
    created_at: datetime = strawberry.field(description="When the alert was queued for it.")
    last_attempt_at: datetime | None = strawberry.field(description="When it was last tried; "
                                                        "null before the first attempt.")
    last_status_code: int | None = strawberry.field(
        description="The receiver's answer to the last attempt; null when none came.")


@strawberry.type(description="A webhook of the caller's agency; its secret is never shown again.")
class Webhook:
    id: strawberry.ID = strawberry.field(description="The webhook's id.")
    url: str = strawberry.field(description="Where alerts are POSTed.")
    description: str | None = strawberry.field(description="What it is for, as registered.")
    owner: WebhookOwner = strawberry.field(description="The principal it acts as.")
    enabled: bool = strawberry.field(description="Whether it still delivers; a disabled "
                                     "webhook is never enabled again.")
    disabled_at: datetime | None = strawberry.field(description="When it stopped.")
    disabled_reason: str | None = strawberry.field(
        description="Why it stopped: a 410 from the receiver, its owner no longer a principal, "
                    "or disabled by whom (and why).")
    created_at: datetime = strawberry.field(description="When it was registered.")
    secret_rotated_at: datetime | None = strawberry.field(description="When its signing secret "
                                                          "was last rotated.")
    last_delivery: WebhookDelivery | None = strawberry.field(description="Its latest delivery; "
                                                             "null before the first.")


@strawberry.type(description="A page of webhooks, newest first.")
class WebhookConnection:
    edges: list[Edge[Webhook]] = strawberry.field(description="The webhooks of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page stands.")


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
        self, info: Info[Context, None], first: First = 20, after: After = None
    ) -> WebhookConnection:
        check_first(first)
        after_id = decode_cursor(CURSOR_KIND, after) if after else None
        page = await service.list_webhooks(info.context.graph, info.context.require_principal(),
                                           after_id, first)
        edges = [Edge(cursor=encode_cursor(CURSOR_KIND, view.id), node=webhook_of(view))
                 for view in page.webhooks]
        return WebhookConnection(edges=edges, page_info=PageInfo.of(
            edges, has_next_page=page.has_next_page, after=after))
