"""The alert rules' Cypher (queries/rules/): each finds, for a batch of offenders, the situations
of its rule that hold now (or what the zone and premises rules test exactly in Python). The rule
modules (app/alerts/rules/) own what the rows mean; this module only runs them."""

from collections.abc import Sequence
from typing import Any

from neo4j import AsyncManagedTransaction

from app.graph.driver import run
from app.graph.registry import Query

PROXIMITY_TO_VICTIM = Query("rules/proximity_to_victim")
OFFENDER_ZONES = Query("rules/offender_zones")
OFFENDER_PLACES = Query("rules/offender_places")
PREMISES_NEAR_PLACES = Query("rules/premises_near_places")
PROHIBITED_CONTACT = Query("rules/prohibited_contact")
OFFENDER_ASSOCIATION = Query("rules/offender_association")
CHILD_IN_HOUSEHOLD = Query("rules/child_in_household")
VICTIM_IN_NETWORK = Query("rules/victim_in_network")
RISK_ESCALATION = Query("rules/risk_escalation")
NON_COMPLIANCE = Query("rules/non_compliance")
NOTIFICATION_OVERDUE = Query("rules/notification_overdue")
EMERGENCY_ACCESS = Query("rules/emergency_access")
EMERGENCY_ACCESS_REVIEW_OVERDUE = Query("rules/emergency_access_review_overdue")


async def find_situations(
    tx: AsyncManagedTransaction, query: Query, offender_ids: Sequence[str], **params: Any
) -> list[dict[str, Any]]:
    """The rows of one rule's query for these offenders (its other parameters by name)."""
    return await run(tx, query, offenderIds=list(offender_ids), **params)


async def premises_near_places(
    tx: AsyncManagedTransaction, places: list[dict[str, Any]], distance_m: float
) -> list[dict[str, Any]]:
    """Barred premises near each place ({index, offenderId, latitude, longitude})."""
    return await run(tx, PREMISES_NEAR_PLACES, places=places, distanceMetres=distance_m)
