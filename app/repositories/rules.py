"""The alert rules' Cypher (queries/rules/<rule>.cypher): each finds, for a batch of offenders,
the situations of its rule that hold now. The rule modules (app/alerts/rules/) own what the rows
mean; this module only runs them."""

from collections.abc import Sequence
from typing import Any

from neo4j import AsyncManagedTransaction

from app.graph.driver import run
from app.graph.registry import Query

EMERGENCY_ACCESS = Query("rules/emergency_access")
RISK_ESCALATION = Query("rules/risk_escalation")


async def find_situations(
    tx: AsyncManagedTransaction, query: Query, offender_ids: Sequence[str], **params: Any
) -> list[dict[str, Any]]:
    """The rows of one rule's query for these offenders (its other parameters by name)."""
    return await run(tx, query, offenderIds=list(offender_ids), **params)
