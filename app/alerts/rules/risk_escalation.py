"""RISK_ESCALATION: the latest risk assessment puts RoSH at HIGH or VERY_HIGH while the case is at
level 1 (prompting a level 2 referral); resolved once the level rises or the risk falls."""

from collections.abc import Sequence

from neo4j import AsyncManagedTransaction

from app.alerts.rules.base import Limits, Rule
from app.domain.alerts import Finding
from app.domain.enums import AlertRule, Severity
from app.repositories import rules


async def find(
    tx: AsyncManagedTransaction, offender_ids: Sequence[str], limits: Limits
) -> list[Finding]:
    rows = await rules.find_situations(tx, rules.RISK_ESCALATION, offender_ids)
    return [Finding(rule=AlertRule.RISK_ESCALATION, offender_id=row["offenderId"])
            for row in rows]


RULE = Rule(AlertRule.RISK_ESCALATION, Severity.MEDIUM, find)
