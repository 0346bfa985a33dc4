"""NOTIFICATION_OVERDUE: a registered sexual offender's address change has gone unnotified past
the grace days, or the annual notification is past due; resolved once notified."""

from app.alerts.rules.base import query_rule
from app.domain.enums import AlertRule, Severity
from app.repositories import rules

RULE = query_rule(AlertRule.NOTIFICATION_OVERDUE, Severity.MEDIUM, rules.NOTIFICATION_OVERDUE,
                  lambda limits: {"graceDays": limits.notification_grace_days,
                                  "annualDays": limits.annual_notification_days})
