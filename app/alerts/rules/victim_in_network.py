"""VICTIM_IN_NETWORK: a victim is within two links of the offender through contacts, household,
associations or shared addresses (the offence itself is not a link)."""

from app.alerts.rules.base import query_rule
from app.domain.enums import AlertRule, Severity
from app.repositories import rules

RULE = query_rule(AlertRule.VICTIM_IN_NETWORK, Severity.MEDIUM, rules.VICTIM_IN_NETWORK)
