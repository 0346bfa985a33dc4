"""The webhook mutations (PRODUCT.md section 5): register, disable and rotate the secret of the
webhooks through which partner systems receive, signed, the alerts their owner may see."""

from functools import partial
from typing import Annotated

import strawberry
from strawberry.types import Info

from app.graphql.context import Context
from app.graphql.derived import shown
from app.graphql.writes import ALTERATION, COLLECTION, input_type, write_made
from app.webhooks import models
from app.webhooks import service as webhooks
from app.webhooks.graphql import Webhook


@input_type(models.RegisterWebhookInput, "A webhook to register.")
class RegisterWebhookInput:
    pass


@strawberry.experimental.pydantic.type(
    model=models.WebhookRegistered, all_fields=True,
    description="A registered webhook; `secret` signs its deliveries (Standard Webhooks) and is "
    "shown only in this answer.")
class WebhookRegistration:
    id: strawberry.ID


@input_type(models.DisableWebhookInput, "A webhook to disable.")
class DisableWebhookInput:
    id: strawberry.ID


@input_type(models.RotateWebhookSecretInput, "A webhook whose signing secret to rotate.")
class RotateWebhookSecretInput:
    id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=models.SecretRotated, all_fields=True,
    description="A webhook's new signing secret, shown only in this answer.")
class WebhookSecretRotation:
    pass


WEBHOOK_MANAGERS = ("Who may: the webhook's owner, or its agency's ADMIN (another agency's "
                    "webhook is NOT_FOUND).")


@strawberry.type
class WebhookMutation:
    @strawberry.mutation(description="Register a webhook that receives, signed, the alerts the "
                                     "caller may see, while it may see them (for partner "
                                     "systems). Who may: any principal whose role sees case "
                                     "data, up to the agency's limit of enabled webhooks.")
    async def register_webhook(
        self, info: Info[Context, None],
        input: Annotated[RegisterWebhookInput, strawberry.argument(
            description="The receiver's URL.")],
    ) -> WebhookRegistration | None:
        register = partial(webhooks.register_webhook, settings=info.context.settings)
        made = await write_made(info, register, input, action=COLLECTION,
                                classes=[], subjects=lambda r: [r.id],
                                first=webhooks.may_register_webhook)
        return shown(WebhookRegistration, made)

    @strawberry.mutation(description="Stop a webhook of the caller's agency for good; its "
                                     f"pending deliveries are dropped. {WEBHOOK_MANAGERS}")
    async def disable_webhook(
        self, info: Info[Context, None],
        input: Annotated[DisableWebhookInput, strawberry.argument(
            description="The webhook, and why.")],
    ) -> Webhook | None:
        made = await write_made(info, webhooks.disable_webhook, input, action=ALTERATION,
                                classes=[], subjects=lambda r: [r.id])
        return shown(Webhook, made)

    @strawberry.mutation(description="Give a webhook of the caller's agency a new signing secret, "
                                     "shown once; the previous one signs beside it until "
                                     f"previousSecretUntil. {WEBHOOK_MANAGERS}")
    async def rotate_webhook_secret(
        self, info: Info[Context, None],
        input: Annotated[RotateWebhookSecretInput, strawberry.argument(
            description="The webhook.")],
    ) -> WebhookSecretRotation | None:
        rotate = partial(webhooks.rotate_webhook_secret, settings=info.context.settings)
        made = await write_made(info, rotate, input, action=ALTERATION, classes=[],
                                subjects=lambda r: [r.webhook.id])
        return shown(WebhookSecretRotation, made)
