"""CHILD_IN_HOUSEHOLD: a category 1 offender lives with a person under 18 (a co-resident, or a
contact who is a household member); resolved when the child turns 18 or leaves."""

from app.alerts.rules.base import query_rule
from app.domain.enums import AlertRule, Severity
from app.repositories import rules

RULE = query_rule(AlertRule.CHILD_IN_HOUSEHOLD, Severity.HIGH, rules.CHILD_IN_HOUSEHOLD)
