"""The webhook mutations (PRODUCT.md section 5): register, disable and rotate the secret of the
webhooks through which partner systems receive, signed, the alerts their owner may see."""

from datetime import datetime
from functools import partial
from typing import Annotated

import strawberry
from strawberry.types import Info

from app.graphql.context import Context
from app.graphql.writes import ALTERATION, COLLECTION, input_type, write
from app.webhooks import models
from app.webhooks import service as webhooks
from app.webhooks.graphql import Webhook, webhook_of
from app.webhooks.models import SecretRotated, WebhookView


@input_type(models.RegisterWebhookInput, "A webhook to register.")
class RegisterWebhookInput:
    pass


@strawberry.type(description="A registered webhook; `secret` signs its deliveries (Standard "
                             "Webhooks) and is shown only in this answer.")
class WebhookRegistration:
    id: strawberry.ID = strawberry.field(description="The webhook's id.")
    url: str = strawberry.field(description="Where alerts are POSTed.")
    description: str | None = strawberry.field(description="What it is for.")
    created_at: datetime = strawberry.field(description="When it was registered.")
    secret: str = strawberry.field(description="The signing secret (whsec_...), for a Standard "
                                   "Webhooks verifier: keep it, it is never shown again.")


@input_type(models.DisableWebhookInput, "A webhook to disable.")
class DisableWebhookInput:
    id: strawberry.ID


@input_type(models.RotateWebhookSecretInput, "A webhook whose signing secret to rotate.")
class RotateWebhookSecretInput:
    id: strawberry.ID


@strawberry.type(description="A webhook's new signing secret, shown only in this answer.")
class WebhookSecretRotation:
    webhook: Webhook = strawberry.field(description="The webhook.")
    secret: str = strawberry.field(description="The new signing secret (whsec_...): keep it, "
                                   "it is never shown again.")
    previous_secret_until: datetime | None = strawberry.field(
        description="Until when deliveries are signed with the previous secret too (a second "
                    "signature in webhook-signature); null when it stopped at once.")


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
        made = await write(info, register, input, action=COLLECTION,
                           classes=[], subjects=lambda r: [r.id],
                           first=webhooks.may_register_webhook)
        return WebhookRegistration(**made)

    @strawberry.mutation(description="Stop a webhook of the caller's agency for good; its "
                                     f"pending deliveries are dropped. {WEBHOOK_MANAGERS}")
    async def disable_webhook(
        self, info: Info[Context, None],
        input: Annotated[DisableWebhookInput, strawberry.argument(
            description="The webhook, and why.")],
    ) -> Webhook | None:
        made = await write(info, webhooks.disable_webhook, input, action=ALTERATION,
                           classes=[], subjects=lambda r: [r.id])
        return webhook_of(WebhookView.model_validate(made))

    @strawberry.mutation(description="Give a webhook of the caller's agency a new signing secret, "
                                     "shown once; the previous one signs beside it until "
                                     f"previousSecretUntil. {WEBHOOK_MANAGERS}")
    async def rotate_webhook_secret(
        self, info: Info[Context, None],
        input: Annotated[RotateWebhookSecretInput, strawberry.argument(
            description="The webhook.")],
    ) -> WebhookSecretRotation | None:
        rotate = partial(webhooks.rotate_webhook_secret, settings=info.context.settings)
        made = SecretRotated.model_validate(await write(
            info, rotate, input, action=ALTERATION, classes=[],
            subjects=lambda r: [r.webhook.id]))
        return WebhookSecretRotation(webhook=webhook_of(made.webhook), secret=made.secret,
                                     previous_secret_until=made.previous_secret_until)
