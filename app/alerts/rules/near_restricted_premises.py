"""NEAR_RESTRICTED_PREMISES: an offender barred from premises of a kind (an active
OUT_OF_BOUNDS_PREMISES_TYPE condition) lives, or was last located, within the premises distance
of such premises (found through the premises point index); the nearest distance is recorded."""

from collections.abc import Sequence

from neo4j import AsyncManagedTransaction

from app.alerts.rules.base import Fix, Limits, Rule
from app.domain.alerts import CounterpartType, Finding
from app.domain.enums import AlertRule, Severity
from app.repositories import rules

RULE_CODE = AlertRule.NEAR_RESTRICTED_PREMISES


async def find_at_fixes(
    tx: AsyncManagedTransaction, fixes: Sequence[Fix], limits: Limits
) -> list[list[Finding]]:
    places = [{"index": i, "offenderId": fix.offender_id, "latitude": fix.latitude,
               "longitude": fix.longitude} for i, fix in enumerate(fixes)]
    found: list[list[Finding]] = [[] for _ in fixes]
    if places:
        for row in await rules.premises_near_places(tx, places, limits.premises_distance_m):
            found[row["place"]].append(Finding(
                rule=RULE_CODE, offender_id=row["offenderId"],
                counterpart_type=CounterpartType.PREMISES, counterpart_id=row["counterpartId"],
                distance_metres=row["distanceMetres"]))
    return found


async def find(
    tx: AsyncManagedTransaction, offender_ids: Sequence[str], limits: Limits
) -> list[Finding]:
    rows = await rules.find_situations(tx, rules.OFFENDER_PLACES, offender_ids)
    places = [Fix(row["offenderId"], at.latitude, at.longitude)
              for row in rows for at in row["places"]]
    nearest: dict[str, Finding] = {}
    for found in await find_at_fixes(tx, places, limits):
        for finding in found:
            known = nearest.get(finding.key)
            if known is None or (finding.distance_metres or 0) < (known.distance_metres or 0):
                nearest[finding.key] = finding
    return list(nearest.values())


RULE = Rule(RULE_CODE, Severity.HIGH, find)
