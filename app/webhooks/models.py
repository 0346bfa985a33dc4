"""Webhooks of partner systems and their deliveries (PRODUCT.md section 5, Standard Webhooks)."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AnyHttpUrl, Field, UrlConstraints

from app.access.principal import OFFICER_ROLES, Principal
from app.cases.models import Record
from app.core.enums import AgencyKind, Purpose, Role
from app.core.inputs import Id, Input, Text


class DeliveryState(StrEnum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"  # every attempt failed
    DROPPED = "DROPPED"  # not sent: webhook disabled, or its owner may no longer see the case


class WebhookRegistered(Record):
    """A new webhook; its signing secret is shown this once."""

    id: str = Field(description="The webhook's id.")
    url: str = Field(description="Where alerts are POSTed.")
    description: str | None = Field(description="What it is for.")
    created_at: datetime = Field(description="When it was registered.")
    secret: str = Field(description="The signing secret (whsec_...), for a Standard Webhooks "
                        "verifier: keep it, it is never shown again.")


class WebhookOwner(Record):
    """The principal who registered a webhook, as the graph has it now: the webhook receives
    what that principal may see, while it is still a principal (app/access/principal.py)."""

    user_id: str
    agency_id: str
    roles: tuple[Role, ...]  # as registered
    agency_name: str | None  # None: the agency no longer exists
    agency_kind: AgencyKind | None
    officer_role: Role | None  # its role as an officer of the agency now; None when it is none


class Webhook(Record):
    id: str
    owner: WebhookOwner


class WebhookTarget(Webhook):
    """What sending needs; the secrets as stored, sealed (encrypted)."""

    url: str
    enabled: bool
    sealed_secret: str
    previous_sealed_secret: str | None  # signs beside the current one until its overlap ends


class AlertNotice(Record):
    """The thin payload: which alert, of what rule and severity, on which case, raised when."""

    alert_id: str
    rule: str
    severity: str
    offender_id: str
    sequence: int
    raised_at: datetime


class DueDelivery(Record):
    id: str
    attempts: int
    webhook: WebhookTarget
    payload: AlertNotice
    lapsed: str | None  # why the owner is no longer a principal; None while it is
    visible: bool  # whether the owner may see the offender now


class DeliverySummary(Record):
    """A webhook's latest delivery, as its agency sees it: no alert, no case."""

    state: DeliveryState = Field(description="Where it stands.")
    attempts: int = Field(description="How many attempts were made.")
    created_at: datetime = Field(description="When the alert was queued for it.")
    last_attempt_at: datetime | None = Field(description="When it was last tried; null before "
                                             "the first attempt.")
    last_status_code: int | None = Field(description="The receiver's answer to the last "
                                         "attempt; null when none came.")


class WebhookView(Record):
    """A webhook as its owner and its agency's ADMIN list it; never its secret."""

    id: str = Field(description="The webhook's id.")
    url: str = Field(description="Where alerts are POSTed.")
    description: str | None = Field(description="What it is for, as registered.")
    owner_user_id: str
    owner_roles: tuple[Role, ...]
    enabled: bool = Field(description="Whether it still delivers; a disabled webhook is never "
                          "enabled again.")
    disabled_at: datetime | None = Field(description="When it stopped.")
    disabled_reason: str | None = Field(description="Why it stopped: a 410 from the receiver, "
                                        "its owner no longer a principal, or disabled by whom "
                                        "(and why).")
    created_at: datetime = Field(description="When it was registered.")
    secret_rotated_at: datetime | None = Field(description="When its signing secret was last "
                                               "rotated.")
    last_delivery: DeliverySummary | None = Field(description="Its latest delivery; null before "
                                                  "the first.")


class WebhookPage(Record):
    webhooks: tuple[WebhookView, ...]
    has_next_page: bool


class SecretRotated(Record):
    """rotateWebhookSecret's answer: the new secret, shown this once, and until when the
    previous one still signs (None: it stopped at once)."""

    webhook: WebhookView = Field(description="The webhook.")
    secret: str = Field(description="The new signing secret (whsec_...): keep it, it is never "
                        "shown again.")
    previous_secret_until: datetime | None = Field(
        description="Until when deliveries are signed with the previous secret too (a second "
        "signature in webhook-signature); null when it stopped at once.")


# The inputs of the webhook writes.

class RegisterWebhookInput(Input):
    url: Annotated[AnyHttpUrl, UrlConstraints(max_length=2_000)] = Field(
        description="Where alerts are POSTed (http or https; in production https to a public "
        "address only).")
    description: Text | None = Field(default=None, description="What it is for.")


class DisableWebhookInput(Input):
    id: Id = Field(description="The webhook's id.")
    reason: Text | None = Field(default=None, description="Why, kept in its disabledReason.")


class RotateWebhookSecretInput(Input):
    id: Id = Field(description="The webhook's id.")


class OwnerLapsed(Exception):
    """A webhook's owner is no longer a principal who may receive its alerts; says why."""


def acting_as(owner: WebhookOwner) -> Principal:
    """The principal a webhook acts as now, by the graph as it stands rather than as frozen at
    registration: its agency must still exist, and an officer must still work for it in a role
    the webhook was registered under (the roles narrow to those it holds now). A PARTNER_SYSTEM
    is not in the graph (its credentials are the identity provider's): it stands while its agency
    does, until the agency disables the webhook. Which cases it may see is then the one
    visibility rule's business. Raises OwnerLapsed naming why it no longer stands."""
    if owner.agency_name is None or owner.agency_kind is None:
        raise OwnerLapsed(f"the owning agency {owner.agency_id} no longer exists")
    roles = owner.roles
    if registered := sorted(OFFICER_ROLES.intersection(roles)):
        if owner.officer_role is None:
            raise OwnerLapsed(f"the owner {owner.user_id} no longer works for {owner.agency_id}")
        if owner.officer_role not in registered:
            raise OwnerLapsed(
                f"the owner {owner.user_id} is now {owner.officer_role} at {owner.agency_id}, "
                f"not {' or '.join(registered)} as when the webhook was registered")
        roles = tuple(r for r in roles if r not in OFFICER_ROLES or r == owner.officer_role)
    return Principal(user_id=owner.user_id, agency_id=owner.agency_id,
                     agency_name=owner.agency_name, agency_kind=owner.agency_kind, roles=roles,
                     purpose=Purpose.PARTNER_INTEGRATION)
