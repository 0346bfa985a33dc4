"""Fixtures: a real Neo4j for every integration and api test, never a mock.

Which Neo4j: NEO4J_URI if set (with MAPPA_NEO4J_PASSWORD); else a testcontainers Neo4j when a
Docker engine answers; else the local server that `mappa neo4j start` manages, in its own folder
and port (MAPPA_TEST_NEO4J_PORT, default 7688) so the tests never touch the demo graph.
"""

import fcntl
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager, suppress

import pytest

from app.audit.signing import DEV_KEY_FILE, signer
from app.platform.neo4j import migrations
from app.platform.neo4j.driver import Graph, open_graph
from app.queries import load_all_queries
from app.settings import NEO4J_VERSION, PROJECT_ROOT, Settings
from dev import local_neo4j
from tests.tlog import TlogCheck

NEO4J_IMAGE = f"neo4j:{NEO4J_VERSION}-community"
# Each test starts an app on a graph emptied before it: planning every query at each start would
# only slow the suite (tests/integration/test_units_of_work.py plans them all once).
os.environ.setdefault("MAPPA_PLAN_QUERIES_AT_START", "false")


def _docker_neo4j(password: str) -> Iterator[str] | None:
    with suppress(Exception):
        from testcontainers.community.neo4j import Neo4jContainer  # noqa: PLC0415

        container = Neo4jContainer(NEO4J_IMAGE, password=password)
        container.start()

        def uri() -> Iterator[str]:
            try:
                yield container.get_connection_url()
            finally:
                container.stop()

        return uri()
    return None


def local_test_settings() -> Settings:
    """The test server: its own folder and port, the development server's jar cache."""
    development = Settings()
    return Settings(
        state_dir=PROJECT_ROOT / ".mappa" / "test",
        local_neo4j_cache_dir=development.local_neo4j_cache_dir or development.state_dir,
        local_neo4j_port=int(os.environ.get("MAPPA_TEST_NEO4J_PORT", "7688")),
    )


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings pointing at the Neo4j the tests use (started here if need be)."""
    folder = tmp_path_factory.mktemp("audit-checkpoints")
    if uri := os.environ.get("NEO4J_URI"):
        yield one_audit_log(Settings(neo4j_uri=uri, audit_checkpoint_dir=folder))
        return
    base = Settings()
    docker = _docker_neo4j(base.neo4j_password.get_secret_value())
    if docker is not None:
        yield one_audit_log(Settings(neo4j_uri=next(docker), audit_checkpoint_dir=folder))
        with suppress(StopIteration):
            next(docker)
        return
    local = local_test_settings().model_copy(update={"audit_checkpoint_dir": folder})
    with one_session_at_a_time(local):
        started = local_neo4j.start(local, echo=lambda _: None)
        try:
            yield one_audit_log(local)
        finally:
            if started:
                local_neo4j.stop(local, echo=lambda _: None)


def one_audit_log(settings: Settings) -> Settings:
    """The audit log of the tests' Neo4j as every process a test starts (`mappa serve`, the CLI)
    sees it too: its checkpoints in a folder of the session's own (emptied with the graph before
    each test), never the development one, and signed with the one key."""
    signing_key = settings.dev_key_dir / DEV_KEY_FILE
    signer(settings)  # made on first use
    os.environ["MAPPA_AUDIT_CHECKPOINT_DIR"] = str(settings.checkpoint_dir)
    os.environ["MAPPA_AUDIT_SIGNING_KEY_FILE"] = str(signing_key)
    # Settings made from these for a Neo4j of a test's own (another state_dir) keep the key too.
    return settings.model_copy(update={"audit_signing_key_file": signing_key})


@contextmanager
def one_session_at_a_time(settings: Settings) -> Iterator[None]:
    """Test sessions empty the graph; a second session on the same server waits its turn."""
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    with (settings.state_dir / ".test-session.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="session")
async def session_graph(settings: Settings) -> AsyncIterator[Graph]:
    load_all_queries(settings.queries_dir)
    async with open_graph(settings) as graph:
        await graph.verify()
        await migrations.migrate(graph, settings.schema_dir)
        yield graph


@pytest.fixture
async def graph(session_graph: Graph, settings: Settings) -> Graph:
    """A migrated graph, emptied of everything but migrations before each test (its audit log
    too, and so the checkpoints of that log kept outside Neo4j)."""
    from seed.load import reset_graph  # noqa: PLC0415

    await reset_graph(session_graph)
    for held in settings.checkpoint_dir.glob("*"):
        held.unlink()
    return session_graph


@pytest.fixture(scope="session")
async def production_settings(settings: Settings) -> Settings:
    """Production mode on the test Neo4j. Production refuses the development password, so it
    signs in as a user of its own (Community has users, though not roles); the JWKS URL and
    issuer are placeholders that tests needing a real identity provider replace."""
    from cryptography.fernet import Fernet  # noqa: PLC0415
    from neo4j import AsyncGraphDatabase  # noqa: PLC0415
    from pydantic import SecretStr  # noqa: PLC0415

    from app.audit.checkpoint import generate_key  # noqa: PLC0415
    from app.settings import Environment  # noqa: PLC0415

    password = "production-test-" + secrets.token_urlsafe(16)
    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    async with AsyncGraphDatabase.driver(settings.bolt_uri, auth=auth) as driver:
        await driver.execute_query(
            "CREATE OR REPLACE USER mappa_production SET PASSWORD $password CHANGE NOT REQUIRED",
            password=password, database_="system")
    return settings.model_copy(update={
        "environment": Environment.PRODUCTION,
        "neo4j_user": "mappa_production", "neo4j_password": SecretStr(password),
        "jwt_issuer": "https://idp.example.police.uk",
        "oidc_jwks_url": "http://127.0.0.1:9/never-fetched-by-this-test",
        "webhook_secret_key": SecretStr(Fernet.generate_key().decode()),
        "audit_signing_key": SecretStr(generate_key("production.test/audit")[0]),
    })


@pytest.fixture(scope="session")
def tlog_check(tmp_path_factory: pytest.TempPathFactory) -> TlogCheck:
    """The Go verifier of clients/tlog-check, built once per session (fails without Go)."""
    return TlogCheck.build(tmp_path_factory.mktemp("tlog-check"))
