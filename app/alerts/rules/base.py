"""What every rule is: a code, a severity, and a finder that reports, for a batch of offenders,
every situation of its kind that holds now (the evaluator turns that into raises and resolves)."""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from neo4j import AsyncManagedTransaction

from app.domain.alerts import CounterpartType, Finding
from app.domain.enums import AlertRule, Severity
from app.graph.registry import Query
from app.repositories import rules
from app.settings import Settings


@dataclass(frozen=True)
class Limits:
    """The distances and windows of the rules (settings; PRODUCT.md section 5 gives defaults)."""

    victim_distance_m: float = 2_000.0
    premises_distance_m: float = 400.0
    missed_appointments: int = 2
    missed_window_days: int = 30
    notification_grace_days: int = 3
    annual_notification_days: int = 365
    emergency_review_window_hours: int = 72

    @classmethod
    def from_settings(cls, settings: Settings) -> "Limits":
        return cls(
            victim_distance_m=settings.alert_victim_distance_m,
            premises_distance_m=settings.alert_premises_distance_m,
            missed_appointments=settings.alert_missed_appointments,
            missed_window_days=settings.alert_missed_window_days,
            notification_grace_days=settings.alert_notification_grace_days,
            annual_notification_days=settings.alert_annual_notification_days,
            emergency_review_window_hours=settings.emergency_review_window_hours,
        )


Finder = Callable[[AsyncManagedTransaction, Sequence[str], Limits], Awaitable[list[Finding]]]


@dataclass(frozen=True)
class Rule:
    code: AlertRule
    severity: Severity
    find: Finder


class Fix(NamedTuple):
    """A reported location of an offender (a fix from electronic monitoring, or the last one)."""

    offender_id: str
    latitude: float
    longitude: float


def findings(rule: AlertRule, rows: list[dict[str, Any]],
             counterpart: CounterpartType | None = None) -> list[Finding]:
    """Findings from a rule query's rows (offenderId, and counterpartId, distanceMetres where the
    rule has them)."""
    return [Finding(rule=rule, offender_id=row["offenderId"],
                    counterpart_type=counterpart if row.get("counterpartId") else None,
                    counterpart_id=row.get("counterpartId"),
                    distance_metres=row.get("distanceMetres")) for row in rows]


def query_rule(
    code: AlertRule, severity: Severity, query: Query,
    params: Callable[[Limits], dict[str, Any]] = lambda _: {},
    counterpart: CounterpartType | None = CounterpartType.PERSON,
) -> Rule:
    """A rule that is one query returning offenderId (and counterpartId, distanceMetres)."""
    async def find(
        tx: AsyncManagedTransaction, offender_ids: Sequence[str], limits: Limits
    ) -> list[Finding]:
        rows = await rules.find_situations(tx, query, offender_ids, **params(limits))
        return findings(code, rows, counterpart)

    return Rule(code, severity, find)
