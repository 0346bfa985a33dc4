"""The per-operation GraphQL context: the app's graph and settings, who is asking, and what the
operation disclosed (for its audit event). One per HTTP request, and one per operation on a
WebSocket (app/api/websocket.py), so that no two operations share a principal or a disclosure."""

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from strawberry.fastapi import BaseContext

from app.access.principal import Principal
from app.alerts.bus import AlertBus
from app.audit.models import AuditEntry
from app.audit.trail import AuditLog
from app.core.enums import AuditAction, FieldClass
from app.core.errors import DomainError
from app.platform.neo4j.driver import Graph
from app.platform.uow import UnitOfWork, UnitsOfWork
from app.settings import Settings


@dataclass
class Disclosure:
    """What one operation returned or changed: the subject ids and the field classes."""

    action: AuditAction = AuditAction.CONSULTATION
    subject_ids: set[str] = field(default_factory=set)
    field_classes: set[FieldClass] = field(default_factory=set)
    # Root fields whose writes committed their own audit event (app/platform/uow.py).
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


def _no_writes(_entry_for: Callable[[Any], object]) -> UnitOfWork:
    """A context made without a runtime (a test's, for reads) makes no writes."""
    raise RuntimeError("this context was given no runtime to write with")


@dataclass
class Context(BaseContext):
    graph: Graph
    settings: Settings
    audit: AuditLog
    bus: AlertBus
    # The unit of work of each write (app/runtime.Runtime.unit_of_work): its transaction, with
    # its audit event and evaluation requests, and what it tells this process once committed.
    unit_of_work: UnitsOfWork = _no_writes
    principal: Principal | None = None
    refusal: DomainError | None = None
    disclosure: Disclosure = field(default_factory=Disclosure)
    # Checks the caller's credentials again, for an operation that outlives its start: set on a
    # WebSocket's operations (app/api/websocket.py), where a refusal also ends the connection.
    recheck: Callable[[], Awaitable[Principal]] | None = None

    def __post_init__(self) -> None:
        super().__init__()

    async def current_principal(self) -> Principal:
        """Who is asking as of now (a subscription asks before each stretch it delivers): over a
        WebSocket the token and the officer's standing checked again; raises the refusal."""
        if self.recheck is not None:
            self.principal = await self.recheck()
        return self.require_principal()

    def require_principal(self) -> Principal:
        if self.principal is None:
            raise self.refusal or DomainError("no principal")
        return self.principal


def new_entry(
    context: Context, operation: str, action: AuditAction, *, subject_ids: Iterable[str],
    field_classes: Iterable[FieldClass], outcome: str = "OK",
) -> AuditEntry:
    """The audit event of an operation (or of one write in it) by the context's principal."""
    principal = context.principal
    return AuditEntry.now(
        user_id=principal.user_id if principal else None,
        agency_id=principal.agency_id if principal else None,
        roles=principal.roles if principal else (),
        purpose=principal.purpose.value if principal else None,
        justification=principal.justification if principal else None,
        action=action, operation=operation, subject_ids=sorted(set(subject_ids)),
        field_classes=sorted(set(field_classes)), outcome=outcome,
    )
