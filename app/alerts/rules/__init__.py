"""The alert rules of PRODUCT.md section 5: one module each, with its own Cypher
(queries/rules/<rule>.cypher)."""

from app.alerts.rules import emergency_access, risk_escalation
from app.alerts.rules.base import Limits, Rule

RULES: tuple[Rule, ...] = (
    risk_escalation.RULE,
    emergency_access.RULE,
)

__all__ = ["RULES", "Limits", "Rule"]
