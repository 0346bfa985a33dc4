"""PROXIMITY_TO_VICTIM: the offender lives within the victim distance of where a victim, or a
person a NO_CONTACT condition protects, lives now; the distance is recorded (VICTIM_LOCATION)."""

from app.alerts.rules.base import query_rule
from app.domain.enums import AlertRule, Severity
from app.repositories import rules

RULE = query_rule(AlertRule.PROXIMITY_TO_VICTIM, Severity.HIGH, rules.PROXIMITY_TO_VICTIM,
                  lambda limits: {"distanceMetres": limits.victim_distance_m})
