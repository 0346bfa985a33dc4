"""What the two zone rules test: each offender's active zones, current residences and last fix
(one query), and whether a point breaches a zone (inside an EXCLUSION zone, outside an INCLUSION
one), tested exactly (app/alerts/geometry.py)."""

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from neo4j import AsyncManagedTransaction

from app.alerts.geometry import zone_contains
from app.alerts.rules.base import Fix
from app.domain.alerts import CounterpartType, Finding, Placement
from app.domain.enums import AlertRule
from app.repositories import rules


class OffenderZones(NamedTuple):
    zones: list[dict[str, Any]]
    homes: list[Any]  # WGS-84 points of the current residences
    last_fix: Any  # the last reported fix's point, or None


async def zones_of(
    tx: AsyncManagedTransaction, offender_ids: Iterable[str]
) -> dict[str, OffenderZones]:
    """The offenders that have active zones, with their zones and where they are."""
    rows = await rules.find_situations(tx, rules.OFFENDER_ZONES, sorted(set(offender_ids)))
    return {row["offenderId"]: OffenderZones(row["zones"], row["homes"], row["lastFix"])
            for row in rows}


def breaches(zone: dict[str, Any], latitude: float, longitude: float) -> bool:
    inside = zone_contains(zone, latitude, longitude)
    return inside if zone["kind"] == "EXCLUSION" else not inside


def zone_findings(
    rule: AlertRule, offender_id: str, zones: Sequence[dict[str, Any]], latitude: float,
    longitude: float, *, kinds: frozenset[str] = frozenset({"EXCLUSION", "INCLUSION"}),
    placed_by: Placement | None = None,
) -> list[Finding]:
    return [Finding(rule=rule, offender_id=offender_id, counterpart_type=CounterpartType.ZONE,
                    counterpart_id=zone["id"], placed_by=placed_by)
            for zone in zones if zone["kind"] in kinds and breaches(zone, latitude, longitude)]


def at_fixes(zones: dict[str, OffenderZones], fixes: Sequence[Fix]) -> list[list[Finding]]:
    """EXCLUSION_ZONE_ENTRY findings at each fix (placed by it)."""
    return [zone_findings(AlertRule.EXCLUSION_ZONE_ENTRY, fix.offender_id,
                          zones[fix.offender_id].zones if fix.offender_id in zones else [],
                          fix.latitude, fix.longitude, placed_by=Placement.FIX)
            for fix in fixes]
