"""One async driver per app, and read/write units of work that retry and translate errors.

Two kinds of failure are retried differently. Neo4j out of reach (connection refused or lost, the
database stopping or starting) is retried by the driver for `neo4j_unreachable_retry_s` only, so
that a request fails fast with UNAVAILABLE rather than waiting out a restart; the driver's own
backoff would otherwise hold every request for up to twice `neo4j_max_retry_time_s`. A transient
error from a Neo4j that answers (a deadlock, a lock timeout) is retried for
`neo4j_max_retry_time_s`, as contention passes.
"""

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from contextlib import AbstractContextManager, asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import Any, Concatenate, LiteralString, ParamSpec, Protocol, TypeVar

import neo4j
from neo4j import AsyncGraphDatabase, AsyncManagedTransaction
from neo4j import exceptions as neo
from opentelemetry.trace import SpanKind

from app.observability.metrics import NEO4J_POOL_SIZE, NEO4J_SESSIONS
from app.observability.tracing import span
from app.platform.neo4j.errors import translate
from app.platform.neo4j.registry import Query
from app.settings import Settings

T = TypeVar("T")
P = ParamSpec("P")
Work = Callable[Concatenate[AsyncManagedTransaction, P], Awaitable[T]]
ONE_QUERY_ATTEMPTS = 3


class Tx(Protocol):
    """What a transaction function runs its queries on: a managed transaction or, for a function
    that runs one query, an auto-commit one (`Graph.read_one`)."""

    async def run(
        self, query: LiteralString, parameters: dict[str, Any] | None = None
    ) -> neo4j.AsyncResult: ...


class OneQuery:
    """A session lent to a transaction function for exactly one query, which is then a
    transaction of its own; a second query would be another transaction, so it is refused."""

    def __init__(self, session: neo4j.AsyncSession) -> None:
        self._session: neo4j.AsyncSession | None = session

    async def run(
        self, query: LiteralString, parameters: dict[str, Any] | None = None
    ) -> neo4j.AsyncResult:
        session, self._session = self._session, None
        if session is None:
            raise RuntimeError("a read_one transaction function ran a second query; use read")
        return await session.run(query, parameters)

# Set to a list to have the name of every query run in this context appended (round-trip tests).
queries_run: ContextVar[list[str] | None] = ContextVar("queries_run", default=None)


async def run(tx: Tx, query: Query, **params: Any) -> list[dict[str, Any]]:
    """Run one named query inside a transaction function and return its records as dicts of the
    values as decoded (the queries project maps, never whole nodes, so no `Record.data()`
    walk through every value is needed)."""
    query.check_params(params)
    with _ran(query):
        result = await tx.run(query.text, params)
        return [dict(zip(record.keys(), record, strict=True)) async for record in result]


@contextmanager
def _ran(query: Query) -> Iterator[None]:
    """A span named by the query (never its parameters), and the name noted in `queries_run`."""
    log = queries_run.get()
    if log is not None:
        log.append(query.name)
    with span(f"neo4j {query.name}", SpanKind.CLIENT,
              {"db.system.name": "neo4j", "db.query.summary": query.name}):
        yield


class Graph:
    """The app's handle on Neo4j: a driver, a database name, and units of work."""

    def __init__(
        self, driver: neo4j.AsyncDriver, database: str, contention_retry_s: float = 15.0
    ) -> None:
        self.driver = driver
        self.database = database
        self.contention_retry_s = contention_retry_s

    @asynccontextmanager
    async def session(self, **config: Any) -> AsyncIterator[neo4j.AsyncSession]:
        """A session on the graph's database, counted while it is open."""
        with NEO4J_SESSIONS.track_inprogress():
            async with self.driver.session(database=self.database, **config) as session:
                yield session

    async def read(self, work: Work[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `work` in a read transaction (retried on transient failures)."""
        return await self._unit_of_work(False, work, *args, **kwargs)

    async def read_one(
        self, work: Callable[Concatenate[Tx, P], Awaitable[T]], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run `work`, which runs one query, as that query's own auto-commit read: one round
        trip, where BEGIN ... COMMIT takes two. Retried, as `read` is, when the driver says the
        failure is transient (a stale pooled connection after Neo4j restarts, say)."""
        return await self._one_query(neo4j.READ_ACCESS, work, *args, **kwargs)

    async def write_one(
        self, work: Callable[Concatenate[Tx, P], Awaitable[T]], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run `work`, which runs one query, as that query's own auto-commit write (one round
        trip), retried likewise: for a write that is whole in one query and fails whole."""
        return await self._one_query(neo4j.WRITE_ACCESS, work, *args, **kwargs)

    async def _one_query(
        self, access: str, work: Callable[Concatenate[Tx, P], Awaitable[T]],
        *args: P.args, **kwargs: P.kwargs,
    ) -> T:
        attempt = 1
        with self._span("read" if access == neo4j.READ_ACCESS else "write"):
            while True:
                try:
                    async with self.session(default_access_mode=access) as session:
                        return await work(OneQuery(session), *args, **kwargs)
                except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as error:
                    if attempt == ONE_QUERY_ATTEMPTS or not error.is_retryable():
                        raise (translate(error) or error) from error
                await asyncio.sleep(0.05 * attempt)
                attempt += 1

    async def write(self, work: Work[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `work` in a write transaction (retried on transient failures)."""
        return await self._unit_of_work(True, work, *args, **kwargs)

    async def _unit_of_work(
        self, writes: bool, work: Work[P, T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        deadline = time.monotonic() + self.contention_retry_s
        with self._span("write" if writes else "read"):
            while True:
                try:
                    async with self.session() as session:
                        execute = session.execute_write if writes else session.execute_read
                        with pipelined_begin(session):
                            return await execute(work, *args, **kwargs)
                except neo.TransientError as error:
                    if contended(error) and time.monotonic() < deadline:
                        continue  # the driver has backed off already
                    raise (translate(error) or error) from error
                except Exception as error:
                    raise (translate(error) or error) from error

    def _span(self, access: str) -> AbstractContextManager[object]:
        """A unit of work's span (its queries' spans within it, a retry's too)."""
        return span(f"neo4j {access}", SpanKind.CLIENT,
                    {"db.system.name": "neo4j", "db.namespace": self.database})

    async def run_schema(self, statement: str) -> None:
        """Run one schema statement (index, constraint) in its own auto-commit transaction."""
        try:
            async with self.session() as session:
                result = await session.run(statement)
                await result.consume()
        except Exception as error:
            raise (translate(error) or error) from error

    async def plan(self, queries: Iterable[Query], *, again: bool = False) -> int:
        """Have Neo4j plan each query (EXPLAIN runs nothing) so that the first request to use
        it after Neo4j starts does not wait for its plan, which takes seconds for the largest;
        with `again`, plan it anew even if its cached plan is current (the new plan replaces it
        in Neo4j's cache); how many were planned."""
        prefix = "CYPHER replan=force EXPLAIN " if again else "EXPLAIN "
        planned = 0
        for query in queries:
            try:
                async with self.session() as session:
                    await (await session.run(prefix + query.text)).consume()
            except Exception as error:
                raise (translate(error) or error) from error
            planned += 1
        return planned

    async def verify(self) -> None:
        """Raise Unavailable unless Neo4j answers with the configured credentials."""
        try:
            await self.driver.verify_connectivity()
        except Exception as error:
            raise (translate(error) or error) from error

    async def is_ready(self) -> bool:
        try:
            await self.verify()
        except Exception:
            return False
        return True


@contextmanager
def pipelined_begin(session: neo4j.AsyncSession) -> Iterator[None]:
    """Send each transaction's BEGIN with its first query instead of waiting for BEGIN's answer:
    one round trip fewer per transaction. It is how the driver's own `execute_query` runs, but
    the driver offers it to transaction functions only through this private switch (pinned
    driver; a rename fails every test at once rather than silently)."""
    with session._pipelined_begin:
        yield


def contended(error: neo.TransientError) -> bool:
    """A transient error of a Neo4j that answers (not one that is stopping or starting)."""
    return not isinstance(error, neo.DatabaseUnavailable)


def make_driver(settings: Settings) -> neo4j.AsyncDriver:
    return AsyncGraphDatabase.driver(
        settings.bolt_uri,
        auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
        connection_timeout=settings.neo4j_connect_timeout_s,
        connection_acquisition_timeout=settings.neo4j_connect_timeout_s * 2,
        max_transaction_retry_time=settings.neo4j_unreachable_retry_s,
        max_connection_pool_size=settings.neo4j_pool_size,
        notifications_min_severity="OFF",  # planner hints are for developers, not the log
    )


@asynccontextmanager
async def open_graph(settings: Settings) -> AsyncIterator[Graph]:
    """The one driver of a process (API, worker or CLI command), closed on exit."""
    driver = make_driver(settings)
    NEO4J_POOL_SIZE.set(settings.neo4j_pool_size)
    try:
        yield Graph(driver, settings.neo4j_database, settings.neo4j_max_retry_time_s)
    finally:
        await driver.close()


async def execute(
    tx: AsyncManagedTransaction, query: Query, **params: Any
) -> neo4j.SummaryCounters:
    """Run one named write query whose records are not needed; return what it changed."""
    query.check_params(params)
    with _ran(query):
        result = await tx.run(query.text, params)
        summary = await result.consume()
    return summary.counters
