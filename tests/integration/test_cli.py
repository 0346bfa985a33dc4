"""The `mappa` command as a user runs it: usage errors and a clear failure when Neo4j is down."""

import asyncio
import os
import socket
import subprocess
import sys
from datetime import date
from typing import Any

import pytest
from neo4j import AsyncManagedTransaction

from app.graph.driver import Graph
from app.repositories.evaluation import enqueue_offenders
from app.settings import PROJECT_ROOT, Settings
from seed.load import load_demo
from tests.graph import cypher

MAPPA = [sys.executable, "-m", "app.cli"]



def mappa(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*MAPPA, *args], capture_output=True, text=True, cwd=PROJECT_ROOT,
        env={**os.environ, "COLUMNS": "200", **(env or {})}, timeout=120, check=False,
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [("-1", "greater than or equal to 1"), ("abc", "valid integer")],
)
def test_bad_offender_count_is_a_usage_error(value: str, message: str) -> None:
    result = mappa("seed", "--offenders", value, "--seed", "1")
    assert result.returncode == 2
    assert "--offenders" in result.stderr
    assert message in result.stderr


def test_seed_needs_demo_or_a_count() -> None:
    result = mappa("seed")
    assert result.returncode == 2
    assert "exactly one of --demo or --offenders" in result.stderr


def test_migrate_with_neo4j_down_fails_with_a_clear_message() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = mappa("migrate", env={"MAPPA_NEO4J_URI": f"bolt://127.0.0.1:{port}"})
    assert result.returncode == 1
    assert "Neo4j is unreachable" in result.stderr
    assert "Traceback" not in result.stderr


def test_migrate_against_the_test_graph_is_a_no_op(settings: Settings) -> None:
    env = {"MAPPA_NEO4J_URI": settings.bolt_uri}
    first = mappa("migrate", env=env)
    assert first.returncode == 0, first.stderr
    second = mappa("migrate", env=env)
    assert second.returncode == 0, second.stderr
    assert "nothing to apply" in second.stdout


def test_token_prints_a_jwt() -> None:
    result = mappa("token", "--user", "u1", "--agency", "AG-X", "--role", "AUDITOR")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().count(".") == 2


async def test_agency_create_bootstraps_the_first_admin_idempotently(
    settings: Settings, graph: Graph
) -> None:
    env = {"MAPPA_NEO4J_URI": settings.bolt_uri}
    args = ("agency", "create", "--id", "AG-NEW", "--name", "New Force", "--kind", "POLICE",
            "--area", "nw")
    first = mappa(*args, env=env)
    assert first.returncode == 0, first.stderr
    assert "AG-NEW (New Force, POLICE, NW) created" in first.stdout
    again = mappa(*args, env=env)
    assert again.returncode == 0, again.stderr
    assert "already exists, unchanged" in again.stdout

    clash = mappa("agency", "create", "--id", "AG-NEW", "--name", "Other", "--kind", "HOUSING",
                  "--area", "NW", env=env)
    assert clash.returncode == 1
    assert "'AG-NEW' already exists with a different name, kind" in clash.stderr

    bad = mappa("agency", "create", "--id", "AG-X", "--name", "X", "--kind", "NAVY",
                "--area", "NW", env=env)
    assert bad.returncode == 2
    assert "--kind" in bad.stderr
    assert "ELECTRONIC_MONITORING" in bad.stderr

    officer = ("officer", "create", "--id", "first.admin", "--name", "First Admin",
               "--agency", "AG-NEW", "--role", "ADMIN")
    made = mappa(*officer, env=env)
    assert made.returncode == 0, made.stderr
    assert "created" in made.stdout
    assert "unchanged" in mappa(*officer, env=env).stdout
    moved = mappa("officer", "create", "--id", "first.admin", "--name", "First Admin",
                  "--agency", "AG-NEW", "--role", "AUDITOR", env=env)
    assert moved.returncode == 1
    assert "'first.admin' already exists with a different role" in moved.stderr
    sheriff = mappa("officer", "create", "--id", "o3", "--name", "O", "--agency", "AG-NEW",
                    "--role", "SHERIFF", env=env)
    assert sheriff.returncode == 2
    assert "--role" in sheriff.stderr
    assert "PUBLIC_PROTECTION_OFFICER" in sheriff.stderr
    nowhere = mappa("officer", "create", "--id", "o2", "--name", "O", "--agency", "AG-NONE",
                    "--role", "OFFENDER_MANAGER", env=env)
    assert nowhere.returncode == 1
    assert "no agency 'AG-NONE'" in nowhere.stderr

    async def stored(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        result = await tx.run("""
            MATCH (a:Agency) OPTIONAL MATCH (o:CaseOfficer)-[:WORKS_FOR]->(a)
            RETURN a.id AS agency, a.name AS name, collect(o.id) AS officers""")
        return [r.data() async for r in result]

    assert await graph.read(stored) == [
        {"agency": "AG-NEW", "name": "New Force", "officers": ["first.admin"]}]
    # Operators' writes are audited too (the refused ones wrote nothing), and the chain holds.
    verify = mappa("audit", "verify", env=env)
    assert verify.returncode == 0, verify.stderr
    assert "intact: 4 events" in verify.stdout


async def test_a_killed_worker_loses_nothing_and_its_successor_raises_the_alert_once(
    settings: Settings, graph: Graph
) -> None:
    """A write is committed with no worker running; a `mappa worker` is killed (SIGKILL) while
    its claim is held; after a restart the alert is raised, once."""
    await load_demo(graph, date.today())
    await graph.write(enqueue_offenders, ["DEMO-OFF-13"])  # RISK_ESCALATION holds for him
    env = {**os.environ, "MAPPA_NEO4J_URI": settings.bolt_uri, "MAPPA_WORKER_LEASE_S": "1",
           "MAPPA_WORKER_POLL_S": "0.1"}

    async def alerts() -> list[dict[str, Any]]:
        return await cypher(graph, """
            MATCH (a:Alert {key: 'RISK_ESCALATION|DEMO-OFF-13|-'}) RETURN a.status AS status""")

    async def pending() -> list[dict[str, Any]]:
        return await cypher(graph, "MATCH (q:EvaluationRequest {pending: true}) RETURN q")

    async def worker() -> asyncio.subprocess.Process:
        return await asyncio.create_subprocess_exec(
            *MAPPA, "worker", cwd=PROJECT_ROOT, env=env, stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL)

    killed = await worker()
    await asyncio.sleep(1.0)
    killed.kill()  # SIGKILL: no chance to finish or clean up
    await killed.wait()
    successor = await worker()
    try:
        for _ in range(300):
            if await alerts() and not await pending():
                break
            await asyncio.sleep(0.1)
    finally:
        successor.terminate()
        await successor.wait()
    assert await alerts() == [{"status": "OPEN"}]
    assert await pending() == []
