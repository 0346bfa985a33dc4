"""EMERGENCY_ACCESS: an emergency grant was used on the case; the alert (one per grant, carrying
it) stays up, through revocation and expiry, until the lead agency or a MAPPA coordinator
reviews the grant (reviewEmergencyAccess)."""

from app.alerts.rules.base import query_rule
from app.domain.alerts import CounterpartType
from app.domain.enums import AlertRule, Severity
from app.repositories import rules

RULE = query_rule(AlertRule.EMERGENCY_ACCESS, Severity.LOW, rules.EMERGENCY_ACCESS,
                  counterpart=CounterpartType.GRANT)
