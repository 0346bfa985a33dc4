"""The alert rules' Cypher (queries/rules/): each rule's own query is declared in its row
(app/alerts/rules.py); here are the ones the place rules share (app/alerts/places.py), and the
runner. What the rows mean is the rules' business; this module only runs them."""

from collections.abc import Sequence
from typing import Any

from neo4j import AsyncManagedTransaction

from app.graph.driver import run
from app.graph.registry import Query

OFFENDER_ZONES = Query("rules/offender_zones")
OFFENDER_PLACES = Query("rules/offender_places")
PREMISES_NEAR_PLACES = Query("rules/premises_near_places")


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
