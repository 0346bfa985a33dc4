"""Latency of need-to-know reads through the whole service, next to the same Cypher sent straight
through the driver (the floor), measured side by side in one run.

    .venv/bin/python -m bench.latency --offenders 100000 --seed 1
    .venv/bin/python -m bench.latency --quick        # 5,000 offenders

Uses its own local Neo4j (.mappa/bench, Bolt port 7697), seeded once per population (a marker in
.mappa/bench records which), and the real app under uvicorn in a child process on a free loopback
port. The caller is a probation offender manager of the seeded graph. The sides of a workload
(the service, the floor) run in alternating blocks after a warm-up, so the noise of a shared
machine falls on all of them alike. Writes bench/results/latency.json and latency.md (a quick run:
latency-quick.json and .md, which git ignores).

A workload is a few `Side`s, each a `Call` and the ids it is asked about: see `workloads()`.
"""

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx
import neo4j
import uvicorn

from app import local_neo4j
from app.audit.trail import AuditLog
from app.auth.tokens import issue_dev_token
from app.domain.audit import AuditEntry
from app.domain.enums import AgencyKind, AuditAction, Purpose, Role
from app.graph import migrations
from app.graph.driver import Graph, make_driver, open_graph
from app.main import create_app
from app.policy.principal import Principal
from app.policy.redaction import sees_handling_c
from app.repositories import load_all_queries
from app.repositories.network import FIND_NETWORK
from app.repositories.offenders import FIND_OFFENDER, access_params
from app.repositories.principal import FIND_PRINCIPAL
from app.repositories.seed import count_nodes_by_label
from app.settings import PROJECT_ROOT, Settings
from seed.load import load_population, reset_graph
from tests.api.test_offender_reads import OFFENDER_FIELDS_QUERY

RESULTS = PROJECT_ROOT / "bench" / "results"
STATE_DIR = PROJECT_ROOT / ".mappa" / "bench"
MARKER = STATE_DIR / "population.json"
QUICK_OFFENDERS = 5_000
NETWORK_LIMIT = 200  # the resolver's default, passed explicitly so that the floor asks the same

# The profile fields the API tests ask for: everything `offender` can show.
OFFENDER = f"query One($id: ID!) {{ offender(id: $id) {{ {OFFENDER_FIELDS_QUERY} }} }}"
NETWORK = f"""query Net($id: ID!) {{ network(personId: $id, depth: 2, limit: {NETWORK_LIMIT}) {{
  nodes {{ id kind label }} edges {{ source target type }} truncated }} }}"""

# The bench's own look-ups (not the service's): who asks, and about whom.
CALLER = """
MATCH (officer:CaseOfficer {role: 'OFFENDER_MANAGER'})-[:WORKS_FOR]->(a:Agency {kind: 'PROBATION'})
WITH officer, a ORDER BY a.id, officer.id LIMIT 1
RETURN officer.id AS user, a.id AS agency,
       COLLECT { MATCH (a)-[i:INVOLVED_IN]->(o:Offender) WHERE i.until IS NULL OR i.until > date()
                 RETURN o.id ORDER BY o.id } AS visible,
       COLLECT { MATCH (o:Offender) WHERE o.area <> a.area
                   AND NOT EXISTS { (a)-[:INVOLVED_IN]->(o) }
                   AND NOT EXISTS { (officer)-[:MANAGES]->(o) }
                 RETURN o.id ORDER BY o.id } AS hidden
"""

Call = Callable[[str], Awaitable[None]]


def missing_ids(count: int) -> list[str]:
    """Offender ids shaped like the seed's (OFF-000001) that no population of a million has."""
    return [f"OFF-{9_000_000 + i:07d}" for i in range(count)]


def bench_settings() -> Settings:
    return Settings(state_dir=STATE_DIR, local_neo4j_port=7697,
                    local_neo4j_cache_dir=PROJECT_ROOT / ".mappa", neo4j_uri=None)


@dataclass(frozen=True)
class Caller:
    user: str
    agency: str
    visible: list[str]  # offenders the caller may see
    hidden: list[str]  # offenders of other areas, which it may not

    @property
    def principal(self) -> Principal:
        return Principal(user_id=self.user, agency_id=self.agency, agency_name="",
                         agency_kind=AgencyKind.PROBATION, roles=(Role.OFFENDER_MANAGER,),
                         purpose=Purpose.RISK_MANAGEMENT)


async def prepare(settings: Settings, offenders: int, seed: int, sample: int) -> Caller:
    """The graph seeded with the population (unless it already is), and the caller."""
    local_neo4j.start(settings, echo=print)
    load_all_queries(settings.queries_dir)
    async with open_graph(settings) as graph:
        await migrations.migrate(graph, settings.schema_dir)
        wanted = {"offenders": offenders, "seed": seed}
        marker = json.loads(MARKER.read_text()) if MARKER.exists() else {}
        counts = await graph.read(count_nodes_by_label)
        if {k: marker.get(k) for k in wanted} != wanted or marker.get("byLabel") != counts:
            print(f"seeding {offenders:,} offenders with seed {seed} (once)...", flush=True)
            MARKER.unlink(missing_ok=True)
            await reset_graph(graph)
            loaded = await load_population(graph, offenders, seed, date.today())
            print(f"seeded in {loaded.seconds:.0f} s", flush=True)
            MARKER.write_text(json.dumps({**wanted, "asOf": date.today().isoformat(),
                                          "byLabel": dict(loaded.by_label)}, indent=2))
        return await pick_caller(graph, seed, sample)


async def pick_caller(graph: Graph, seed: int, sample: int) -> Caller:
    async def work(tx: neo4j.AsyncManagedTransaction) -> dict[str, Any]:
        record = await (await tx.run(CALLER)).single()
        assert record is not None, "no probation offender manager in the graph"
        return record.data()

    found = await graph.read(work)
    rng = random.Random(seed)
    return Caller(found["user"], found["agency"],
                  rng.sample(found["visible"], min(sample, len(found["visible"]))),
                  rng.sample(found["hidden"], min(sample, len(found["hidden"]))))


def serve(port: int) -> None:
    """The child process: the app as `mappa serve` runs it, without the access log."""
    uvicorn.run(create_app(bench_settings()), host="127.0.0.1", port=port,
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
    """Sides measured together; the figures are the first side's ratios to each other side."""

    name: str
    sides: tuple[Side, ...]


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
              settings: Settings, caller: Caller) -> list[Workload]:
    """The service against the floor, and a hidden case against a missing id."""
    principal = caller.principal
    # The parameters the repositories pass (app/repositories/offenders.py, network.py).
    access = {**access_params(principal), "police": sees_handling_c(principal)}

    def service(query: str) -> Call:
        async def call(key: str) -> None:
            response = await client.post("/graphql", json={"query": query,
                                                           "variables": {"id": key}})
            response.raise_for_status()
            assert "errors" not in response.json(), response.text

        return call

    async def read(text: str, params: dict[str, Any]) -> None:
        await driver.execute_query(text, params, database_=settings.neo4j_database,
                                   routing_=neo4j.RoutingControl.READ)

    def floor(text: str, key: str, **params: Any) -> Call:
        async def call(value: str) -> None:
            await read(text, {**params, key: value})

        return call

    def every_round_trip(root: str, query: Call) -> Call:
        """What the service sends Neo4j for one request: who the token names, the query, and
        the audit event made durable (a write transaction on the hash chain)."""
        async def call(value: str) -> None:
            await read(FIND_PRINCIPAL.text, {"agencyId": caller.agency, "userId": caller.user})
            await query(value)
            await audit.record(AuditEntry(
                id=str(uuid.uuid4()), at=datetime.now(UTC), user_id=caller.user,
                agency_id=caller.agency, roles=tuple(principal.roles),
                purpose=principal.purpose.value, justification=None,
                action=AuditAction.CONSULTATION, operation=f"bench floor: query {root}",
                subject_ids=(value,), field_classes=tuple(sorted(principal.field_classes)),
                outcome="OK"))

        return call

    offender_floor = floor(FIND_OFFENDER.text, "id", **access)
    network_floor = floor(FIND_NETWORK.text, "personId", depth=2, limit=NETWORK_LIMIT, **access)
    visible, hidden = caller.visible, caller.hidden
    missing = missing_ids(len(hidden))
    return [
        Workload("W1 offender(id)", (
            Side("service", service(OFFENDER), visible),
            Side("floor", offender_floor, visible),
            Side("all Cypher", every_round_trip("offender", offender_floor), visible))),
        Workload("W3 network(depth: 2)", (
            Side("service", service(NETWORK), visible),
            Side("floor", network_floor, visible),
            Side("all Cypher", every_round_trip("network", network_floor), visible))),
        Workload("offender(id) hidden vs missing", (
            Side("hidden", service(OFFENDER), hidden),
            Side("missing", service(OFFENDER), missing))),
    ]


async def check_answers(client: httpx.AsyncClient, caller: Caller) -> bool:
    """Visible cases answer; a hidden case answers exactly as a missing id does."""
    async def answer(query: str, key: str) -> dict[str, Any]:
        response = await client.post("/graphql", json={"query": query, "variables": {"id": key}})
        return dict(response.json())

    for key in caller.visible[:20]:
        shown = await answer(OFFENDER, key)
        assert shown["data"]["offender"]["id"] == key, shown
        assert (await answer(NETWORK, key))["data"]["network"]["nodes"], key
    answers = [await answer(OFFENDER, key) for key in (*caller.hidden[:20], *missing_ids(1))]
    return all(a == answers[-1] for a in answers)


@contextmanager
def running_service() -> Iterator[str]:
    """The app under uvicorn in a child process on a free loopback port; yields its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    with (STATE_DIR / "service.log").open("ab") as log:
        server = subprocess.Popen([sys.executable, "-m", "bench.latency", "--serve", str(port)],
                                  cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=30)


async def measure(settings: Settings, caller: Caller, base_url: str, requests: int,
                  concurrencies: list[int]) -> dict[str, Any]:
    """One run of every workload at every concurrency, against a freshly started service."""
    token = issue_dev_token(settings, caller.user, caller.agency, [Role.OFFENDER_MANAGER])
    headers = {"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"}
    async with (
        httpx.AsyncClient(base_url=base_url, headers=headers, timeout=60) as client,
        make_driver(settings) as driver,
    ):
        audit = AuditLog(Graph(driver, settings.neo4j_database))
        await wait_ready(client)
        results: dict[str, Any] = {"hiddenAnswersAsMissing": await check_answers(client, caller)}
        for workload in workloads(client, driver, audit, settings, caller):
            for concurrency in concurrencies:
                figures = await side_by_side(workload, requests, concurrency,
                                             block_size=max(50, 10 * concurrency),
                                             warm_up=30)
                results[f"{workload.name} @{concurrency}"] = {
                    label: asdict(f) for label, f in figures.items()}
                print(f"  {workload.name} @{concurrency}: "
                      + "; ".join(f"{label} p50 {f.median_ms:.1f} p99 {f.p99_ms:.1f} ms"
                                  for label, f in figures.items()), flush=True)
        await audit.close()
        return results


def summarise(runs: list[dict[str, Any]]) -> dict[str, dict[str, Figures]]:
    """Each figure as the median over runs."""
    return {key: {label: Figures.median_of([Figures(**run[key][label]) for run in runs])
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


def goals(summary: dict[str, dict[str, Figures]]) -> list[str]:
    """Issue 3's goals for `offender`, judged at each concurrency measured."""
    lines = []
    for key, sides in summary.items():
        if key.startswith("W1 "):
            service, floor = sides["service"], sides["floor"]
            ratio = service.median_ms / floor.median_ms
            lines.append(
                f"- {key}: p99 {service.p99_ms:.0f} ms "
                f"({'met' if service.p99_ms < 75 else 'missed'}: under 75 ms); "
                f"{ratio:.1f}x the floor at the median "
                f"({'met' if ratio <= 2 else 'missed'}: at most 2x).")
    return lines


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


def report(summary: dict[str, dict[str, Figures]], meta: dict[str, Any]) -> str:
    lines = [
        f"# Latency: the service against the floor ({meta['offenders']:,} offenders)", "",
        f"{meta['date']}; {meta['cores']} cores ({meta['cpu']}), {meta['memoryGiB']} GiB; "
        f"Python {meta['python']}, Neo4j {meta['neo4jServer']} (driver {meta['neo4j']}, "
        f"rust extension {meta['neo4j-rust-ext']}), strawberry {meta['strawberry-graphql']}, "
        f"FastAPI {meta['fastapi']}, uvicorn {meta['uvicorn']}. Seed {meta['seed']} "
        f"(as of {meta['asOf']}). Caller {meta['caller']}, a probation offender manager. "
        f"{meta['requests']} requests per side, workload and concurrency, in alternating "
        f"blocks after a warm-up; each figure is the median over {meta['runs']} run(s), "
        f"each against a freshly started service. Load average {meta['loadBefore']} before, "
        f"{meta['loadAfter']} after. The machine is shared and noisy (Neo4j, the service and "
        "this client share its cores): read the ratios, measured side by side.", "",
    ]
    by_sides: dict[tuple[str, ...], list[str]] = {}
    for key, sides in summary.items():
        by_sides.setdefault(tuple(sides), []).append(key)
    for keys in by_sides.values():
        lines += table(summary, keys)
    lines += [
        "- *service*: a GraphQL request over HTTP to the app under uvicorn (access log off): "
        "the token verified and its agency and officer looked up, the query, the audit event "
        "made durable, the response.",
        "- *floor*: the same named query (queries/offender/find_offender.cypher, "
        "queries/network/find_network.cypher) with the parameters the repositories pass, sent "
        "straight through the driver (`execute_query`, a read transaction) from this process.",
        "- *all Cypher*: every round trip the service makes for the request, through the "
        "driver: the token's principal (queries/principal/find_principal.cypher), the query, "
        "and the audit event appended to the hash chain (the app's AuditLog, a write "
        "transaction). Its distance from *service* is what the Python layer costs.",
        "- *hidden vs missing*: the service answering `offender(id)` for a case of another "
        "area that the caller may not see, and for an id that does not exist: the answers were "
        + ("identical in every run." if meta["hiddenAnswersAsMissing"] else "NOT identical."),
        "", "Goals of issue 3:", "", *goals(summary),
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
    parser.add_argument("--sample", type=int, default=200, help="offender ids asked about")
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    offenders = QUICK_OFFENDERS if args.quick else args.offenders
    requests = args.requests or (100 if args.quick else 400)
    runs = args.runs or (1 if args.quick else 3)
    settings = bench_settings()
    caller = asyncio.run(prepare(settings, offenders, args.seed, args.sample))
    print(f"caller {caller.user} of {caller.agency}: {len(caller.visible)} visible and "
          f"{len(caller.hidden)} hidden offenders in the sample", flush=True)
    load_before = os.getloadavg()
    results = []
    for run in range(runs):
        print(f"run {run + 1} of {runs}", flush=True)
        with running_service() as base_url:
            results.append(asyncio.run(
                measure(settings, caller, base_url, requests, args.concurrency)))
    marker = json.loads(MARKER.read_text())
    meta = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "offenders": offenders,
        "seed": args.seed, "asOf": marker["asOf"], **machine(),
        "neo4jServer": settings.local_neo4j_version, "caller": caller.user,
        "requests": requests, "concurrency": args.concurrency, "runs": runs,
        "loadBefore": " ".join(f"{x:.1f}" for x in load_before),
        "loadAfter": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "hiddenAnswersAsMissing": all(r["hiddenAnswersAsMissing"] for r in results),
    }
    summary = summarise(results)
    # A quick run never overwrites the full run's report (committed); git ignores its own.
    name = "latency-quick" if args.quick else "latency"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps({
        "meta": meta, "results": {key: {label: asdict(f) for label, f in sides.items()}
                                  for key, sides in summary.items()},
        "runs": results}, indent=2) + "\n")
    text = report(summary, meta)
    (RESULTS / f"{name}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
