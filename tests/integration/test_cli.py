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

from app.alerts.queue import enqueue_offenders
from app.platform.neo4j.driver import Graph
from app.settings import PROJECT_ROOT, Settings
from seed.load import load_demo
from tests.graph import cypher, logged

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


# What the driver, pydantic, uvicorn or Python say in their own words: never shown to the user.
LIBRARY_WORDS = ("Traceback", "Errno", "Couldn't connect", "ResolvedIPv4Address", "Neo.",
                 "AuthError", "ValidationError", "pydantic", "Node(", "already exists with label")


def assert_in_our_words(output: str) -> None:
    assert not [words for words in LIBRARY_WORDS if words in output], output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_migrate_with_neo4j_down_fails_with_a_clear_message() -> None:
    port = free_port()
    result = mappa("migrate", env={"MAPPA_NEO4J_URI": f"bolt://127.0.0.1:{port}"})
    assert result.returncode == 1
    assert f"Neo4j is not answering at bolt://127.0.0.1:{port}: check MAPPA_NEO4J_URI" in (
        result.stderr)
    assert_in_our_words(result.stderr)
    local = mappa("audit", "verify", env={"MAPPA_NEO4J_URI": "",
                                          "MAPPA_LOCAL_NEO4J_PORT": str(port)})
    assert local.returncode == 1
    assert "start the local server with `mappa neo4j start`" in local.stderr
    assert_in_our_words(local.stderr)


def test_a_refused_user_or_password_names_the_settings_to_check(settings: Settings) -> None:
    # Another user than the tests': Neo4j locks a user out for a while after failed attempts.
    result = mappa("migrate", env={"MAPPA_NEO4J_URI": settings.bolt_uri, "MAPPA_NEO4J_USER":
                                   "nobody", "MAPPA_NEO4J_PASSWORD": "wrong-one"})
    assert result.returncode == 1
    assert f"Neo4j at {settings.bolt_uri} refused user 'nobody'" in result.stderr
    assert "check MAPPA_NEO4J_USER and MAPPA_NEO4J_PASSWORD" in result.stderr
    assert_in_our_words(result.stderr)


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("MAPPA_API_PORT", "eight thousand", "MAPPA_API_PORT must be a whole number"),
    ("MAPPA_RUN_WORKER", "maybe", "MAPPA_RUN_WORKER must be true or false"),
    ("MAPPA_ENVIRONMENT", "prod", "MAPPA_ENVIRONMENT must be one of 'development', 'test' or "
                                  "'production'"),
    ("MAPPA_NEO4J_URI", "http://127.0.0.1:7474", "MAPPA_NEO4J_URI must be a Bolt URI"),
    ("MAPPA_JWT_ALGORITHMS", "RS256", "MAPPA_JWT_ALGORITHMS must be written as JSON"),
])
def test_a_bad_setting_is_named_with_what_it_must_be(
    variable: str, value: str, message: str
) -> None:
    result = mappa("migrate", env={variable: value})
    assert result.returncode == 1
    assert message in result.stderr
    assert_in_our_words(result.stderr)


def test_serve_on_a_port_in_use_says_so_before_starting() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = mappa("serve", "--port", str(port))
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use by another program" in result.stderr
    assert "--port or MAPPA_API_PORT" in result.stderr
    assert "Application startup" not in result.stdout + result.stderr
    assert_in_our_words(result.stderr)


async def test_seed_demo_on_a_graph_that_has_it_says_so_and_does_nothing(
    settings: Settings, graph: Graph
) -> None:
    await load_demo(graph, date.today())
    before = await cypher(graph, "MATCH (n) RETURN count(n) AS nodes")
    result = mappa("seed", "--demo", env={"MAPPA_NEO4J_URI": settings.bolt_uri})
    assert result.returncode == 0, result.stderr
    assert "demo scenario already loaded (`mappa seed --demo --reset` reloads it)" in (
        result.stdout)
    assert_in_our_words(result.stdout + result.stderr)
    assert await cypher(graph, "MATCH (n) RETURN count(n) AS nodes") == before


async def test_seeding_over_records_already_there_says_reset_reloads(
    settings: Settings, graph: Graph
) -> None:
    env = {"MAPPA_NEO4J_URI": settings.bolt_uri}
    first = mappa("seed", "--offenders", "3", "--seed", "5", env=env)
    assert first.returncode == 0, first.stderr
    again = mappa("seed", "--offenders", "3", "--seed", "5", env=env)
    assert again.returncode == 1
    assert "the graph already holds records this load would create" in again.stderr
    assert "`--reset` empties the graph" in again.stderr
    assert_in_our_words(again.stderr)
    reset = mappa("seed", "--offenders", "3", "--seed", "5", "--reset", env=env)
    assert reset.returncode == 0, reset.stderr


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
    # Operators' writes are audited too (the refused ones wrote nothing), and the log holds
    # them once a sequencer (here the test's: the CLI runs none) has taken them in.
    await logged(graph, settings)
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
