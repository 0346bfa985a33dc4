"""Alerts as each caller may see them (PRODUCT.md sections 5 and 6): only on cases it may see,
the counterpart and distance through the field policy, and a summary that says no more than the
caller's classes allow."""

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from app.alerts.rules import RULE
from app.api.graphql.context import Context
from app.api.graphql.emergency import EmergencyGrant, grant_of
from app.api.graphql.offenders import (
    GeoPoint,
    PersonSummary,
    Redaction,
    Zone,
    person_summary,
    point_of,
    redactions_of,
    zone_of,
)
from app.api.graphql.pagination import Edge, PageInfo, check_first, decode_cursor, encode_cursor
from app.domain import alerts as domain
from app.domain import inputs
from app.domain.enums import AlertRule, AlertStatus, FieldClass, PremisesKind, Severity
from app.domain.errors import Invalid
from app.policy.alerts import (
    alert_redactions,
    distance_class,
    note_withheld_class,
    summary,
    summary_classes,
)
from app.policy.principal import Principal
from app.policy.redaction import PERSON_KIND_CLASS
from app.services import alerts as service

for contract_enum in (AlertRule, AlertStatus, Severity):
    strawberry.enum(contract_enum)

CURSOR_KIND = "alert"


@strawberry.type
class Premises:
    id: strawberry.ID
    name: str
    kind: PremisesKind
    location: GeoPoint | None


Counterpart = Annotated[PersonSummary | Zone | Premises, strawberry.union("AlertCounterpart")]


@strawberry.type
class AlertOffender:
    id: strawberry.ID
    name: str | None


@strawberry.type
class Alert:
    id: strawberry.ID
    sequence: int
    rule: AlertRule
    severity: Severity
    status: AlertStatus
    raised_at: datetime
    resolved_at: datetime | None
    offender: AlertOffender
    summary: str
    counterpart: Counterpart | None = strawberry.field(
        description="The victim, contact, other offender, zone or premises the alert is about, "
        "when the caller may see it (else null, and named in redactions).")
    distance_metres: float | None
    emergency_grant: EmergencyGrant | None = strawberry.field(
        description="The emergency grant an EMERGENCY_ACCESS or EMERGENCY_ACCESS_REVIEW_OVERDUE "
        "alert is about (who took it, why, its id), for the lead agency's officers and the "
        "case's MAPPA coordinators (else null, and named in redactions).")
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    note: str | None
    redactions: list[Redaction]


@strawberry.type
class AlertConnection:
    edges: list[Edge[Alert]]
    page_info: PageInfo


@strawberry.input
class AlertFilter:
    status: AlertStatus | None = None
    rule: AlertRule | None = None
    offender_id: strawberry.ID | None = None
    severity: Severity | None = None


def _counterpart(alert: domain.AlertRecord) -> Counterpart | None:
    if alert.person is not None:
        return person_summary(alert.person)
    if alert.zone is not None:
        return zone_of(alert.zone)
    if alert.premises is not None:
        p = alert.premises
        return Premises(id=strawberry.ID(p.id), name=p.name, kind=p.kind,
                        location=point_of(p.location))
    return None


def alert_of(alert: domain.AlertRecord, principal: Principal) -> Alert:
    return Alert(
        id=strawberry.ID(alert.id), sequence=alert.sequence, rule=alert.rule,
        severity=alert.severity, status=alert.status, raised_at=alert.raised_at,
        resolved_at=alert.resolved_at,
        offender=AlertOffender(id=strawberry.ID(alert.offender.id), name=alert.offender.name),
        summary=summary(alert, principal), counterpart=_counterpart(alert),
        distance_metres=alert.distance_metres,
        emergency_grant=grant_of(alert.emergency_grant) if alert.emergency_grant else None,
        acknowledged_by=alert.acknowledged_by,
        acknowledged_at=alert.acknowledged_at,
        note=alert.note if note_withheld_class(alert, principal) is None else None,
        redactions=redactions_of(alert_redactions(alert, principal)),
    )


def disclosed(alert: domain.AlertRecord, principal: Principal) -> tuple[list[str], set[FieldClass]]:
    """The people and zones an alert showed the caller (its offender and counterpart), and the
    classes of what it showed."""
    people = [alert.offender.id]
    if alert.zone is not None:
        people.append(alert.zone.id)
    classes = {FieldClass.IDENTITY} if alert.offender.name is not None else set()
    full_summary = summary_classes(alert) <= principal.field_classes
    if full_summary:
        classes.add(RULE[alert.rule].summary.needs)
    if alert.person is not None and alert.person_kind is not None:
        people.append(alert.person.id)
        classes.add(PERSON_KIND_CLASS[alert.person_kind])
    if alert.zone is not None or alert.premises is not None:
        classes.add(FieldClass.CONDITIONS)
    if alert.distance_metres is not None:
        classes.add(distance_class(alert))
    shown = (alert.zone, alert.premises, alert.distance_metres)
    if alert.placed_by_fix and (full_summary or any(part is not None for part in shown)):
        classes.add(FieldClass.EM_LOCATION)  # where electronic monitoring placed him
    if alert.emergency_grant is not None:  # who broke glass, and why
        people += [alert.emergency_grant.id, alert.emergency_grant.user_id]
        classes.add(FieldClass.MAPPA_STATUS)
    return people, classes


async def alert_connection(
    info: Info[Context, None], wanted: domain.AlertFilter, first: int, after: str | None
) -> AlertConnection:
    """A page of the alerts the caller may see, recorded for the audit event."""
    principal = info.context.require_principal()
    check_first(first)
    after_sequence = None
    if after:
        value = decode_cursor(CURSOR_KIND, after)
        if not value.isdigit():
            raise Invalid(f"after is not a cursor from this list: {after!r}", field="after")
        after_sequence = int(value)
    page = await service.read_alerts(info.context.graph, principal, wanted, after_sequence, first)
    for alert in page.alerts:
        info.context.disclosure.record(*disclosed(alert, principal))
    edges = [Edge(cursor=encode_cursor(CURSOR_KIND, str(a.sequence)), node=alert_of(a, principal))
             for a in page.alerts]
    return AlertConnection(edges=edges, page_info=PageInfo(
        has_next_page=page.has_next_page, end_cursor=edges[-1].cursor if edges else None))


@strawberry.type
class AlertQuery:
    @strawberry.field(description="Alerts on the cases the caller may see, newest first.")
    async def alerts(
        self, info: Info[Context, None], filter: AlertFilter | None = None, first: int = 20,
        after: str | None = None,
    ) -> AlertConnection:
        given = filter or AlertFilter()
        wanted = inputs.parse(domain.AlertFilter, {
            "status": given.status, "rule": given.rule, "severity": given.severity,
            "offender_id": str(given.offender_id) if given.offender_id else None,
        }, root="filter")
        return await alert_connection(info, wanted, first, after)
