"""EXCLUSION_ZONE_ENTRY: a reported fix lies inside an active exclusion zone of the offender, or
outside an active inclusion zone. Evaluated per fix as fixes arrive (reportLocations), and on the
last fix by the evaluator and the sweep, so the alert stands while he is where he must not be."""

from collections.abc import Sequence

from neo4j import AsyncManagedTransaction

from app.alerts.rules.base import Fix, Limits, Rule
from app.alerts.rules.zones import at_fixes, zones_of
from app.domain.alerts import Finding
from app.domain.enums import AlertRule, Severity


async def find_at_fixes(
    tx: AsyncManagedTransaction, fixes: Sequence[Fix], limits: Limits
) -> list[list[Finding]]:
    return at_fixes(await zones_of(tx, (fix.offender_id for fix in fixes)), fixes)


async def find(
    tx: AsyncManagedTransaction, offender_ids: Sequence[str], limits: Limits
) -> list[Finding]:
    zones = await zones_of(tx, offender_ids)
    last = [Fix(offender_id, where.last_fix.latitude, where.last_fix.longitude)
            for offender_id, where in zones.items() if where.last_fix is not None]
    return [finding for found in at_fixes(zones, last) for finding in found]


RULE = Rule(AlertRule.EXCLUSION_ZONE_ENTRY, Severity.CRITICAL, find)
