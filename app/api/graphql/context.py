"""The per-request GraphQL context: the app's graph and settings, who is asking, and what the
operation disclosed (for its audit event)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from strawberry.fastapi import BaseContext

from app.alerts.bus import AlertBus
from app.audit.trail import AuditLog
from app.domain.enums import AuditAction, FieldClass
from app.domain.errors import DomainError
from app.graph.driver import Graph
from app.policy.principal import Principal
from app.settings import Settings


@dataclass
class Disclosure:
    """What one operation returned or changed: the subject ids and the field classes."""

    action: AuditAction = AuditAction.CONSULTATION
    subject_ids: set[str] = field(default_factory=set)
    field_classes: set[FieldClass] = field(default_factory=set)
    # Root fields whose writes committed their own audit event (app/audit/trail.AuditedWrites).
    audited_in_write: set[str] = field(default_factory=set)

    def record(
        self,
        subject_ids: Iterable[str],
        field_classes: Iterable[FieldClass] = (),
        action: AuditAction | None = None,
    ) -> None:
        """Resolvers call this for every record they return or change."""
        self.subject_ids.update(subject_ids)
        self.field_classes.update(field_classes)
        if action is not None and action is not AuditAction.CONSULTATION:
            self.action = action


@dataclass
class Context(BaseContext):
    graph: Graph
    settings: Settings
    audit: AuditLog
    bus: AlertBus
    # Wakes this process's alert worker after a write (a no-op when it runs elsewhere).
    wake_worker: Callable[[], None] = lambda: None
    # Tells this process's subscriptions and webhook delivery that alerts up to a sequence exist.
    alerts_raised: Callable[[int], None] = lambda _newest: None
    principal: Principal | None = None
    refusal: DomainError | None = None
    disclosure: Disclosure = field(default_factory=Disclosure)

    def __post_init__(self) -> None:
        super().__init__()

    def require_principal(self) -> Principal:
        if self.principal is None:
            raise self.refusal or DomainError("no principal")
        return self.principal
