"""NON_COMPLIANCE: enough missed appointments within the window of each other, or a condition
breach: prompt enforcement or recall. The alert stands for one window after the event that made
it (the last missed appointment of the run, or the breach), then resolves as that ages out."""

from app.alerts.rules.base import query_rule
from app.domain.enums import AlertRule, Severity
from app.repositories import rules

RULE = query_rule(AlertRule.NON_COMPLIANCE, Severity.HIGH, rules.NON_COMPLIANCE,
                  lambda limits: {"missedAppointments": limits.missed_appointments,
                                  "windowDays": limits.missed_window_days})
