"""EMERGENCY_ACCESS: an emergency grant was used on the case; the alert stays for the lead
agency to review (one per grant, never resolved by the evaluator: the grant was used)."""

from collections.abc import Sequence

from neo4j import AsyncManagedTransaction

from app.alerts.rules.base import Limits, Rule
from app.domain.alerts import Finding
from app.domain.enums import AlertRule, Severity
from app.repositories import rules


async def find(
    tx: AsyncManagedTransaction, offender_ids: Sequence[str], limits: Limits
) -> list[Finding]:
    rows = await rules.find_situations(tx, rules.EMERGENCY_ACCESS, offender_ids)
    return [Finding(rule=AlertRule.EMERGENCY_ACCESS, offender_id=row["offenderId"],
                    counterpart_id=row["counterpartId"]) for row in rows]


RULE = Rule(AlertRule.EMERGENCY_ACCESS, Severity.LOW, find)
