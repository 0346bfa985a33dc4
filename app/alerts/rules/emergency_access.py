"""EMERGENCY_ACCESS: an emergency grant was used on the case; the alert stays for the lead
agency to review (one per grant, never resolved by the evaluator: the grant was used)."""

from app.alerts.rules.base import query_rule
from app.domain.enums import AlertRule, Severity
from app.repositories import rules

RULE = query_rule(AlertRule.EMERGENCY_ACCESS, Severity.LOW, rules.EMERGENCY_ACCESS,
                  counterpart=None)
