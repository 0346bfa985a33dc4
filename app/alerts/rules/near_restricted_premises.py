"""NEAR_RESTRICTED_PREMISES: an offender barred from premises of a kind (an active
OUT_OF_BOUNDS_PREMISES_TYPE condition) lives, or was last located, within the premises distance
of such premises (found through the premises point index).

The alert records what placed him there (`Placement`): a fix tells where electronic monitoring
put him, which only EM_LOCATION may learn (app/policy/alerts.py), so premises near where he lives
are told as such even when a fix lies nearer; each finding records its nearest distance."""

from collections.abc import Sequence

from neo4j import AsyncManagedTransaction

from app.alerts.rules.base import Fix, Limits, Rule
from app.domain.alerts import CounterpartType, Finding, Placement
from app.domain.enums import AlertRule, Severity
from app.repositories import rules

RULE_CODE = AlertRule.NEAR_RESTRICTED_PREMISES


async def find_near(
    tx: AsyncManagedTransaction, places: Sequence[tuple[Fix, Placement]], limits: Limits
) -> list[list[Finding]]:
    """The findings at each place: an offender's residence or fix, as its placement says."""
    rows = [{"index": i, "offenderId": place.offender_id, "latitude": place.latitude,
             "longitude": place.longitude} for i, (place, _) in enumerate(places)]
    found: list[list[Finding]] = [[] for _ in places]
    if rows:
        for row in await rules.premises_near_places(tx, rows, limits.premises_distance_m):
            found[row["place"]].append(Finding(
                rule=RULE_CODE, offender_id=row["offenderId"],
                counterpart_type=CounterpartType.PREMISES, counterpart_id=row["counterpartId"],
                distance_metres=row["distanceMetres"], placed_by=places[row["place"]][1]))
    return found


async def find_at_fixes(
    tx: AsyncManagedTransaction, fixes: Sequence[Fix], limits: Limits
) -> list[list[Finding]]:
    return await find_near(tx, [(fix, Placement.FIX) for fix in fixes], limits)


def _told_first(finding: Finding) -> tuple[bool, float]:
    """A residence before a fix, then the nearer."""
    return finding.placed_by is Placement.FIX, finding.distance_metres or 0.0


async def find(
    tx: AsyncManagedTransaction, offender_ids: Sequence[str], limits: Limits
) -> list[Finding]:
    rows = await rules.find_situations(tx, rules.OFFENDER_PLACES, offender_ids)
    places = [(Fix(row["offenderId"], home.latitude, home.longitude), Placement.RESIDENCE)
              for row in rows for home in row["homes"]]
    places += [(Fix(row["offenderId"], row["lastFix"].latitude, row["lastFix"].longitude),
                Placement.FIX) for row in rows if row["lastFix"] is not None]
    chosen: dict[str, Finding] = {}
    for found in await find_near(tx, places, limits):
        for finding in found:
            known = chosen.get(finding.key)
            if known is None or _told_first(finding) < _told_first(known):
                chosen[finding.key] = finding
    return list(chosen.values())


RULE = Rule(RULE_CODE, Severity.HIGH, find)
