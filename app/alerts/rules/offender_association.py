"""OFFENDER_ASSOCIATION: another offender shares the offender's current address (Approved Premises
excepted) or is linked to him by an association; each offender's case gets its own alert."""

from app.alerts.rules.base import query_rule
from app.domain.enums import AlertRule, Severity
from app.repositories import rules

RULE = query_rule(AlertRule.OFFENDER_ASSOCIATION, Severity.MEDIUM, rules.OFFENDER_ASSOCIATION)
