"""EMERGENCY_ACCESS_REVIEW_OVERDUE: an emergency grant has gone unreviewed for longer than the
review window (MAPPA_EMERGENCY_REVIEW_WINDOW_HOURS); raised by `mappa alerts sweep` (time passing
is no write) or the case's next evaluation, resolved once the grant is reviewed."""

from app.alerts.rules.base import query_rule
from app.domain.alerts import CounterpartType
from app.domain.enums import AlertRule, Severity
from app.repositories import rules

RULE = query_rule(AlertRule.EMERGENCY_ACCESS_REVIEW_OVERDUE, Severity.MEDIUM,
                  rules.EMERGENCY_ACCESS_REVIEW_OVERDUE,
                  lambda limits: {"reviewWindowHours": limits.emergency_review_window_hours},
                  counterpart=CounterpartType.GRANT)
