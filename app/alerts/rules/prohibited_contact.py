"""PROHIBITED_CONTACT: a person a NO_CONTACT condition protects shares the offender's address, is
his contact or household member, or is linked to him by an association."""

from app.alerts.rules.base import query_rule
from app.domain.enums import AlertRule, Severity
from app.repositories import rules

RULE = query_rule(AlertRule.PROHIBITED_CONTACT, Severity.CRITICAL, rules.PROHIBITED_CONTACT)
