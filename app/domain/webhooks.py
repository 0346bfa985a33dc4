"""Webhooks of partner systems and their deliveries (PRODUCT.md section 5, Standard Webhooks)."""

from datetime import datetime
from enum import StrEnum

from app.domain.enums import Role
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


class WebhookTarget(Record):
    id: str
    url: str
    secret: str
    enabled: bool
    owner_user_id: str
    owner_agency_id: str
    owner_roles: tuple[Role, ...]


class AlertNotice(Record):
    """The thin payload: which alert, of what rule and severity, on which case."""

    alert_id: str
    rule: str
    severity: str
    offender_id: str
    sequence: int


class DueDelivery(Record):
    id: str
    attempts: int
    webhook: WebhookTarget
    payload: AlertNotice
    visible: bool  # whether the owner may see the offender now
