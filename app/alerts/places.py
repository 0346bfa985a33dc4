"""The rules that test where an offender is (app/alerts/rules.py rows with no query): a point
against his zones, tested exactly (inside an EXCLUSION zone, outside an INCLUSION one: polygon or
circle, app/alerts/geometry.py), and against barred premises (found through the premises point
index). The points are his current residences and his last fix; reportLocations tests each fix
as it arrives (`AT_FIXES`).

NEAR_RESTRICTED_PREMISES records what placed him near the premises (`Placement`): a fix tells
where electronic monitoring put him, which only EM_LOCATION may learn (app/access/alerts.py), so
premises near where he lives are told as such even when a fix lies nearer; each finding records
its nearest distance."""

from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, NamedTuple

from neo4j import AsyncManagedTransaction

from app.alerts import repository as rules
from app.alerts.geometry import zone_contains
from app.alerts.models import Finding, Placement
from app.alerts.rules import Fix, Limits
from app.core.enums import AlertRule, CounterpartType

FixFinder = Callable[
    [AsyncManagedTransaction, Sequence[Fix], Limits], Awaitable[list[list[Finding]]]]


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


class Evaluation:
    """One evaluation's transaction and offenders, as the place rules read them: the zones
    read at most once, as both zone rules test them (about a tenth of the sweep's reads)."""

    def __init__(self, tx: AsyncManagedTransaction, offender_ids: Sequence[str]) -> None:
        self.tx, self.offender_ids = tx, offender_ids
        self._zones: dict[str, OffenderZones] | None = None

    async def zones(self) -> dict[str, OffenderZones]:
        if self._zones is None:
            self._zones = await zones_of(self.tx, self.offender_ids)
        return self._zones


Finder = Callable[[Evaluation, Limits], Awaitable[list[Finding]]]


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


def _entries(zones: dict[str, OffenderZones], fixes: Sequence[Fix]) -> list[list[Finding]]:
    """EXCLUSION_ZONE_ENTRY findings at each fix (placed by it)."""
    return [zone_findings(AlertRule.EXCLUSION_ZONE_ENTRY, fix.offender_id,
                          zones[fix.offender_id].zones if fix.offender_id in zones else [],
                          fix.latitude, fix.longitude, placed_by=Placement.FIX)
            for fix in fixes]


async def residence_in_exclusion_zone(of: Evaluation, limits: Limits) -> list[Finding]:
    found: dict[str, Finding] = {}
    for offender_id, where in (await of.zones()).items():
        for home in where.homes:
            for finding in zone_findings(AlertRule.RESIDENCE_IN_EXCLUSION_ZONE, offender_id,
                                         where.zones, home.latitude, home.longitude,
                                         kinds=frozenset({"EXCLUSION"})):
                found[finding.key] = finding
    return list(found.values())


async def zone_entries_at_fixes(
    tx: AsyncManagedTransaction, fixes: Sequence[Fix], limits: Limits
) -> list[list[Finding]]:
    return _entries(await zones_of(tx, (fix.offender_id for fix in fixes)), fixes)


async def zone_entry_at_last_fix(of: Evaluation, limits: Limits) -> list[Finding]:
    zones = await of.zones()
    last = [Fix(offender_id, where.last_fix.latitude, where.last_fix.longitude)
            for offender_id, where in zones.items() if where.last_fix is not None]
    return [finding for found in _entries(zones, last) for finding in found]


async def premises_near(
    tx: AsyncManagedTransaction, places: Sequence[tuple[Fix, Placement]], limits: Limits
) -> list[list[Finding]]:
    """The NEAR_RESTRICTED_PREMISES findings at each place: an offender's residence or fix, as
    its placement says."""
    rows = [{"index": i, "offenderId": place.offender_id, "latitude": place.latitude,
             "longitude": place.longitude} for i, (place, _) in enumerate(places)]
    found: list[list[Finding]] = [[] for _ in places]
    if rows:
        for row in await rules.premises_near_places(tx, rows, limits.premises_distance_m):
            found[row["place"]].append(Finding(
                rule=AlertRule.NEAR_RESTRICTED_PREMISES, offender_id=row["offenderId"],
                counterpart_type=CounterpartType.PREMISES, counterpart_id=row["counterpartId"],
                distance_metres=row["distanceMetres"], placed_by=places[row["place"]][1]))
    return found


async def premises_near_fixes(
    tx: AsyncManagedTransaction, fixes: Sequence[Fix], limits: Limits
) -> list[list[Finding]]:
    return await premises_near(tx, [(fix, Placement.FIX) for fix in fixes], limits)


def _told_first(finding: Finding) -> tuple[bool, float]:
    """A residence before a fix, then the nearer."""
    return finding.placed_by is Placement.FIX, finding.distance_metres or 0.0


async def premises_near_residences_or_last_fix(of: Evaluation, limits: Limits) -> list[Finding]:
    rows = await rules.find_situations(of.tx, rules.OFFENDER_PLACES, of.offender_ids)
    places = [(Fix(row["offenderId"], home.latitude, home.longitude), Placement.RESIDENCE)
              for row in rows for home in row["homes"]]
    places += [(Fix(row["offenderId"], row["lastFix"].latitude, row["lastFix"].longitude),
                Placement.FIX) for row in rows if row["lastFix"] is not None]
    chosen: dict[str, Finding] = {}
    for found in await premises_near(of.tx, places, limits):
        for finding in found:
            known = chosen.get(finding.key)
            if known is None or _told_first(finding) < _told_first(known):
                chosen[finding.key] = finding
    return list(chosen.values())


# The finder of each rule with no query, and of each rule tested at every fix reported.
FINDERS: dict[AlertRule, Finder] = {
    AlertRule.RESIDENCE_IN_EXCLUSION_ZONE: residence_in_exclusion_zone,
    AlertRule.EXCLUSION_ZONE_ENTRY: zone_entry_at_last_fix,
    AlertRule.NEAR_RESTRICTED_PREMISES: premises_near_residences_or_last_fix,
}
AT_FIXES: dict[AlertRule, FixFinder] = {
    AlertRule.EXCLUSION_ZONE_ENTRY: zone_entries_at_fixes,
    AlertRule.NEAR_RESTRICTED_PREMISES: premises_near_fixes,
}
