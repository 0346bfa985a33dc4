"""An agency's webhooks as its ADMIN and their owners see them (never the secret): the
`webhooks` connection, and the shapes disableWebhook and rotateWebhookSecret answer with."""


import strawberry
from strawberry.types import Info

from app.core.enums import Role
from app.graphql.context import Context
from app.graphql.derived import placed, shown
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


@strawberry.experimental.pydantic.type(
    model=domain.DeliverySummary, all_fields=True,
    description="A webhook's latest delivery: its state, not what it carried.")
class WebhookDelivery:
    pass


@placed(owner="enabled")
@strawberry.experimental.pydantic.type(
    model=domain.WebhookView, all_fields=True,
    description="A webhook of the caller's agency; its secret is never shown again.")
class Webhook:
    id: strawberry.ID
    owner_user_id: strawberry.Private[str]
    owner_roles: strawberry.Private[tuple[Role, ...]]

    @strawberry.field(description="The principal it acts as.")
    def owner(self) -> WebhookOwner:
        return WebhookOwner(user_id=self.owner_user_id, roles=list(self.owner_roles))


@strawberry.type(description="A page of webhooks, newest first.")
class WebhookConnection:
    edges: list[Edge[Webhook]] = strawberry.field(description="The webhooks of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page stands.")



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
        edges = [Edge(cursor=encode_cursor(CURSOR_KIND, view.id), node=shown(Webhook, view))
                 for view in page.webhooks]
        return WebhookConnection(edges=edges, page_info=PageInfo.of(
            edges, has_next_page=page.has_next_page, after=after))
