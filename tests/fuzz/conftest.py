"""The fuzz suite's fixtures: the app under uvicorn on a loopback port (driven over real HTTP),
and the World each test drives, with the demo scenario and its alerts loaded; the audit chain
must verify after each test. What was tried is printed at the end of the run."""

from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest

from app.access.tokens import issue_dev_token
from app.main import create_app
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.demo import PERSONAS
from tests.api.live import serving
from tests.fuzz.checks import secret_pattern
from tests.fuzz.oracle import all_secrets
from tests.fuzz.world import EXAMPLES, TALLY, World
from tests.graph import verified


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TALLY.inputs or TALLY.http_requests:
        outcomes = ", ".join(f"{code} {n}" for code, n in TALLY.outcomes.most_common())
        terminalreporter.write_line(
            f"fuzz: {len(TALLY.operations)} operations fuzzed with {TALLY.inputs} inputs as "
            f"{len(TALLY.personas)} personas ({EXAMPLES} examples per operation; outcomes: "
            f"{outcomes}); HTTP layer: {TALLY.http_requests} requests")


@pytest.fixture(scope="module")
async def fuzz_server(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, Settings]]:
    """The app on a loopback port. Its alert worker is off, so that nothing but the request
    under test changes the graph while it is counted."""
    quiet = settings.model_copy(update={"run_worker": False})
    async with serving(create_app(quiet)) as port, httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", timeout=120
    ) as client:
        yield client, quiet


@pytest.fixture
async def world(
    fuzz_server: tuple[httpx.AsyncClient, Settings], session_graph: Graph
) -> AsyncIterator[World]:
    client, settings = fuzz_server
    headers = {
        p.officer_id: {"Authorization": "Bearer " + issue_dev_token(
            settings, p.officer_id, p.agency_id, [p.role])}
        for p in PERSONAS
    }
    secrets = {officer: secret_pattern(values)
               for officer, values in all_secrets(date.today()).items()}
    world = World(client, session_graph, settings, headers, secrets)
    await world.reload()
    yield world
    status = await verified(session_graph, settings)
    assert status.ok, f"the audit log no longer verifies after fuzzing: {status}"
