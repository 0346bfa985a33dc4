"""The unit of work: one write's transaction, with everything that must commit with it or not at
all, and what this process does once it has committed.

A service hands `UnitOfWork.write` a transaction function that returns `Changed`: what it made,
the offenders whose alert rules it may have changed, and the newest alert it raised. In that same
transaction the unit of work enqueues those offenders for the alert evaluator and appends the
write's audit event to the chain, so that a write, its evaluation request and its record are
durable together or not at all; a refusal raised by the function rolls all three back. After the
commit it tells this process (`Committed`, to `after_commit`): the alert worker is woken, and
subscriptions and webhook deliveries learn of the alerts raised.

The platform imports no domain, so the runtime (app/runtime.py) hands each unit of work the audit
chain's append (app/audit/trail.py) and the evaluation queue's enqueue (app/alerts/queue.py); the
caller that knows how to describe the write for the audit trail gives `entry_for`: the GraphQL API
for a principal (app/graphql/writes.py), the CLI for an operator.
"""

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from neo4j import AsyncManagedTransaction

from app.platform.neo4j.driver import Graph

T = TypeVar("T")


@dataclass(frozen=True)
class Changed(Generic[T]):
    """What a write's transaction function did: the record it `made`, the offenders whose alert
    rules must run again, and the sequence of the newest alert it raised (0 when none)."""

    made: T
    offender_ids: Iterable[str] = ()
    newest_alert: int = 0


@dataclass(frozen=True)
class Committed:
    """What a committed write leaves this process to do: wake the evaluator for the offenders it
    enqueued, and announce alerts up to `newest_alert` (0: none raised)."""

    offender_ids: tuple[str, ...]
    newest_alert: int


AfterCommit = Callable[[Committed], None]
Work = Callable[[AsyncManagedTransaction], Awaitable[Changed[T]]]
# The audit chain's append (app/audit/trail.append): entries chained in the transaction.
Append = Callable[[AsyncManagedTransaction, list[Any]], Awaitable[None]]
# The evaluation queue's enqueue (app/alerts/queue.enqueue_offenders).
Enqueue = Callable[[AsyncManagedTransaction, Iterable[str]], Awaitable[None]]
# A unit of work for a write that `entry_for` describes (Runtime.unit_of_work).
UnitsOfWork = Callable[[Callable[[Any], object]], "UnitOfWork"]


class UnitOfWork:
    """One write, audited by `entry_for` (the audit event of what the write made) in its own
    transaction; `after_commit` is told what the committed write left to do."""

    def __init__(
        self, graph: Graph, entry_for: Callable[[Any], object], *, append: Append,
        enqueue: Enqueue, after_commit: AfterCommit,
    ) -> None:
        self.graph = graph
        self._entry_for = entry_for
        self._append = append
        self._enqueue = enqueue
        self._after_commit = after_commit

    async def write(self, work: Work[T]) -> T:
        """Run `work` in a write transaction (retried, so `work` must make its ids before), with
        its evaluation requests and audit event; return what it made once all are committed."""

        async def unit(tx: AsyncManagedTransaction) -> tuple[Changed[T], tuple[str, ...]]:
            changed = await work(tx)
            offender_ids = tuple(sorted(set(changed.offender_ids)))
            await self._enqueue(tx, offender_ids)
            await self._append_audit(tx, changed.made)
            return changed, offender_ids

        changed, offender_ids = await self.graph.write(unit)
        self._after_commit(Committed(offender_ids, changed.newest_alert))
        return changed.made

    async def _append_audit(self, tx: AsyncManagedTransaction, made: object) -> None:
        """The audit event of what the write made, chained in the write's transaction: the one
        place a write appends to the audit trail."""
        await self._append(tx, [self._entry_for(made)])
