"""What every rule is: a code, a severity, and a finder that reports, for a batch of offenders,
every situation of its kind that holds now (the evaluator turns that into raises and resolves)."""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

from app.domain.alerts import Finding
from app.domain.enums import AlertRule, Severity
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

    @classmethod
    def from_settings(cls, settings: Settings) -> "Limits":
        return cls(
            victim_distance_m=settings.alert_victim_distance_m,
            premises_distance_m=settings.alert_premises_distance_m,
            missed_appointments=settings.alert_missed_appointments,
            missed_window_days=settings.alert_missed_window_days,
            notification_grace_days=settings.alert_notification_grace_days,
            annual_notification_days=settings.alert_annual_notification_days,
        )


Finder = Callable[[AsyncManagedTransaction, Sequence[str], Limits], Awaitable[list[Finding]]]


@dataclass(frozen=True)
class Rule:
    code: AlertRule
    severity: Severity
    find: Finder
