"""NON_COMPLIANCE: enough missed appointments, or any condition breach, within the window (days
back from today): prompt enforcement or recall; resolved as the events age out of the window."""

from app.alerts.rules.base import query_rule
from app.domain.enums import AlertRule, Severity
from app.repositories import rules

RULE = query_rule(AlertRule.NON_COMPLIANCE, Severity.HIGH, rules.NON_COMPLIANCE,
                  lambda limits: {"missedAppointments": limits.missed_appointments,
                                  "windowDays": limits.missed_window_days})
