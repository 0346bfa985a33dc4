"""The durable queue of offenders whose alert rules must run again (PRODUCT.md section 5).

Every write enqueues the offenders it touched in its own transaction, so a crash between commit
and evaluation loses nothing. One `EvaluationRequest` per offender: a write merges into it, sets
it pending and bumps its version; the evaluator clears `pending` only if the version it evaluated
is still current, so a write made during an evaluation is never lost.
"""

from collections.abc import Iterable

from neo4j import AsyncManagedTransaction

from app.graph.driver import execute
from app.graph.registry import Query

ENQUEUE_OFFENDERS = Query("evaluation/enqueue_offenders")


async def enqueue_offenders(tx: AsyncManagedTransaction, offender_ids: Iterable[str]) -> None:
    ids = sorted(set(offender_ids))  # one order for every writer: no lock-order deadlocks
    if ids:
        await execute(tx, ENQUEUE_OFFENDERS, offenderIds=ids)
