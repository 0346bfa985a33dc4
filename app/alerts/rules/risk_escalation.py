"""RISK_ESCALATION: the latest risk assessment puts RoSH at HIGH or VERY_HIGH while the case is at
level 1 (prompting a level 2 referral); resolved once the level rises or the risk falls."""

from app.alerts.rules.base import query_rule
from app.domain.enums import AlertRule, Severity
from app.repositories import rules

RULE = query_rule(AlertRule.RISK_ESCALATION, Severity.MEDIUM, rules.RISK_ESCALATION)
