"""The durable queue of offenders whose alert rules must run again (PRODUCT.md section 5).

Every write enqueues the offenders it touched in its own transaction, so a crash between commit
and evaluation loses nothing. One `EvaluationRequest` per offender: a write merges into it, sets
it pending and bumps its version; the evaluator clears `pending` only if the version it evaluated
is still current, so a write made during an evaluation is never lost.
"""

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from neo4j import AsyncManagedTransaction

from app.alerts.models import ActiveAlert, NewAlert, RaisedAlert
from app.platform.neo4j.driver import execute, run
from app.platform.neo4j.registry import Query

ENQUEUE_OFFENDERS = Query("evaluation/enqueue_offenders")


async def enqueue_offenders(tx: AsyncManagedTransaction, offender_ids: Iterable[str]) -> None:
    ids = sorted(set(offender_ids))  # one order for every writer: no lock-order deadlocks
    if ids:
        await execute(tx, ENQUEUE_OFFENDERS, offenderIds=ids)


CLAIM_REQUESTS = Query("evaluation/claim_requests")
CLAIM_OFFENDERS = Query("evaluation/claim_offenders")
FINISH_REQUESTS = Query("evaluation/finish_requests")
LIST_OFFENDER_IDS = Query("evaluation/list_offender_ids")


class Request(NamedTuple):
    """A claimed evaluation request: the offender, and the version its claim saw."""

    offender_id: str
    version: int


async def claim_requests(
    tx: AsyncManagedTransaction, worker: str, limit: int, lease_s: float
) -> list[Request]:
    rows = await run(tx, CLAIM_REQUESTS, worker=worker, limit=limit, leaseSeconds=lease_s)
    return [Request(row["offenderId"], row["version"]) for row in rows]


async def claim_offenders(
    tx: AsyncManagedTransaction, offender_ids: Sequence[str], worker: str, lease_s: float
) -> list[Request]:
    """Claim these offenders' requests (made if need be), but those another worker holds."""
    rows = await run(tx, CLAIM_OFFENDERS, offenderIds=sorted(set(offender_ids)), worker=worker,
                     leaseSeconds=lease_s)
    return [Request(row["offenderId"], row["version"]) for row in rows]


async def finish_requests(tx: AsyncManagedTransaction, requests: Sequence[Request]) -> None:
    if requests:
        await execute(tx, FINISH_REQUESTS, requests=[
            {"offenderId": r.offender_id, "version": r.version} for r in requests])


async def list_offender_ids(tx: AsyncManagedTransaction, after: str, limit: int) -> list[str]:
    rows = await run(tx, LIST_OFFENDER_IDS, after=after, limit=limit)
    return [row["offenderId"] for row in rows]


COUNT_OFFENDERS = Query("evaluation/count_offenders")


async def count_offenders(tx: AsyncManagedTransaction) -> int:
    rows = await run(tx, COUNT_OFFENDERS)
    return int(rows[0]["offenders"])


FIND_ACTIVE_ALERTS = Query("evaluation/find_active_alerts")
RELEASE_ALERTS = Query("evaluation/release_alerts")
RAISE_ALERTS = Query("evaluation/raise_alerts")
READ_ALERT_HEAD = Query("evaluation/read_alert_head")


async def find_active_alerts(
    tx: AsyncManagedTransaction, offender_ids: Sequence[str]
) -> list[ActiveAlert]:
    rows = await run(tx, FIND_ACTIVE_ALERTS, offenderIds=list(offender_ids))
    return [ActiveAlert.model_validate(row) for row in rows]


async def release_alerts(tx: AsyncManagedTransaction, alert_ids: Sequence[str]) -> None:
    if alert_ids:
        await execute(tx, RELEASE_ALERTS, ids=list(alert_ids))


async def raise_alerts(
    tx: AsyncManagedTransaction, raises: Sequence[NewAlert]
) -> list[RaisedAlert]:
    """Create the alerts, numbered in order; a key another evaluator raised meanwhile is
    skipped."""
    if not raises:
        return []
    rows = await run(tx, RAISE_ALERTS, alerts=[alert.model_dump(by_alias=True, mode="json")
                                               for alert in raises])
    return [RaisedAlert.model_validate(row) for row in rows]


async def read_alert_head(tx: AsyncManagedTransaction) -> int:
    rows = await run(tx, READ_ALERT_HEAD)
    return int(rows[0]["sequence"])
