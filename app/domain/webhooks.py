"""Webhooks of partner systems and their deliveries (PRODUCT.md section 5, Standard Webhooks)."""

from datetime import datetime
from enum import StrEnum

from app.domain.enums import AgencyKind, Role
from app.domain.offenders import Record


class DeliveryState(StrEnum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"  # every attempt failed
    DROPPED = "DROPPED"  # not sent: webhook disabled, or the case no longer visible


class WebhookRegistered(Record):
    """A new webhook; its signing secret is shown this once."""

    id: str
    url: str
    description: str | None
    created_at: datetime
    secret: str


class WebhookOwner(Record):
    """The principal who registered a webhook: it receives what that principal may see."""

    user_id: str
    agency_id: str
    agency_name: str
    agency_kind: AgencyKind
    roles: tuple[Role, ...]


class Webhook(Record):
    id: str
    owner: WebhookOwner


class WebhookTarget(Webhook):
    url: str
    secret: str
    enabled: bool


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
    visible: bool  # whether the owner may see the offender now
