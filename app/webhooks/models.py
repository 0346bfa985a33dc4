"""Webhooks of partner systems and their deliveries (PRODUCT.md section 5, Standard Webhooks)."""

from datetime import datetime
from enum import StrEnum

from app.cases.models import Record
from app.core.enums import AgencyKind, Role


class DeliveryState(StrEnum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"  # every attempt failed
    DROPPED = "DROPPED"  # not sent: webhook disabled, or its owner may no longer see the case


class WebhookRegistered(Record):
    """A new webhook; its signing secret is shown this once."""

    id: str
    url: str
    description: str | None
    created_at: datetime
    secret: str


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

    state: DeliveryState
    attempts: int
    created_at: datetime
    last_attempt_at: datetime | None
    last_status_code: int | None


class WebhookView(Record):
    """A webhook as its owner and its agency's ADMIN list it; never its secret."""

    id: str
    url: str
    description: str | None
    owner_user_id: str
    owner_roles: tuple[Role, ...]
    enabled: bool
    disabled_at: datetime | None
    disabled_reason: str | None
    created_at: datetime
    secret_rotated_at: datetime | None
    last_delivery: DeliverySummary | None


class WebhookPage(Record):
    webhooks: tuple[WebhookView, ...]
    has_next_page: bool


class SecretRotated(Record):
    """rotateWebhookSecret's answer: the new secret, shown this once, and until when the
    previous one still signs (None: it stopped at once)."""

    webhook: WebhookView
    secret: str
    previous_secret_until: datetime | None
