"""The alert rules of PRODUCT.md section 5: one module each, with its own Cypher
(queries/rules/)."""

from app.alerts.rules import (
    child_in_household,
    emergency_access,
    emergency_access_review_overdue,
    exclusion_zone_entry,
    near_restricted_premises,
    non_compliance,
    notification_overdue,
    offender_association,
    prohibited_contact,
    proximity_to_victim,
    residence_in_exclusion_zone,
    risk_escalation,
    victim_in_network,
)
from app.alerts.rules.base import Fix, Limits, Rule

RULES: tuple[Rule, ...] = (
    proximity_to_victim.RULE,
    residence_in_exclusion_zone.RULE,
    exclusion_zone_entry.RULE,
    near_restricted_premises.RULE,
    prohibited_contact.RULE,
    offender_association.RULE,
    child_in_household.RULE,
    victim_in_network.RULE,
    risk_escalation.RULE,
    non_compliance.RULE,
    notification_overdue.RULE,
    emergency_access.RULE,
    emergency_access_review_overdue.RULE,
)

__all__ = ["RULES", "Fix", "Limits", "Rule"]
