"""RESIDENCE_IN_EXCLUSION_ZONE: a current residence of the offender lies inside one of his active
exclusion zones (tested exactly: polygon or circle)."""

from collections.abc import Sequence

from neo4j import AsyncManagedTransaction

from app.alerts.rules.base import Limits, Rule
from app.alerts.rules.zones import zone_findings, zones_of
from app.domain.alerts import Finding
from app.domain.enums import AlertRule, Severity

RULE_CODE = AlertRule.RESIDENCE_IN_EXCLUSION_ZONE


async def find(
    tx: AsyncManagedTransaction, offender_ids: Sequence[str], limits: Limits
) -> list[Finding]:
    found: dict[str, Finding] = {}
    for offender_id, where in (await zones_of(tx, offender_ids)).items():
        for home in where.homes:
            for finding in zone_findings(RULE_CODE, offender_id, where.zones, home.latitude,
                                         home.longitude, kinds=frozenset({"EXCLUSION"})):
                found[finding.key] = finding
    return list(found.values())


RULE = Rule(RULE_CODE, Severity.CRITICAL, find)
