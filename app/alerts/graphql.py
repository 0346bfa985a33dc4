"""Alerts as each caller may see them (PRODUCT.md sections 5 and 6): only on cases it may see,
the counterpart and distance through the field policy, and a summary that says no more than the
caller's classes allow."""

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from app.access.alerts import (
    COUNTERPART_CLASS,
    alert_redactions,
    distance_class,
    granted,
    note_withheld_class,
    summary,
    summary_classes,
)
from app.access.principal import Principal
from app.access.redaction import OFFENDER_FIELDS, PERSON_KIND_CLASS
from app.alerts import models as domain
from app.alerts import service
from app.alerts.rules import RULE, RULES, Limits
from app.cases.emergency import EmergencyGrant
from app.cases.graphql import (
    AgencySummary,
    PersonSummary,
    Redaction,
    Zone,
    redactions_of,
)
from app.core import inputs
from app.core.enums import AlertRule, AlertStatus, CounterpartType, FieldClass, Severity
from app.core.errors import Invalid
from app.graphql.context import Context
from app.graphql.derived import shown
from app.graphql.descriptions import described_enum, with_field_classes
from app.graphql.pagination import (
    After,
    Edge,
    First,
    PageInfo,
    check_first,
    decode_cursor,
    encode_cursor,
)
from app.settings import Settings

AT = Limits.from_settings(Settings.model_construct())  # the rules' distances and windows
described_enum(AlertRule, "The rule that raised an alert (PRODUCT.md section 5); its distances "
               "and windows are settings, given here at their defaults.", {
    rule.code: f"{rule.described(AT)} Severity {rule.severity}; its full summary needs "
               f"{rule.summary.needs}."
    for rule in RULES
})
described_enum(AlertStatus, "Where an alert stands.", {
    AlertStatus.OPEN: "Raised, and no one has yet said they are dealing with it.",
    AlertStatus.ACKNOWLEDGED: "An officer of an involved agency is dealing with it.",
    AlertStatus.RESOLVED: "Its situation stopped holding (the service resolved it), or an "
                          "officer resolved it by hand; it is kept, with its history.",
})
described_enum(Severity, "How urgently an alert needs attention.", {
    Severity.LOW: "For review: nothing is at risk now.",
    Severity.MEDIUM: "A risk to look into.",
    Severity.HIGH: "A serious risk that needs prompt action.",
    Severity.CRITICAL: "A licence condition is being breached, or a protected person is "
                       "exposed: act at once.",
})

CURSOR_KIND = "alert"


@strawberry.experimental.pydantic.type(
    model=domain.Premises, all_fields=True,
    description="Premises an alert is about: a school, playground, nursery or youth club near "
    "where the offender lives or was located. Shown under "
    f"{COUNTERPART_CLASS[CounterpartType.PREMISES]} (see Alert.counterpart).")
class Premises:
    id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=domain.AlertAction, all_fields=True,
    description="The plan action an ACTION_OVERDUE alert is about: shown to the agency that owns "
    f"it (the owner exception) and under {COUNTERPART_CLASS[CounterpartType.ACTION]} (see "
    "Alert.action).")
class AlertAction:
    id: strawberry.ID
    owner_agency: AgencySummary | None


Counterpart = Annotated[PersonSummary | Zone | Premises, strawberry.union(
    "AlertCounterpart", description="Whom or what an alert is about besides its offender: a "
    "person (victim, contact or other offender), a zone, or premises.")]


@with_field_classes({"name": OFFENDER_FIELDS["name"]})
@strawberry.experimental.pydantic.type(
    model=domain.AlertOffender, all_fields=True, description="The offender an alert is on.")
class AlertOffender:
    id: strawberry.ID


@strawberry.type(description="An alert raised by a rule on a case the caller may see (an "
                 "ACTION_OVERDUE alert goes instead to the agency that owns its action, involved "
                 "in the case or not, and to the lead agency), told through the caller's "
                 "classes: what it may not see of it is null, and named in `redactions`.")
class Alert:
    id: strawberry.ID = strawberry.field(description="The alert's id.")
    sequence: int = strawberry.field(description="Its number in the one gap-free, increasing "
                                     "sequence of all alerts: keep the last one received, to "
                                     "resume `alertRaised(after:)` from it.")
    rule: AlertRule = strawberry.field(description="The rule that raised it.")
    severity: Severity = strawberry.field(description="How urgent it is.")
    status: AlertStatus = strawberry.field(description="Where it stands.")
    raised_at: datetime = strawberry.field(description="When it was raised.")
    resolved_at: datetime | None = strawberry.field(description="When it was resolved; null "
                                                    "until then.")
    offender: AlertOffender = strawberry.field(description="The offender it is on.")
    summary: str = strawberry.field(
        description="What it is about, as far as the caller's classes allow: the full summary "
        "needs the class its rule names (and EM_LOCATION where a location fix placed the "
        "offender); without them, a restricted one says only that there is a risk and whom to "
        "contact. The agency that owns an ACTION_OVERDUE alert's action reads it in full.")
    counterpart: Counterpart | None = strawberry.field(
        description="The victim, contact, other offender, zone or premises the alert is about, "
        "when the caller may see it (else null, and named in redactions).")
    distance_metres: float | None = strawberry.field(
        description="How far, in metres, the offender's residence or location fix is from the "
        "counterpart; null when the rule measures none, or withheld (VICTIM_LOCATION for a "
        "victim, else OFFENDER_ADDRESS, and EM_LOCATION where a fix placed him).")
    emergency_grant: EmergencyGrant | None = strawberry.field(
        description="The emergency grant an EMERGENCY_ACCESS or EMERGENCY_ACCESS_REVIEW_OVERDUE "
        "alert is about (who took it, why, its id), for the lead agency's officers and the "
        "case's MAPPA coordinators (else null, and named in redactions).")
    action: AlertAction | None = strawberry.field(
        description="The plan action an ACTION_OVERDUE alert is about (its text, due date and "
        "owner agency), for the agency that owns it and callers holding "
        f"{COUNTERPART_CLASS[CounterpartType.ACTION]} (else null, and named in redactions); null "
        "for every other rule.")
    acknowledged_by: str | None = strawberry.field(description="Who acknowledged it (a user "
                                                   "id).")
    acknowledged_at: datetime | None = strawberry.field(description="When it was "
                                                        "acknowledged.")
    note: str | None = strawberry.field(
        description="The note written on acknowledging or resolving it: shown only to a caller "
        "holding every class of the alert (its summary's, its counterpart's, its distance's), "
        "else null and named in redactions.")
    redactions: list[Redaction] = strawberry.field(description="What of this alert is withheld "
                                                   "from the caller, and why.")


@strawberry.type(description="A page of alerts, newest first.")
class AlertConnection:
    edges: list[Edge[Alert]] = strawberry.field(description="The alerts of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page stands.")


@strawberry.experimental.pydantic.input(
    model=domain.AlertFilter, all_fields=True,
    description="Narrows the alerts; each criterion given must hold.")
class AlertFilter:
    offender_id: strawberry.ID | None


def _counterpart(alert: domain.AlertRecord) -> Counterpart | None:
    if alert.person is not None:
        return shown(PersonSummary, alert.person)
    if alert.zone is not None:
        return shown(Zone, alert.zone)
    if alert.premises is not None:
        return shown(Premises, alert.premises)
    return None


def alert_of(alert: domain.AlertRecord, principal: Principal) -> Alert:
    return Alert(
        id=strawberry.ID(alert.id), sequence=alert.sequence, rule=alert.rule,
        severity=alert.severity, status=alert.status, raised_at=alert.raised_at,
        resolved_at=alert.resolved_at,
        offender=shown(AlertOffender, alert.offender),
        summary=summary(alert, principal), counterpart=_counterpart(alert),
        distance_metres=alert.distance_metres,
        emergency_grant=(shown(EmergencyGrant, alert.emergency_grant)
                         if alert.emergency_grant else None),
        action=shown(AlertAction, alert.action) if alert.action else None,
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
    full_summary = summary_classes(alert) <= granted(alert, principal)
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
    if alert.action is not None:  # the plan action (to its owner, by the owner exception)
        people.append(alert.action.id)
        classes.add(COUNTERPART_CLASS[CounterpartType.ACTION])
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
    return AlertConnection(edges=edges, page_info=PageInfo.of(
        edges, has_next_page=page.has_next_page, after=after))


@strawberry.type
class AlertQuery:
    @strawberry.field(description="Alerts on the cases the caller may see (ACTION_OVERDUE: "
                      "those about an action its agency owns, and those of the cases it leads), "
                      "newest first.")
    async def alerts(
        self, info: Info[Context, None],
        filter: Annotated[AlertFilter | None, strawberry.argument(
            description="Only the alerts that match; omit it for all.")] = None,
        first: First = 20, after: After = None,
    ) -> AlertConnection:
        wanted = inputs.parse(domain.AlertFilter, strawberry.asdict(filter) if filter else {},
                              root="filter")
        return await alert_connection(info, wanted, first, after)
