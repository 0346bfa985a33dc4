"""Reading alerts under need-to-know: only alerts on offenders the caller may see, their
counterparts and distances withheld inside the query as the caller's classes require."""

from typing import Any

from app.domain.alerts import AlertFilter, AlertPage, AlertRecord
from app.graph.driver import Tx, run
from app.graph.registry import Query
from app.policy.principal import Principal
from app.policy.write_rights import Write, held_scopes
from app.repositories.offenders import access_params, native

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
