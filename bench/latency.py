"""Latency of need-to-know reads through the whole service, next to the same Cypher sent straight
through the driver (the floor) and the same reads asked of the peer (@neo4j/graphql over the same
Neo4j, bench/peer.py), measured side by side in one run.

    .venv/bin/python -m bench.latency --offenders 100000 --seed 1
    .venv/bin/python -m bench.latency --quick        # 5,000 offenders
    .venv/bin/python -m bench.latency --quick --no-peer

Uses its own local Neo4j (.mappa/bench, Bolt port 7697), seeded once per population (a marker in
.mappa/bench records which), and the real app under uvicorn in a child process on a free loopback
port; the peer likewise under Node. The caller is a probation offender manager of the seeded graph.
The sides of a workload (the service, the floor, the peer) run in alternating blocks after a
warm-up, so the noise of a shared machine falls on all of them alike. Writes
bench/results/latency.json and latency.md (a quick run: latency-quick.json and .md, which git
ignores).

A workload is a few `Side`s, each a `Call` and the keys it is asked about (ids, filters, pairs,
texts): see `workloads()`. `measure_reads()` is what `mappa bench` (bench/run.py) calls.
"""

import argparse
import asyncio
import gc
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager, redirect_stdout
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import graphql
import httpx
import neo4j
import uvicorn

from app.access.principal import Principal
from app.access.redaction import sees_handling_c
from app.access.tokens import issue_dev_token
from app.audit.models import AuditEntry
from app.audit.trail import AuditLog
from app.cases.graphql import selected_paths
from app.cases.repository import (
    FIND_OFFENDER,
    LIST_OFFENDERS,
    SEARCH_PEOPLE,
    access_params,
    lucene_query,
)
from app.core.enums import AgencyKind, AuditAction, Purpose, Role
from app.main import create_app
from app.network.repository import FIND_NETWORK, FIND_SHORTEST_PATH
from app.platform.neo4j import migrations
from app.platform.neo4j.driver import Graph, make_driver, open_graph
from app.platform.neo4j.registry import Query
from app.queries import load_all_queries
from app.settings import PROJECT_ROOT, Settings
from bench.answers import Answer, Comparison, compare_answers
from bench.peer import (
    CASELOAD_PAGE,
    PEER_CASELOAD,
    PEER_DIR,
    PEER_NETWORK,
    PEER_OFFENDER,
    PEER_SEARCH,
    PEER_SEARCH_AMONG,
    SEARCH_FIRST,
    ensure_installed,
    peer_variables,
    running_peer,
)
from dev import local_neo4j
from seed.repository import count_nodes_by_label
from tests.api.operations import CASELOAD, OFFENDER_FIELDS_QUERY, PATH, SEARCH
from tests.graph import cypher

RESULTS = PROJECT_ROOT / "bench" / "results"
# Its own Neo4j: a folder and a Bolt port that other work on the machine can move aside.
STATE_DIR = Path(os.environ.get("MAPPA_BENCH_DIR", PROJECT_ROOT / ".mappa" / "bench"))
BENCH_PORT = int(os.environ.get("MAPPA_BENCH_PORT", "7697"))
MARKER = STATE_DIR / "population.json"
# Where the Neo4j it runs is assembled (once): the checkout's own, unless another's is named.
NEO4J_CACHE_DIR = Path(os.environ.get("MAPPA_LOCAL_NEO4J_CACHE_DIR", PROJECT_ROOT / ".mappa"))
QUICK_OFFENDERS = 5_000
# The resolvers' defaults, passed explicitly so that the floor asks the same.
NETWORK_LIMIT = 200
PATH_DEPTH = 4

# The profile fields the API tests ask for: everything `offender` can show.
OFFENDER = f"query One($id: ID!) {{ offender(id: $id) {{ {OFFENDER_FIELDS_QUERY} }} }}"
NETWORK = f"""query Net($id: ID!) {{ network(personId: $id, depth: 2, limit: {NETWORK_LIMIT}) {{
  nodes {{ id kind label }} edges {{ source target type }} truncated }} }}"""

# The bench's own look-ups (not the service's): who asks, and about whom.
CALLER = """
MATCH (officer:CaseOfficer {role: 'OFFENDER_MANAGER'})-[:WORKS_FOR]->(a:Agency {kind: 'PROBATION'})
WITH officer, a ORDER BY a.id, officer.id LIMIT 1
RETURN officer.id AS user, a.id AS agency, a.area AS area,
       COLLECT { MATCH (a)-[i:INVOLVED_IN]->(o:Offender) WHERE i.until IS NULL OR i.until > date()
                 RETURN o {.id, .name, .level, .area} ORDER BY o.id } AS cases,
       COLLECT { MATCH (o:Offender) WHERE o.area <> a.area
                   AND NOT EXISTS { (a)-[:INVOLVED_IN]->(o) }
                 RETURN o.id ORDER BY o.id } AS hidden
"""
# Pairs of the agency's cases that `shortestPath` joins for its officer: a chain of at most
# PATH_DEPTH links through its other cases (associations not handling code C) and the places
# they live at now (each case's record of a home meets the others' at its Place), all of which
# the caller may see and cross.
PAIRS = """
MATCH (a:Agency {id: $agency})-[i:INVOLVED_IN]->(start:Offender)
WHERE i.until IS NULL OR i.until > date()
MATCH ANY SHORTEST (start)((m)-[r:ASSOCIATES_WITH|RESIDENT_OF]-(n)
    WHERE CASE type(r) WHEN 'ASSOCIATES_WITH' THEN r.handling <> 'C'
            ELSE EXISTS { (m)-[h:RESIDES_AT]->(:Address)-[:AT]->(n) WHERE h.kind <> 'PROPOSED'
                            AND coalesce(h.from, date()) <= date()
                            AND coalesce(h.to > date(), true) }
              OR EXISTS { (n)-[h:RESIDES_AT]->(:Address)-[:AT]->(m) WHERE h.kind <> 'PROPOSED'
                            AND coalesce(h.from, date()) <= date()
                            AND coalesce(h.to > date(), true) }
          END
      AND CASE WHEN n:Place THEN true
            ELSE n:Offender AND EXISTS { (a)-[j:INVOLVED_IN]->(n)
                                         WHERE j.until IS NULL OR j.until > date() } END
  ){1,4}(goal:Offender)
WHERE start.id < goal.id
RETURN start.id + '|' + goal.id AS pair ORDER BY pair
"""

Call = Callable[[str], Awaitable[Any]]  # one request about a key; its answer
# A side's connections wait idle while the other sides' blocks run. uvicorn closes an idle one
# after 5 s, httpx's default for reusing one too, so a request could go out on a connection
# being closed (a ReadError mid-run); drop idle connections well before the server does.
CLIENT: dict[str, Any] = {"timeout": 60, "limits": httpx.Limits(keepalive_expiry=2)}


# The transparency log (issue 23): a tree, checkpoints of it, events pending until the sequencer
# (in the service's alert worker) takes them in. Before it, a hash chain under one head.
LOG_EXISTS = ("RETURN EXISTS { MATCH (:AuditTree) } OR EXISTS { MATCH (:AuditCheckpoint) } "
              "AS log")
PENDING_EVENTS = "MATCH (e:AuditPending) RETURN count(e) AS n"
SETTLE_S = 30.0  # how long the pending events are given to be integrated


async def count(graph: Graph, query: str, **params: Any) -> int:
    return int((await cypher(graph, query, **params))[0]["n"])


async def settle_audit(graph: Graph) -> int | None:
    """Wait (SETTLE_S at most) until the sequencer has integrated every pending audit event;
    how many are left. None on a graph without the transparency log."""
    if not (await cypher(graph, LOG_EXISTS))[0]["log"]:
        return None
    deadline = time.perf_counter() + SETTLE_S
    while (left := await count(graph, PENDING_EVENTS)) and time.perf_counter() < deadline:  # noqa: ASYNC110 - in Neo4j: polled
        await asyncio.sleep(0.05)
    return left


# A graph that the transparency log's migration has taken over has no chain head: the code
# before it would start a new chain at 1, on sequences the tree already holds. For that code the
# head is set back where the numbered events end, and taken away again after, so that each side
# finds the graph its own code expects (the tree's sequencer adopts the events chained meanwhile,
# as it adopts the chain it migrates).
RESEAT_CHAIN_HEAD = """
MATCH (t:AuditTree)
OPTIONAL MATCH (e:AuditEvent) WHERE e.sequence IS NOT NULL
WITH e ORDER BY e.sequence DESC LIMIT 1
MERGE (h:AuditHead {id: 'audit'})
SET h.sequence = coalesce(e.sequence, 0), h.hash = coalesce(e.hash, '')
"""
REMOVE_CHAIN_HEAD = "MATCH (:AuditTree) MATCH (h:AuditHead) DELETE h"


def keeps_hash_chain(checkout: Path) -> bool:
    """Whether `checkout`'s audit trail is the hash chain under one head (before issue 23)."""
    return (checkout / "queries" / "audit" / "append_events.cypher").exists()


@asynccontextmanager
async def audit_trail_of(graph: Graph, checkout: Path) -> AsyncIterator[None]:
    """The graph as `checkout`'s audit trail expects it, while its services run."""
    chained = keeps_hash_chain(checkout)
    if chained:
        await settle_audit(graph)
        await cypher(graph, RESEAT_CHAIN_HEAD)
    try:
        yield
    finally:
        if chained:
            await cypher(graph, REMOVE_CHAIN_HEAD)


def missing_ids(count: int) -> list[str]:
    """Offender ids shaped like the seed's (OFF-000001) that no population of a million has."""
    return [f"OFF-{9_000_000 + i:07d}" for i in range(count)]


def bench_settings() -> Settings:
    return Settings(state_dir=STATE_DIR, local_neo4j_port=BENCH_PORT,
                    local_neo4j_cache_dir=NEO4J_CACHE_DIR, neo4j_uri=None)


@dataclass(frozen=True)
class Caller:
    user: str
    agency: str
    visible: list[str]  # offenders the caller may see
    hidden: list[str]  # offenders of other areas, which it may not
    caseload_filters: list[str]  # 'area|level' (either may be empty), each filling a page
    pairs: list[str]  # 'a|b', two visible offenders that a visible chain joins
    surnames: list[str]  # of visible offenders

    @property
    def principal(self) -> Principal:
        return Principal(user_id=self.user, agency_id=self.agency, agency_name="",
                         agency_kind=AgencyKind.PROBATION, roles=(Role.OFFENDER_MANAGER,),
                         purpose=Purpose.RISK_MANAGEMENT)


async def prepare(settings: Settings, offenders: int, seed: int, sample: int,
                  reseed: bool = False) -> Caller:
    """The graph seeded with the population (unless it already is, or `reseed`), and the
    caller. The bench's server is its own, so its database is replaced by a bulk import (the
    path `mappa seed` takes into an empty local graph). The marker keeps how long the seed load
    took (W9) and where its time went."""
    local_neo4j.start(settings, echo=print)
    load_all_queries(settings.queries_dir)
    wanted = {"offenders": offenders, "seed": seed}
    async with open_graph(settings) as graph:
        await migrations.migrate(graph, settings.schema_dir)
        marker = json.loads(MARKER.read_text()) if MARKER.exists() else {}
        counts = await graph.read(count_nodes_by_label)
    if (reseed or {k: marker.get(k) for k in wanted} != wanted
            or marker.get("byLabel") != counts):
        print(f"seeding {offenders:,} offenders with seed {seed} (once)...", flush=True)
        MARKER.unlink(missing_ok=True)
        # Imported here: a baseline checkout's `seed` (bench/with_checkout.py) may predate it.
        from seed.load import import_population  # noqa: PLC0415

        loaded = await import_population(settings, offenders, seed, date.today())
        print(f"seeded in {loaded.seconds:.0f} s", flush=True)
        load = {"seconds": loaded.seconds, "nodes": loaded.nodes,
                "relationships": loaded.relationships, "path": "neo4j-admin database import",
                "phases": dict(loaded.phases),
                "at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}
        MARKER.write_text(json.dumps({**wanted, "asOf": date.today().isoformat(),
                                      "load": load, "byLabel": dict(loaded.by_label)},
                                     indent=2))
    async with open_graph(settings) as graph:
        caller = await pick_caller(graph, seed, sample)
    # This process times the samples: what it holds so far is kept out of the collector's full
    # passes, which would otherwise stall it for about 100 ms now and then, mid-sample.
    gc.freeze()
    return caller


async def pick_caller(graph: Graph, seed: int, sample: int) -> Caller:
    async def work(tx: neo4j.AsyncManagedTransaction) -> dict[str, Any]:
        record = await (await tx.run(CALLER)).single()
        assert record is not None, "no probation offender manager in the graph"
        found = record.data()
        found["pairs"] = [r["pair"] async for r in await tx.run(PAIRS, agency=found["agency"])]
        return found

    found = await graph.read(work)
    cases, rng = found["cases"], random.Random(seed)

    def some(items: list[str]) -> list[str]:
        return rng.sample(items, min(sample, len(items)))

    return Caller(found["user"], found["agency"], some([c["id"] for c in cases]),
                  some(found["hidden"]), full_pages(cases, found["area"]), some(found["pairs"]),
                  some(sorted({c["name"].split()[-1] for c in cases})))


def full_pages(cases: list[dict[str, Any]], area: str) -> list[str]:
    """Caseload filters ('area|level') by the caller's area, a level or both, that fill a page."""
    def fills(a: str, level: str) -> bool:
        return sum(bool((not a or c["area"] == a) and (not level or c["level"] == level))
                   for c in cases) >= CASELOAD_PAGE

    levels = sorted({c["level"] for c in cases})
    return [f"{a}|{level}" for a in ("", area) for level in ("", *levels)
            if (a or level) and fills(a, level)]


def caseload_filter(key: str) -> dict[str, str]:
    """A W2 key, 'area|level', as the `OffenderFilter` it stands for."""
    area, level = key.split("|")
    return {name: value for name, value in (("area", area), ("level", level)) if value}


def serve(port: int) -> None:
    """The child process: the app as `mappa serve` runs it, without the access log."""
    # The workloads warm up on their own; planning in the background would overlap the first.
    settings = bench_settings().model_copy(update={"plan_queries_at_start": False})
    uvicorn.run(create_app(settings), host="127.0.0.1", port=port,
                log_level="warning", access_log=False)


async def wait_ready(client: httpx.AsyncClient) -> None:
    for _ in range(600):
        try:
            if (await client.get("/readyz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError("the service did not become ready")


@dataclass(frozen=True)
class Figures:
    median_ms: float
    p99_ms: float
    per_second: float

    @classmethod
    def of(cls, seconds: list[float], wall: float) -> "Figures":
        ms = [s * 1000 for s in seconds]
        p99 = statistics.quantiles(ms, n=100, method="inclusive")[98]
        return cls(statistics.median(ms), p99, len(ms) / wall)

    @classmethod
    def median_of(cls, runs: list["Figures"]) -> "Figures":
        return cls(*(statistics.median(getattr(f, name) for f in runs)
                     for name in ("median_ms", "p99_ms", "per_second")))


@dataclass(frozen=True)
class Side:
    label: str
    call: Call
    keys: list[str]


@dataclass(frozen=True)
class Workload:
    """Sides measured together; the figures are the first side's ratios to each other side.
    `both`, given a key, asks the service and the peer about it, for their answers to be
    compared (bench/answers.py)."""

    name: str
    sides: tuple[Side, ...]
    both: Callable[[str], Awaitable[tuple[Answer, Answer]]] | None = None


async def block(side: Side, start: int, count: int, concurrency: int) -> tuple[list[float], float]:
    """`count` requests, `concurrency` at a time; each latency, and the wall time of all."""
    latencies: list[float] = []
    indexes = iter(range(start, start + count))

    async def worker() -> None:
        for i in indexes:
            began = time.perf_counter()
            await side.call(side.keys[i % len(side.keys)])
            latencies.append(time.perf_counter() - began)

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, time.perf_counter() - began


async def side_by_side(
    workload: Workload, requests: int, concurrency: int, block_size: int, warm_up: int,
) -> dict[str, Figures]:
    """Warm every side up, then alternate them in blocks, each going first in turn."""
    sides = workload.sides
    for side in sides:
        await block(side, 0, warm_up, concurrency)
    latencies: dict[str, list[float]] = {side.label: [] for side in sides}
    walls = dict.fromkeys(latencies, 0.0)
    for n, start in enumerate(range(0, requests, block_size)):
        for side in sides[n % len(sides):] + sides[:n % len(sides)]:
            times, wall = await block(side, start, min(block_size, requests - start), concurrency)
            latencies[side.label] += times
            walls[side.label] += wall
    return {label: Figures.of(latencies[label], walls[label]) for label in latencies}


def workloads(client: httpx.AsyncClient, driver: neo4j.AsyncDriver, audit: AuditLog,
              settings: Settings, caller: Caller, *, peer: httpx.AsyncClient | None,
              baseline: httpx.AsyncClient | None = None) -> list[Workload]:
    """The service against the floor (and the peer and the baseline, if given), and a hidden
    case against a missing id. Every side of a workload is asked about the same keys."""
    principal = caller.principal
    # The parameters the repositories pass (app/cases/repository.py, network.py).
    access, police = access_params(principal), sees_handling_c(principal)

    def post(to: httpx.AsyncClient, document: str, variables: Callable[[str], dict[str, Any]],
             ) -> Call:
        async def call(key: str) -> Any:
            response = await to.post("/graphql", json={"query": document,
                                                       "variables": variables(key)})
            response.raise_for_status()
            body = response.json()
            assert "errors" not in body, response.text
            return body["data"]

        return call

    async def read(query: Query, params: dict[str, Any]) -> list[neo4j.Record]:
        """The query as the service sends it: one auto-commit read (Graph.read_one)."""
        query.check_params(params)  # exactly the parameters the repository passes
        async with driver.session(database=settings.neo4j_database,
                                  default_access_mode=neo4j.READ_ACCESS) as session:
            return [record async for record in await session.run(query.text, params)]

    def floor(query: Query, params: Callable[[str], dict[str, Any]]) -> Call:
        async def call(key: str) -> list[neo4j.Record]:
            return await read(query, params(key))

        return call

    def every_round_trip(name: str, query: Call) -> Call:
        """What the service sends Neo4j for one request: the query, and the audit event made
        durable (the app's AuditLog: one write query for the events of a batch). Who the token
        names is looked up once per officer_cache_s, not per request."""
        async def call(key: str) -> Any:
            answer = await query(key)
            await audit.record(AuditEntry.now(
                user_id=caller.user, agency_id=caller.agency, roles=principal.roles,
                purpose=principal.purpose.value, action=AuditAction.CONSULTATION,
                operation=f"bench floor: {name}", subject_ids=(key,),
                field_classes=sorted(principal.field_classes)))
            return answer

        return call

    def compared(name: str, keys: list[str],
                 asked: tuple[str, Callable[[str], dict[str, Any]]], floor: Call,
                 on_peer: tuple[str, Callable[[str], dict[str, Any]]] | None = None, *,
                 checked_on_peer: tuple[str, Callable[[str, Answer], dict[str, Any]]]
                 | None = None) -> Workload:
        """The service asked `asked` (a document and its variables), the floor, every round
        trip, the baseline service asked the same and (given its document and variables) the
        peer, all about the same keys. The answers compared are the service's and the peer's
        to `checked_on_peer` (a document and its variables, given the key and the service's
        answer), or to `on_peer` if not given."""
        service = post(client, *asked)
        sides = [Side("service", service, keys), Side("floor", floor, keys),
                 Side("all Cypher", every_round_trip(name, floor), keys)]
        if baseline is not None:
            sides.append(Side("baseline", post(baseline, *asked), keys))
        if peer is None or on_peer is None:
            return Workload(name, tuple(sides))
        sides.append(Side("peer", post(peer, *on_peer), keys))
        document, variables = checked_on_peer or (on_peer[0], lambda key, _: on_peer[1](key))

        async def both(key: str) -> tuple[Answer, Answer]:
            ours = await service(key)
            return ours, await post(peer, document, lambda k: variables(k, ours))(key)

        return Workload(name, tuple(sides), both)

    profile = selected(OFFENDER, "offender.")
    listed = selected(CASELOAD, "offenders.edges.node.")
    today = datetime.now(UTC).date()  # the links the service follows when no asAt is given

    def caseload_params(key: str) -> dict[str, Any]:
        wanted = caseload_filter(key)
        return {"after": None, "limit": CASELOAD_PAGE + 1, "level": wanted.get("level"),
                "category": None, "area": wanted.get("area"), "leadAgencyId": None,
                "text": None, "police": police, "fields": listed, **access}

    def caseload_peer(key: str) -> dict[str, Any]:
        wanted = caseload_filter(key)
        return peer_variables("W2", caller.agency, level=wanted.get("level"),
                              area=wanted.get("area"))

    def path_variables(key: str) -> dict[str, Any]:
        from_id, to_id = key.split("|")
        return {"from": from_id, "to": to_id, "maxDepth": PATH_DEPTH}

    def path_params(key: str) -> dict[str, Any]:
        from_id, to_id = key.split("|")
        return {"fromId": from_id, "toId": to_id, "maxDepth": PATH_DEPTH, "asAt": today,
                "police": police, **access}

    def by_id(key: str) -> dict[str, Any]:
        return {"id": key}

    visible, hidden = caller.visible, caller.hidden
    return [
        compared("W1 offender(id)", visible, (OFFENDER, by_id),
                 floor(FIND_OFFENDER, lambda key: {"id": key, "police": police,
                                                   "fields": profile, **access}),
                 (PEER_OFFENDER, lambda key: peer_variables("W1", key))),
        compared("W2 caseload page", caller.caseload_filters,
                 (CASELOAD, lambda key: {"filter": caseload_filter(key), "first": CASELOAD_PAGE}),
                 floor(LIST_OFFENDERS, caseload_params),
                 (PEER_CASELOAD, caseload_peer)),
        compared("W3 network(depth: 2)", visible, (NETWORK, by_id),
                 floor(FIND_NETWORK.walking(2), lambda key: {"personId": key, "depth": 2,
                                                  "limit": NETWORK_LIMIT, "asAt": today,
                                                  "police": police, **access}),
                 (PEER_NETWORK, lambda key: peer_variables("W3", key))),
        compared("W4 shortestPath", caller.pairs, (PATH, path_variables),
                 floor(FIND_SHORTEST_PATH.walking(PATH_DEPTH), path_params)),
        compared("W5 searchPeople", caller.surnames,
                 (SEARCH, lambda key: {"text": key, "first": SEARCH_FIRST}),
                 floor(SEARCH_PEOPLE, lambda key: {"terms": lucene_query(key), "text": key,
                                                   "first": SEARCH_FIRST, **access}),
                 (PEER_SEARCH, lambda key: peer_variables("W5", key)),
                 checked_on_peer=(PEER_SEARCH_AMONG, lambda key, ours: peer_variables(
                     "W5", key, among=[r["person"]["id"] for r in ours["searchPeople"]]))),
        Workload("offender(id) hidden vs missing", (
            Side("hidden", post(client, OFFENDER, by_id), hidden),
            Side("missing", post(client, OFFENDER, by_id),
                 missing_ids(len(hidden))))),
    ]


def selected(document: str, under: str) -> list[str]:
    """The field paths a document selects below `under`, as the resolver passes them to the
    offender queries."""
    parsed = graphql.parse(document)
    fragments = {d.name.value: d for d in parsed.definitions
                 if isinstance(d, graphql.FragmentDefinitionNode)}
    [operation] = [d for d in parsed.definitions
                   if isinstance(d, graphql.OperationDefinitionNode)]
    paths = selected_paths(operation.selection_set.selections, fragments)
    return sorted(p.removeprefix(under) for p in paths if p.startswith(under))


def names_someone(answer: Any) -> bool:
    """Whether an answer holds anyone: an id anywhere in GraphQL data, any record of Cypher."""
    if isinstance(answer, neo4j.Record):
        return True
    if isinstance(answer, dict):
        return answer.get("id") is not None or any(map(names_someone, answer.values()))
    return isinstance(answer, list) and any(map(names_someone, answer))


async def check_answers(client: httpx.AsyncClient, measured: list[Workload],
                        caller: Caller) -> bool:
    """Every side of every workload answers someone about its first keys (a broken workload fails
    here rather than measuring errors); a hidden case answers exactly as a missing id does. The
    baseline is not judged: the code before a change may answer otherwise (a graph model it
    predates), which is the change's business, not the bench's."""
    for workload in measured:
        if workload.sides[0].label != "service":
            continue
        for side in workload.sides:
            if side.label == "baseline":
                continue
            assert side.keys, f"{workload.name}: no keys to ask about"
            for key in side.keys[:3]:
                assert names_someone(await side.call(key)), (workload.name, side.label, key)

    async def answer(key: str) -> dict[str, Any]:
        response = await client.post("/graphql", json={"query": OFFENDER,
                                                       "variables": {"id": key}})
        return dict(response.json())

    answers = [await answer(key) for key in (*caller.hidden[:20], *missing_ids(1))]
    return all(a == answers[-1] for a in answers)


class AnswersDiffer(Exception):
    """The service and the peer answered a key differently in fields both return."""


COMPARED = "comparedWithPeer"  # a run's figures: what was compared, by workload
SHOWN_MAX = 10  # mismatches told in the message


async def compare_with_peer(measured: list[Workload], at_once: int = 4) -> dict[str, Any]:
    """Every key of every workload the peer answers too, asked of both (`at_once` keys at a
    time), their answers compared in the fields both return (bench/answers.py); what was
    compared, by workload. Raises AnswersDiffer, naming workload, key and field, on any
    mismatch, and if the fields withheld from the bench's caller outnumber the fields compared
    (a caller who sees too little to check the service by)."""
    gate = asyncio.Semaphore(at_once)
    began = time.perf_counter()
    found: dict[str, Comparison] = {}
    wrong: list[str] = []

    async def one(workload: Workload, key: str) -> Comparison:
        assert workload.both is not None
        async with gate:
            ours, theirs = await workload.both(key)
        compared = compare_answers(workload.name.split()[0], ours, theirs)
        wrong.extend(f"{workload.name}, key {key}, field {m}" for m in compared.mismatches)
        return compared

    for workload in measured:
        if workload.both is not None:
            total = found[workload.name] = Comparison()
            for compared in await asyncio.gather(*(one(workload, key)
                                                   for key in workload.sides[0].keys)):
                total.add(compared)
    if wrong:
        raise AnswersDiffer(
            f"the service and the peer answered differently in {len(wrong)} field(s) both "
            f"return: " + "; ".join(wrong[:SHOWN_MAX])
            + ("; ..." if len(wrong) > SHOWN_MAX else ""))
    fields = sum(c.fields for c in found.values())
    withheld = sum(c.withheld for c in found.values())
    if withheld > fields:
        raise AnswersDiffer(f"the bench's caller is shown too little to check the service by: "
                            f"{withheld} fields withheld, {fields} compared")
    print(f"  the peer's answers and the service's agree: {fields:,} fields of "
          f"{sum(c.answers for c in found.values()):,} answers compared in "
          f"{time.perf_counter() - began:.1f} s", flush=True)
    return {name: {"answers": c.answers, "fields": c.fields, "withheld": c.withheld}
            for name, c in found.items()}


@contextmanager
def running_service(
    checkout: Path = PROJECT_ROOT, settings: dict[str, str] | None = None
) -> Iterator[str]:
    """The app of `checkout` (this one unless given) under uvicorn in a child process on a free
    loopback port, with `settings` (MAPPA_* variables) if given; yields its base URL. Run from
    another checkout's folder, the child imports that checkout's `app`, ahead of this one's
    editable install."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    with (STATE_DIR / "service.log").open("ab") as log:
        # The bench's Neo4j and development key, whichever checkout serves.
        env = {**os.environ, "MAPPA_BENCH_DIR": str(STATE_DIR), "MAPPA_BENCH_PORT": str(BENCH_PORT),
               **(settings or {})}
        server = subprocess.Popen([sys.executable, "-m", "bench.latency", "--serve", str(port)],
                                  cwd=checkout, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=30)


async def measure(settings: Settings, caller: Caller, base_url: str, *, requests: int,
                  concurrencies: list[int], peer: httpx.AsyncClient | None,
                  baseline_url: str | None = None, compare: bool = False) -> dict[str, Any]:
    """One run of every workload at every concurrency, against a freshly started service (and
    baseline service); first, if `compare`, the service's answers and the peer's
    (compare_with_peer, under COMPARED)."""
    token = issue_dev_token(settings, caller.user, caller.agency, [Role.OFFENDER_MANAGER])
    headers = {"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"}
    async with AsyncExitStack() as stack:
        client = await stack.enter_async_context(
            httpx.AsyncClient(base_url=base_url, headers=headers, **CLIENT))
        driver = await stack.enter_async_context(make_driver(settings))
        baseline = None
        if baseline_url is not None:
            baseline = await stack.enter_async_context(
                httpx.AsyncClient(base_url=baseline_url, headers=headers, **CLIENT))
            await wait_ready(baseline)
        audit = AuditLog(Graph(driver, settings.neo4j_database))
        await wait_ready(client)
        measured = workloads(client, driver, audit, settings, caller, peer=peer,
                             baseline=baseline)
        results: dict[str, Any] = {
            "hiddenAnswersAsMissing": await check_answers(client, measured, caller)}
        if compare and peer is not None:
            results[COMPARED] = await compare_with_peer(measured)
        for workload in measured:
            for concurrency in concurrencies:
                figures = await side_by_side(workload, requests, concurrency,
                                             block_size=max(50, 10 * concurrency),
                                             warm_up=30)
                results[f"{workload.name} @{concurrency}"] = {
                    label: asdict(f) for label, f in figures.items()}
                print(f"  {workload.name} @{concurrency}: "
                      + "; ".join(f"{label} p50 {f.median_ms:.1f} p99 {f.p99_ms:.1f} ms"
                                  for label, f in figures.items()), flush=True)
        await settle_audit(Graph(driver, settings.neo4j_database))  # before the service stops
        await audit.close()
        return results


async def measure_reads(settings: Settings, caller: Caller, *, requests: int,
                        concurrencies: list[int], runs: int, peer: bool,
                        baseline: Path | None = None, apart: bool = False) -> dict[str, Any]:
    """Every workload at every concurrency, `runs` times, each against a freshly started service
    (and peer, and the service of the `baseline` checkout): `summary` holds each figure as the
    median over runs, `meta` what was measured and on what, `runs` each run's figures.

    The baseline is asked in the same alternating blocks, unless `apart` or unless the two
    checkouts keep different audit trails (a hash chain, a transparency log), which cannot
    share the graph at once: then each run measures one checkout's sides, then the other's
    (each first in every other run), the baseline's by its own `app` (`baseline_phase`), so
    that its floor and all Cypher (its AuditLog) are its own too."""
    if peer:
        ensure_installed()
    apart = baseline is not None and (apart or keeps_hash_chain(PROJECT_ROOT)
                                      != keeps_hash_chain(baseline))
    load_before = os.getloadavg()
    results = []
    for run in range(runs):
        print(f"run {run + 1} of {runs}", flush=True)
        if apart and baseline is not None:
            results.append(await measured_apart(settings, caller, baseline, first=run % 2,
                                                requests=requests,
                                                concurrencies=concurrencies))
            continue
        async with AsyncExitStack() as stack:
            base_url = stack.enter_context(running_service())
            baseline_url = (stack.enter_context(running_service(baseline))
                            if baseline is not None else None)
            peer_client = None
            if peer:
                peer_url = stack.enter_context(running_peer(
                    settings.bolt_uri, settings.neo4j_user,
                    settings.neo4j_password.get_secret_value(), settings.neo4j_database))
                peer_client = await stack.enter_async_context(
                    httpx.AsyncClient(base_url=peer_url, **CLIENT))
            results.append(await measure(settings, caller, base_url, requests=requests,
                                         concurrencies=concurrencies, peer=peer_client,
                                         baseline_url=baseline_url, compare=run == 0))
    # The answers are the same in every run: compared in the first.
    compared = next((r.pop(COMPARED) for r in results if COMPARED in r), None)
    marker = json.loads(MARKER.read_text())
    meta = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "offenders": marker["offenders"], "seed": marker["seed"], "asOf": marker["asOf"],
        **machine(), "neo4jServer": settings.local_neo4j_version, "caller": caller.user,
        "requests": requests, "concurrency": concurrencies, "runs": runs,
        "peer": peer_versions() if peer else None,
        "baseline": str(baseline) if baseline is not None else None, "apart": apart,
        "loadBefore": " ".join(f"{x:.1f}" for x in load_before),
        "loadAfter": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "hiddenAnswersAsMissing": all(r["hiddenAnswersAsMissing"] for r in results),
        COMPARED: compared,
    }
    return {"summary": summarise(results), "meta": meta, "runs": results}


async def measured_apart(settings: Settings, caller: Caller, baseline: Path, *, first: int,
                         requests: int, concurrencies: list[int]) -> dict[str, Any]:
    """One run: this checkout's sides, then the baseline's (or the other way round when
    `first`), each with the graph as its audit trail expects it; the baseline's sides
    relabelled ('baseline', 'baseline floor', 'baseline all Cypher')."""
    mine: dict[str, Any] = {}
    theirs: dict[str, Any] = {}
    for checkout in (PROJECT_ROOT, baseline)[::-1] if first else (PROJECT_ROOT, baseline):
        async with open_graph(settings) as graph, audit_trail_of(graph, checkout):
            if checkout == PROJECT_ROOT:
                with running_service() as base_url:
                    mine = await measure(settings, caller, base_url, requests=requests,
                                         concurrencies=concurrencies, peer=None)
            else:
                theirs = await baseline_phase(baseline, caller, requests, concurrencies)
    for key, sides in theirs.items():
        if isinstance(sides, dict) and key in mine:
            # The hidden case against the missing id is this checkout's business.
            mine[key].update({"baseline" if label == "service" else f"baseline {label}": f
                              for label, f in sides.items() if label not in ("hidden", "missing")})
    return mine


async def baseline_phase(checkout: Path, caller: Caller, requests: int,
                         concurrencies: list[int]) -> dict[str, Any]:
    """`measure()` of the service of `checkout`, run by this bench's code in a child process
    that imports `checkout`'s `app` (bench/with_checkout.py); its figures."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.with_checkout", str(checkout), "bench.latency", "--phase",
        cwd=PROJECT_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        env={**os.environ, "MAPPA_BENCH_DIR": str(STATE_DIR), "MAPPA_BENCH_PORT": str(BENCH_PORT)})
    asked = {"caller": asdict(caller), "requests": requests, "concurrencies": concurrencies}
    out, _ = await child.communicate(json.dumps(asked).encode())
    if child.returncode:
        raise RuntimeError(f"the baseline's phase failed (exit {child.returncode}); its "
                           "output is above")
    return dict(json.loads(out.decode().strip().splitlines()[-1]))


def phase() -> None:
    """The child of `baseline_phase`: one `measure()` of this process's `app`, asked on stdin,
    its progress on stderr and its figures on stdout's last line."""
    asked = json.loads(sys.stdin.read())
    settings = bench_settings()
    load_all_queries(settings.queries_dir)
    caller = Caller(**asked["caller"])
    gc.freeze()

    async def one() -> dict[str, Any]:
        with running_service() as base_url:
            return await measure(settings, caller, base_url, requests=asked["requests"],
                                 concurrencies=asked["concurrencies"], peer=None)

    with redirect_stdout(sys.stderr):
        found = asyncio.run(one())
    print(json.dumps(found))


def summarise(runs: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, float]]]:
    """Each figure as the median over runs."""
    return {key: {label: asdict(Figures.median_of([Figures(**run[key][label]) for run in runs]))
                  for label in sides}
            for key, sides in runs[0].items() if isinstance(sides, dict)}


def machine() -> dict[str, Any]:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    return {"cores": os.cpu_count(), "cpu": model,
            "memoryGiB": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
            "python": platform.python_version(),
            **{name: version(name) for name in
               ("neo4j", "neo4j-rust-ext", "strawberry-graphql", "fastapi", "uvicorn", "httpx")}}


def peer_versions() -> dict[str, str]:
    package = PEER_DIR / "node_modules" / "@neo4j" / "graphql" / "package.json"
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True)
    return {"neo4jGraphql": json.loads(package.read_text())["version"],
            "node": node.stdout.strip().removeprefix("v")}


def goals(summary: dict[str, dict[str, Figures]]) -> list[str]:
    """Issue 3's goals for `offender` and issue 5's for `network` and against the peer, judged
    at each concurrency measured."""
    lines = []
    for key, sides in summary.items():
        service = sides.get("service")
        if service is None:
            continue
        if key.startswith("W1 "):
            ratio = service.median_ms / sides["floor"].median_ms
            lines.append(
                f"- {key}: p99 {service.p99_ms:.0f} ms "
                f"({'met' if service.p99_ms < 75 else 'missed'}: under 75 ms); "
                f"{ratio:.1f}x the floor at the median "
                f"({'met' if ratio <= 2 else 'missed'}: at most 2x).")
        if key.startswith("W3 ") and key.endswith(" @10"):
            lines.append(f"- {key}: p50 {service.median_ms:.1f} ms "
                         f"({judged(service.median_ms, 25)}: under 25 ms).")
        if key[:3] in ("W1 ", "W2 ", "W3 ") and "peer" in sides:
            peer = sides["peer"].median_ms
            lines.append(f"- {key}: p50 {service.median_ms:.1f} ms, the peer's {peer:.1f} ms, "
                         f"{service.median_ms / peer:.2f}x ({judged(service.median_ms, peer)}: "
                         "no slower than the peer).")
    return lines


def judged(value: float, bound: float) -> str:
    """'met', or 'missed by' how many milliseconds."""
    return "met" if value <= bound else f"missed by {value - bound:.1f} ms"


def table(summary: dict[str, dict[str, Figures]], keys: list[str]) -> list[str]:
    """One row per workload: each side's p50, p99 and throughput, then the first side's
    ratios to the others."""
    labels = list(summary[keys[0]])
    first, others = labels[0], labels[1:]
    head = [f"{label} {what}" for label in labels for what in ("p50 ms", "p99 ms", "req/s")]
    head += [f"{first}/{other} {q}" for other in others for q in ("p50", "p99")]
    lines = ["| workload @concurrency | " + " | ".join(head) + " |",
             "|---|" + "---:|" * len(head)]
    for key in keys:
        sides = summary[key]
        cells = [f"{f.median_ms:.1f} | {f.p99_ms:.1f} | {f.per_second:.0f}"
                 for f in sides.values()]
        cells += [f"{sides[first].median_ms / sides[o].median_ms:.2f} | "
                  f"{sides[first].p99_ms / sides[o].p99_ms:.2f}" for o in others]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def time_split(sides: dict[str, dict[str, float]],
               side: str = "service") -> tuple[float, float, float, float] | None:
    """Where `side`'s median goes ('service', or 'baseline' measured apart): its p50, the query
    (its floor), the durable audit (its all Cypher less its floor) and the Python layer (the
    rest). None without an all Cypher side."""
    prefix = "" if side == "service" else f"{side} "
    if side not in sides or f"{prefix}all Cypher" not in sides:
        return None
    service, floor = sides[side]["median_ms"], sides[f"{prefix}floor"]["median_ms"]
    every = sides[f"{prefix}all Cypher"]["median_ms"]
    return service, floor, every - floor, service - every


def audit_rows(summary: dict[str, dict[str, dict[str, float]]]) -> list[str]:
    """The durable audit's share of each read's median, the service's beside the baseline's
    (when measured apart, with its own floor and AuditLog)."""
    lines = ["| workload | service p50 ms | floor | durable audit | share | baseline p50 ms "
             "| baseline floor | baseline durable audit | baseline share | share ratio |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for key, sides in summary.items():
        ours = time_split(sides)
        if ours is None:
            continue
        cells = [f"{ours[0]:.1f} | {ours[1]:.1f} | {ours[2]:.1f} | {ours[2] / ours[0]:.0%}"]
        theirs = time_split(sides, "baseline")
        cells.append("- | - | - | - | -" if theirs is None else
                     f"{theirs[0]:.1f} | {theirs[1]:.1f} | {theirs[2]:.1f} | "
                     f"{theirs[2] / theirs[0]:.0%} | "
                     f"{(ours[2] / ours[0]) / (theirs[2] / theirs[0]):.2f}")
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return [*lines, ""] if len(lines) > 2 else []


def report(summary: dict[str, dict[str, dict[str, float]]], meta: dict[str, Any]) -> str:
    """The markdown report of `measure_reads()`'s summary and meta."""
    figures = {key: {label: Figures(**f) for label, f in sides.items()}
               for key, sides in summary.items()}
    peer = meta["peer"]
    lines = [
        f"# Latency: the service against the floor ({meta['offenders']:,} offenders)", "",
        f"{meta['date']}; {meta['cores']} cores ({meta['cpu']}), {meta['memoryGiB']} GiB; "
        f"Python {meta['python']}, Neo4j {meta['neo4jServer']} (driver {meta['neo4j']}, "
        f"rust extension {meta['neo4j-rust-ext']}), strawberry {meta['strawberry-graphql']}, "
        f"FastAPI {meta['fastapi']}, uvicorn {meta['uvicorn']}"
        + (f"; the peer @neo4j/graphql {peer['neo4jGraphql']} on Node {peer['node']}" if peer
           else "")
        + f". Seed {meta['seed']} (as of {meta['asOf']}). Caller {meta['caller']}, a probation "
        f"offender manager. {meta['requests']} requests per side, workload and concurrency, in "
        f"alternating blocks after a warm-up; each figure is the median over {meta['runs']} "
        "run(s), each against a freshly started service. Load average "
        f"{meta['loadBefore']} before, {meta['loadAfter']} after. The machine is shared and "
        "noisy (Neo4j, the service and this client share its cores): read the ratios, measured "
        "side by side.", "",
    ]
    by_sides: dict[tuple[str, ...], list[str]] = {}
    for key, sides in figures.items():
        by_sides.setdefault(tuple(sides), []).append(key)
    for keys in by_sides.values():
        lines += table(figures, keys)
    lines += audit_rows(summary)
    lines += [
        "- *service*: a GraphQL request over HTTP to the app under uvicorn (access log off): "
        "the token verified and its agency and officer looked up, the query, the audit event "
        "made durable, the response. W2 asks for a page of 50 (`offenders(first: 50, filter: "
        "{area | level})`, filters that fill a page), W4 for pairs of cases a visible chain "
        "joins, W5 for surnames of visible offenders.",
        "- *floor*: the same named query (queries/offender/find_offender.cypher and "
        "list_offenders.cypher, queries/network/find_network.cypher and "
        "find_shortest_path.cypher, queries/person/search_people.cypher) with the parameters "
        "the repositories pass, sent straight through the driver (one auto-commit read, as "
        "the service sends it) from this process.",
        "- *all Cypher*: every round trip the service makes for the request, through the "
        "driver: the query, and the audit event added to the audit log (the app's "
        "AuditLog, one write query); the token's principal is looked up once per "
        "MAPPA_OFFICER_CACHE_S, not per request. Its distance from *service* is what the "
        "Python layer costs.",
        *([f"- *baseline*: the same request to the service of another checkout "
           f"({meta['baseline']}), started beside this one's and asked in the same alternating "
           "blocks: *service/baseline* is what the change between them costs."]
          if meta.get("baseline") and not meta.get("apart") else []),
        *([f"- *baseline*, *baseline floor*, *baseline all Cypher*: the same sides for another "
           f"checkout ({meta['baseline']}), measured by its own code (its service, its queries, "
           "its AuditLog) in a phase of each run of its own, before or after this one's in "
           "turn (as two checkouts whose audit trails cannot share the graph at once must be "
           "measured). *durable audit* is all Cypher less the floor, *share* its part of the "
           "service's median."]
          if meta.get("apart") else []),
        *(["- *peer*: @neo4j/graphql over the same Neo4j (bench/peer/), asked the nearest "
           "equivalent document about the same keys (bench/peer.py), with no need-to-know "
           "filtering, redaction or audit; it has no `shortestPath`."] if peer else []),
        "- *hidden vs missing*: the service answering `offender(id)` for a case of another "
        "area that the caller may not see, and for an id that does not exist: the answers were "
        + ("identical in every run." if meta["hiddenAnswersAsMissing"] else "NOT identical."),
        *(["- *the service's answers beside the peer's*, every key of the sample, in the "
           "fields both return (bench/answers.py): agreed; "
           + "; ".join(f"{name.split()[0]} {c['answers']:,} answers, {c['fields']:,} fields "
                       f"compared, {c['withheld']:,} withheld from the caller"
                       for name, c in meta[COMPARED].items()) + "."]
          if meta.get(COMPARED) else []),
        "", "Goals of issues 3 and 5:", "", *goals(figures),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offenders", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_OFFENDERS:,} offenders, "
                        "100 requests, one run (a smoke test, not figures to quote)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, help="per side, workload and concurrency "
                        "(default 400)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--runs", type=int, help="each against a fresh service (default 3)")
    parser.add_argument("--sample", type=int, default=200, help="keys asked about per workload")
    parser.add_argument("--peer", action=argparse.BooleanOptionalAction, default=True,
                        help="measure the peer (@neo4j/graphql, bench/peer/) too")
    parser.add_argument("--baseline", type=Path, metavar="CHECKOUT",
                        help="another checkout of this project (e.g. `git worktree add "
                        "/tmp/before <rev>`): its service is measured side by side with this "
                        "one's, as the side 'baseline'; the report goes to latency-baseline.*")
    parser.add_argument("--apart", action="store_true",
                        help="with --baseline: measure the baseline's sides in a phase of their "
                        "own, by its own app (always so when the two keep different audit "
                        "trails)")
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--phase", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    if args.phase:
        phase()
        return
    offenders = QUICK_OFFENDERS if args.quick else args.offenders
    requests = args.requests or (100 if args.quick else 400)
    runs = args.runs or (1 if args.quick else 3)
    settings = bench_settings()
    caller = asyncio.run(prepare(settings, offenders, args.seed, args.sample))
    print(f"caller {caller.user} of {caller.agency}: {len(caller.visible)} visible and "
          f"{len(caller.hidden)} hidden offenders, {len(caller.caseload_filters)} caseload "
          f"filters, {len(caller.pairs)} pairs and {len(caller.surnames)} surnames in the sample",
          flush=True)
    measured = asyncio.run(measure_reads(settings, caller, requests=requests,
                                         concurrencies=args.concurrency, runs=runs,
                                         peer=args.peer, baseline=args.baseline,
                                         apart=args.apart))
    # A quick run never overwrites the full run's report (committed); git ignores its own.
    name = "latency-quick" if args.quick else "latency"
    if args.baseline is not None:
        name += "-baseline"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps({
        "meta": measured["meta"], "results": measured["summary"], "runs": measured["runs"]},
        indent=2) + "\n")
    text = report(measured["summary"], measured["meta"])
    (RESULTS / f"{name}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
