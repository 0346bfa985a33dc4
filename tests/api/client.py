"""API tests go through HTTP: the real app, inside its lifespan, with a real Neo4j behind it."""

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from app.access.tokens import issue_dev_token
from app.api.trusted import MANIFEST
from app.main import create_app
from app.settings import Settings
from seed.demo import PERSONAS


@asynccontextmanager
async def http_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on a freshly created app, inside its lifespan."""
    app = create_app(settings)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


class DemoCaller:
    """One persona of the demo calling the API over `client`, with a development token."""

    def __init__(self, client: httpx.AsyncClient, settings: Settings, officer_id: str,
                 purpose: str = "RISK_MANAGEMENT") -> None:
        persona = next(p for p in PERSONAS if p.officer_id == officer_id)
        token = issue_dev_token(settings, persona.officer_id, persona.agency_id, [persona.role])
        self.client, self.agency_id = client, persona.agency_id
        self.headers = {"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": purpose}

    async def ask(self, query: str, **variables: Any) -> dict[str, Any]:
        """The whole answer: `data` and `errors` as sent."""
        response = await self.client.post("/graphql", headers=self.headers,
                                          json={"query": query, "variables": variables})
        return dict(response.json())


def extensions(error: dict[str, Any]) -> dict[str, Any]:
    """An error's extensions but its `requestId`, which every error carries, different for each
    request (tests/api/test_observability.py)."""
    found = dict(error["extensions"])
    assert found.pop("requestId"), error
    return found


def without_request_ids(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Errors as they would read but for their request ids."""
    return [{**error, "extensions": extensions(error)} for error in errors]


def registered(where: str) -> str:
    """The registered (trusted) document that comes from `where`, a source the manifest names
    ("web/common/documents.js ME"): what production runs (app/api/trusted.py)."""
    [text] = [entry["document"] for entry in json.loads(MANIFEST.read_text()).values()
              if where in entry["from"]]
    return str(text)
