"""Latency of need-to-know reads through the whole service, next to the same Cypher sent straight
through the driver (the floor), measured side by side in one run.

    .venv/bin/python -m bench.latency                # 100,000 offenders
    .venv/bin/python -m bench.latency --quick        # 5,000 offenders

Uses its own local Neo4j (.mappa/bench, Bolt port 7697), seeded once per population size, and a
real `mappa serve` on a free loopback port. The caller is a probation offender manager. Service
and floor requests alternate, so the noise of a shared machine falls on both alike. Writes
bench/results/latency.json and latency.md.
"""

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import neo4j

from app import local_neo4j
from app.auth.tokens import issue_dev_token
from app.domain.enums import AgencyKind, Purpose, Role
from app.graph import migrations
from app.graph.driver import Graph, open_graph
from app.policy.principal import Principal
from app.policy.redaction import sees_handling_c
from app.repositories import load_all_queries
from app.repositories.network import FIND_NETWORK
from app.repositories.offenders import FIND_OFFENDER, access_params
from app.settings import PROJECT_ROOT, Settings
from seed.load import load_population, reset_graph
from tests.api.test_offender_reads import OFFENDER_FIELDS_QUERY

RESULTS = PROJECT_ROOT / "bench" / "results"
PORT = 7697
OFFENDER = f"query One($id: ID!) {{ offender(id: $id) {{ {OFFENDER_FIELDS_QUERY} }} }}"
NETWORK = """query Net($id: ID!) { network(personId: $id, depth: 2) {
  nodes { id kind label } edges { source target type } truncated } }"""

CALLER = """
MATCH (officer:CaseOfficer {role: 'OFFENDER_MANAGER'})-[:WORKS_FOR]->(a:Agency {kind: 'PROBATION'})
WITH officer, a ORDER BY a.id, officer.id LIMIT 1
MATCH (a)-[:INVOLVED_IN]->(o:Offender)
WITH officer, a, o ORDER BY o.id
WITH officer, a, collect(o.id) AS visible
MATCH (hidden:Offender) WHERE NOT EXISTS { (a)-[:INVOLVED_IN]->(hidden) }
WITH officer, a, visible, hidden ORDER BY hidden.id LIMIT $sample
RETURN officer.id AS user, a.id AS agency, visible[..$sample] AS visible,
       collect(hidden.id) AS hidden
"""


def bench_settings() -> Settings:
    return Settings(state_dir=PROJECT_ROOT / ".mappa" / "bench", local_neo4j_port=PORT,
                    local_neo4j_cache_dir=PROJECT_ROOT / ".mappa", neo4j_uri=None)


async def count_offenders(graph: Graph) -> int:
    async def work(tx: neo4j.AsyncManagedTransaction) -> int:
        record = await (await tx.run("MATCH (o:Offender) RETURN count(o) AS n")).single()
        return int(record["n"]) if record else 0

    return await graph.read(work)


async def prepare(settings: Settings, offenders: int, seed: int) -> dict[str, Any]:
    """The graph seeded with `offenders` (once), and the caller with its sample of ids."""
    local_neo4j.start(settings, echo=print)
    load_all_queries(settings.queries_dir)
    async with open_graph(settings) as graph:
        await migrations.migrate(graph, settings.schema_dir)
        if await count_offenders(graph) != offenders:
            print(f"seeding {offenders:,} offenders (once)...", flush=True)
            await reset_graph(graph)
            report = await load_population(graph, offenders, seed, date.today())
            print(f"seeded in {report.seconds:.0f} s", flush=True)

        async def caller(tx: neo4j.AsyncManagedTransaction) -> dict[str, Any]:
            record = await (await tx.run(CALLER, sample=100)).single()
            assert record is not None, "no probation offender manager in the graph"
            return record.data()

        return await graph.read(caller)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_service(settings: Settings, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "MAPPA_STATE_DIR": str(settings.state_dir),
           "MAPPA_LOCAL_NEO4J_PORT": str(PORT), "MAPPA_API_PORT": str(port)}
    env.pop("MAPPA_NEO4J_URI", None)
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def wait_ready(client: httpx.AsyncClient) -> None:
    for _ in range(300):
        try:
            if (await client.get("/readyz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError("the service did not become ready")


@dataclass
class Figures:
    median_ms: float
    p99_ms: float
    per_second: float

    @classmethod
    def of(cls, seconds: list[float]) -> "Figures":
        ms = sorted(s * 1000 for s in seconds)
        p99 = statistics.quantiles(ms, n=100, method="inclusive")[98]
        return cls(statistics.median(ms), p99, len(ms) / sum(seconds))


Call = Callable[[str], Awaitable[None]]


async def timed(call: Call, key: str, into: list[float]) -> None:
    started = time.perf_counter()
    await call(key)
    into.append(time.perf_counter() - started)


async def side_by_side(
    first: Call, second: Call, first_keys: list[str], second_keys: list[str], iterations: int,
) -> tuple[Figures, Figures]:
    """Warm both up, then alternate them, each going first half of the time."""
    for i in range(20):
        await first(first_keys[i % len(first_keys)])
        await second(second_keys[i % len(second_keys)])
    times: tuple[list[float], list[float]] = ([], [])
    for i in range(iterations):
        turns = [(first, first_keys, times[0]), (second, second_keys, times[1])]
        for call, keys, into in turns if i % 2 == 0 else reversed(turns):
            await timed(call, keys[i % len(keys)], into)
    return Figures.of(times[0]), Figures.of(times[1])


async def measure(settings: Settings, who: dict[str, Any], iterations: int) -> dict[str, Any]:
    """One run of every workload against a freshly started service."""
    principal = Principal(user_id=who["user"], agency_id=who["agency"],
                          agency_name="", agency_kind=AgencyKind.PROBATION,
                          roles=(Role.OFFENDER_MANAGER,), purpose=Purpose.RISK_MANAGEMENT)
    token = issue_dev_token(settings, who["user"], who["agency"], [Role.OFFENDER_MANAGER])
    headers = {"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"}
    # The parameters the repositories pass (app/repositories/offenders.py, network.py).
    access = {**access_params(principal), "police": sees_handling_c(principal)}
    port = free_port()
    server = start_service(settings, port)
    try:
        async with (
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", headers=headers,
                              timeout=30) as client,
            neo4j.AsyncGraphDatabase.driver(
                settings.bolt_uri,
                auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
                notifications_min_severity="OFF") as driver,
        ):
            await wait_ready(client)

            def service(query: str) -> Call:
                async def call(key: str) -> None:
                    response = await client.post(
                        "/graphql", json={"query": query, "variables": {"id": key}})
                    body = response.json()
                    assert "errors" not in body, body

                return call

            def floor(text: str, key_param: str, **params: Any) -> Call:
                async def call(key: str) -> None:
                    await driver.execute_query(
                        text, {**params, key_param: key}, database_=settings.neo4j_database,
                        routing_=neo4j.RoutingControl.READ)

                return call

            visible, hidden = who["visible"], who["hidden"]
            missing = [f"OFF-NONE-{i}" for i in range(len(hidden))]
            return {
                "W1 offender(id)": await side_by_side(
                    service(OFFENDER), floor(FIND_OFFENDER.text, "id", **access),
                    visible, visible, iterations),
                "W3 network(depth: 2)": await side_by_side(
                    service(NETWORK),
                    floor(FIND_NETWORK.text, "personId", depth=2, limit=200, **access),
                    visible, visible, iterations),
                # The same request for a case the caller may not see and for no case at all.
                "offender(id): hidden vs missing": await side_by_side(
                    service(OFFENDER), service(OFFENDER), hidden, missing, iterations),
            }
    finally:
        server.terminate()
        server.wait(timeout=30)


def median_of(runs: list[tuple[Figures, Figures]]) -> tuple[Figures, Figures]:
    def med(figures: list[Figures]) -> Figures:
        return Figures(*(statistics.median(getattr(f, name) for f in figures)
                         for name in ("median_ms", "p99_ms", "per_second")))

    return med([a for a, _ in runs]), med([b for _, b in runs])


def report(results: dict[str, tuple[Figures, Figures]], meta: dict[str, Any]) -> str:
    lines = [
        f"# Latency: service against the floor ({meta['offenders']:,} offenders)", "",
        f"{meta['date']}; {meta['cores']} cores, {meta['memory_gib']} GiB; Python "
        f"{meta['python']}; Neo4j {meta['neo4j']}; caller {meta['caller']} (probation offender "
        f"manager); {meta['iterations']} requests per workload and side, alternating, after a "
        f"warm-up; medians of {meta['runs']} runs. The machine is shared and noisy: read the "
        "ratios, measured side by side.", "",
        "| workload | service p50 ms | service p99 ms | floor p50 ms | floor p99 ms | "
        "p50 ratio | p99 ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, (ours, base) in results.items():
        lines.append(
            f"| {name} | {ours.median_ms:.1f} | {ours.p99_ms:.1f} | {base.median_ms:.1f} | "
            f"{base.p99_ms:.1f} | {ours.median_ms / base.median_ms:.2f} | "
            f"{ours.p99_ms / base.p99_ms:.2f} |")
    lines += ["", "The floor is the same named query with the same parameters, sent straight "
              "through the driver. For *hidden vs missing* the two columns are the service "
              "answering `offender(id)` for a case the caller may not see, and for an id that "
              "does not exist (both answer `null`)."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offenders", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="5,000 offenders, fewer requests")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--iterations", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    offenders = 5_000 if args.quick else args.offenders
    iterations = 100 if args.quick else args.iterations
    settings = bench_settings()
    who = asyncio.run(prepare(settings, offenders, args.seed))
    runs = []
    for run in range(args.runs):
        print(f"run {run + 1} of {args.runs}...", flush=True)
        runs.append(asyncio.run(measure(settings, who, iterations)))
    results = {name: median_of([r[name] for r in runs]) for name in runs[0]}
    meta = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "offenders": offenders,
        "cores": os.cpu_count(), "python": platform.python_version(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
        "neo4j": settings.local_neo4j_version, "caller": who["user"], "runs": args.runs,
        "iterations": iterations,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    Path(RESULTS / "latency.json").write_text(json.dumps({
        "meta": meta,
        "results": {name: {"service": vars(ours), "floor": vars(base)}
                    for name, (ours, base) in results.items()},
    }, indent=2) + "\n")
    text = report(results, meta)
    Path(RESULTS / "latency.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
