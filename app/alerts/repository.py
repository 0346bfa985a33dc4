"""Reading alerts under need-to-know: only alerts on offenders the caller may see, their
counterparts and distances withheld inside the query as the caller's classes require.

The alert rules' Cypher (queries/rules/): each rule's own query is declared in its row
(app/alerts/rules.py); here are the ones the place rules share (app/alerts/places.py), and the
runner. What the rows mean is the rules' business; this module only runs them.
"""

from collections.abc import Sequence
from typing import Any, NamedTuple

from neo4j import AsyncManagedTransaction

from app.access.principal import Principal
from app.access.write_rights import Write, held_scopes
from app.alerts.models import AlertFilter, AlertPage, AlertRecord, LocationFix
from app.cases.repository import access_params, native
from app.core.enums import AlertStatus
from app.platform.neo4j.driver import Tx, run
from app.platform.neo4j.registry import Query

LIST_ALERTS = Query("alert/list_alerts")


def alert_params(principal: Principal) -> dict[str, Any]:
    """Who is asking, the classes they hold, and where they review emergency grants (an alert
    about a grant shows it only there)."""
    return {**access_params(principal), "grantScopes": held_scopes(
        Write.REVIEW_EMERGENCY_ACCESS, principal.agency_kind, principal.roles)}


async def list_alerts(
    tx: Tx, principal: Principal, wanted: AlertFilter,
    after_sequence: int | None, first: int,
) -> AlertPage:
    """A page of alerts, newest first, after the one numbered `after_sequence`."""
    rows = await run(
        tx, LIST_ALERTS, status=wanted.status, rule=wanted.rule, severity=wanted.severity,
        offenderId=wanted.offender_id, after=after_sequence, limit=first + 1,
        **alert_params(principal),
    )
    alerts = [AlertRecord.model_validate(native(row["alert"])) for row in rows]
    return AlertPage(alerts=tuple(alerts[:first]), has_next_page=len(alerts) > first)



LIST_ALERTS_SINCE = Query("alert/list_alerts_since")


async def list_alerts_since(
    tx: Tx, principal: Principal, newer_than: int, up_to: int
) -> list[AlertRecord]:
    """The alerts numbered in (newer_than, up_to] that the caller may see, oldest first."""
    rows = await run(tx, LIST_ALERTS_SINCE, newerThan=newer_than, upTo=up_to,
                     **alert_params(principal))
    return [AlertRecord.model_validate(native(row["alert"])) for row in rows]


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


# An officer's decision on an alert, and the location fixes electronic monitoring reports (their
# queries are kept in queries/case/, where the writes on a case live).

FIND_ALERT_CASE = Query("case/find_alert_case")


class AlertCase(NamedTuple):
    offender_id: str
    status: AlertStatus
    sequence: int
    to_caller: bool  # the alert goes to the caller (it lists and receives it)


async def find_alert_case(
    tx: AsyncManagedTransaction, alert_id: str, principal: Principal
) -> AlertCase | None:
    rows = await run(tx, FIND_ALERT_CASE, alertId=alert_id, **access_params(principal))
    if not rows:
        return None
    row = rows[0]
    return AlertCase(row["offenderId"], AlertStatus(row["status"]), row["sequence"],
                     row["toCaller"])


DECIDE_ALERT = Query("case/decide_alert")


async def decide_alert(
    tx: AsyncManagedTransaction, alert_id: str, status: AlertStatus, note: str | None, *,
    user_id: str, agency_id: str,
) -> bool:
    """Move the alert to `status`; False when its status does not allow it."""
    rows = await run(tx, DECIDE_ALERT, alertId=alert_id, status=status, userId=user_id,
                     note=note, agencyId=agency_id)
    return bool(rows)


RECORD_LAST_FIXES = Query("case/record_last_fixes")


async def record_last_fixes(
    tx: AsyncManagedTransaction, fixes: list[LocationFix], agency_id: str
) -> int:
    """Keep each offender's newest fix; return how many offenders were found."""
    rows = await run(tx, RECORD_LAST_FIXES, agencyId=agency_id, fixes=[
        {"offenderId": f.offender_id, "latitude": f.latitude, "longitude": f.longitude,
         "at": f.at} for f in fixes])
    return int(rows[0]["recorded"])
