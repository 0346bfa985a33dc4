"""Who may call at all: a bearer token verified for signature, algorithm, expiry, issuer and
audience, naming a known agency and, for officers, one of its officers; and a purpose of use.
Every refusal says what is wrong, returns no data, and is audited."""

import asyncio
import hashlib
import hmac
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from neo4j import AsyncManagedTransaction

from app.access.tokens import dev_private_key, issue_dev_token
from app.core.enums import Role
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.load import load_demo
from tests.api.client import extensions, http_client, registered

ME = "{ me { userId agency { id } roles } }"
# What production runs: registered documents only (app/api/trusted.py), such as the pages' sign-in.
SIGN_IN = registered("web/common/documents.js ME")
PPO = ("demo.police.ppo", "AG-DEMO-POLICE", ["PUBLIC_PROTECTION_OFFICER"])


def claims(settings: Settings, **changes: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    user, agency, roles = PPO
    base = {"sub": user, "agency": agency, "roles": roles, "iss": settings.jwt_issuer,
            "aud": settings.jwt_audience, "iat": now, "nbf": now,
            "exp": now + timedelta(minutes=5)}
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def signed(settings: Settings, **changes: Any) -> str:
    return jwt.encode(claims(settings, **changes), dev_private_key(settings), algorithm="ES256")


def unsigned(settings: Settings) -> str:
    """An `alg: none` token, which PyJWT will not verify but a careless server might accept."""
    return jwt.encode(claims(settings), key=None, algorithm="none")


def hs256_with_public_key(settings: Settings) -> str:
    """Key confusion: an HMAC token keyed with the (public) verification key's PEM."""
    public = dev_private_key(settings).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    header = {"alg": "HS256", "typ": "JWT"}
    segments = [jwt.utils.base64url_encode(json.dumps(part, default=str).encode())
                for part in (header, {k: (int(v.timestamp()) if isinstance(v, datetime) else v)
                                      for k, v in claims(settings).items()})]
    signing_input = b".".join(segments)
    signature = hmac.new(public, signing_input, hashlib.sha256).digest()
    return (signing_input + b"." + jwt.utils.base64url_encode(signature)).decode()


def other_key(settings: Settings) -> str:
    return jwt.encode(claims(settings), ec.generate_private_key(ec.SECP256R1()),
                      algorithm="ES256")


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, date.today())
    async with http_client(settings) as c:
        yield c


async def audited_refusals(graph: Graph) -> list[str]:
    async def work(tx: AsyncManagedTransaction) -> list[str]:
        result = await tx.run("MATCH (e:AuditEvent) WHERE e.outcome <> 'OK' "
                              "RETURN e.outcome AS outcome ORDER BY e.at, e.id")
        return [r["outcome"] async for r in result]

    return await graph.read(work)


def now_plus(**delta: float) -> datetime:
    return datetime.now(UTC) + timedelta(**delta)


TOKEN_CASES: dict[str, Any] = {
    "no Authorization header": None,
    "not a bearer scheme": lambda s: "Basic dXNlcjpwYXNz",
    "garbage": lambda s: "Bearer not.a.token",
    "alg none": lambda s: f"Bearer {unsigned(s)}",
    "HS256 keyed with the public key": lambda s: f"Bearer {hs256_with_public_key(s)}",
    "signed by another key": lambda s: f"Bearer {other_key(s)}",
    "wrong audience": lambda s: f"Bearer {signed(s, aud='someone-else')}",
    "wrong issuer": lambda s: f"Bearer {signed(s, iss='https://idp.invalid')}",
    "expired": lambda s: f"Bearer {signed(s, exp=now_plus(minutes=-1))}",
    "not yet valid": lambda s: f"Bearer {signed(s, nbf=now_plus(minutes=10))}",
    "no agency claim": lambda s: f"Bearer {signed(s, agency=None)}",
    "an unknown role": lambda s: f"Bearer {signed(s, roles=['SHERIFF'])}",
    "an unknown agency": lambda s: f"Bearer {signed(s, agency='AG-NOWHERE')}",
    "an officer who does not exist": lambda s: f"Bearer {signed(s, sub='nobody')}",
    "an officer of another agency": lambda s: f"Bearer {signed(s, agency='AG-DEMO-PROBATION')}",
}


@pytest.mark.parametrize("case", TOKEN_CASES, ids=list(TOKEN_CASES))
async def test_a_bad_token_is_refused_unauthenticated_and_audited(
    client: httpx.AsyncClient, settings: Settings, graph: Graph, case: str
) -> None:
    make = TOKEN_CASES[case]
    headers = {"X-Purpose-Of-Use": "RISK_MANAGEMENT"}
    if make is not None:
        headers["Authorization"] = make(settings)
    response = await client.post("/graphql", json={"query": ME}, headers=headers)
    body = response.json()
    assert "data" not in body
    [error] = body["errors"]
    assert extensions(error) == {"code": "UNAUTHENTICATED"}
    assert error["message"]
    assert await audited_refusals(graph) == ["UNAUTHENTICATED"]


async def test_the_refusal_says_which_officer_is_unknown(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    response = await client.post("/graphql", json={"query": ME}, headers={
        "Authorization": f"Bearer {signed(settings, agency='AG-DEMO-PROBATION')}",
        "X-Purpose-Of-Use": "RISK_MANAGEMENT"})
    assert response.json()["errors"][0]["message"] == (
        "the token's officer 'demo.police.ppo' is not an officer of agency 'AG-DEMO-PROBATION'")


async def set_officer_of_police(graph: Graph, officer_id: str, employed: bool) -> None:
    async def work(tx: AsyncManagedTransaction) -> None:
        if employed:
            await tx.run("MATCH (a:Agency {id: 'AG-DEMO-POLICE'}) "
                         "MERGE (:CaseOfficer {id: $id, name: 'New Officer', "
                         "role: 'PUBLIC_PROTECTION_OFFICER'})-[:WORKS_FOR]->(a)", id=officer_id)
        else:
            await tx.run("MATCH (:CaseOfficer {id: $id})-[w:WORKS_FOR]->() DELETE w",
                         id=officer_id)

    await graph.write(work)


async def answers_me(client: httpx.AsyncClient, settings: Settings, officer_id: str) -> bool:
    response = await client.post("/graphql", json={"query": ME}, headers={
        "Authorization": f"Bearer {signed(settings, sub=officer_id)}",
        "X-Purpose-Of-Use": "RISK_MANAGEMENT"})
    return "errors" not in response.json()


async def test_a_new_officer_is_known_at_once_and_a_removed_one_refused_after_the_cache(
    settings: Settings, graph: Graph
) -> None:
    """Officers are remembered for officer_cache_s; a token for one not (yet) known is looked up
    every time, so adding an officer never waits on the cache."""
    await load_demo(graph, date.today())
    async with http_client(settings.model_copy(update={"officer_cache_s": 0.5})) as client:
        assert not await answers_me(client, settings, "demo.police.new")
        await set_officer_of_police(graph, "demo.police.new", employed=True)
        assert await answers_me(client, settings, "demo.police.new")
        await set_officer_of_police(graph, "demo.police.new", employed=False)
        await asyncio.sleep(0.6)
        assert not await answers_me(client, settings, "demo.police.new")


async def test_with_no_officer_cache_a_removal_takes_effect_at_once(
    settings: Settings, graph: Graph
) -> None:
    await load_demo(graph, date.today())
    async with http_client(settings.model_copy(update={"officer_cache_s": 0})) as client:
        assert await answers_me(client, settings, "demo.police.ppo")
        await set_officer_of_police(graph, "demo.police.ppo", employed=False)
        assert not await answers_me(client, settings, "demo.police.ppo")


@pytest.mark.parametrize("purpose", [None, "", "CURIOSITY"])
async def test_no_purpose_or_an_unknown_one_is_refused(
    client: httpx.AsyncClient, settings: Settings, graph: Graph, purpose: str | None
) -> None:
    headers = {"Authorization": f"Bearer {signed(settings)}"}
    if purpose is not None:
        headers["X-Purpose-Of-Use"] = purpose
    body = (await client.post("/graphql", json={"query": ME}, headers=headers)).json()
    assert "data" not in body
    assert extensions(body["errors"][0]) == {"code": "PURPOSE_REQUIRED"}
    assert "RISK_MANAGEMENT" in body["errors"][0]["message"]
    assert await audited_refusals(graph) == ["PURPOSE_REQUIRED"]


@pytest.mark.parametrize(("user", "agency", "role"), [
    ("demo.police.ppo", "AG-DEMO-POLICE", Role.PUBLIC_PROTECTION_OFFICER),
    # Administrators, auditors and partner systems need only their agency to exist.
    ("first.admin", "AG-DEMO-PROBATION", Role.ADMIN),
    ("governance.bot", "AG-DEMO-POLICE", Role.AUDITOR),
    ("em-gateway-2", "AG-DEMO-EM", Role.PARTNER_SYSTEM),
])
async def test_good_tokens_are_accepted(
    client: httpx.AsyncClient, settings: Settings, user: str, agency: str, role: Role
) -> None:
    token = issue_dev_token(settings, user, agency, [role])
    body = (await client.post("/graphql", json={"query": ME}, headers={
        "Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "AUDIT"})).json()
    assert body == {"data": {"me": {"userId": user, "agency": {"id": agency},
                                    "roles": [role.value]}}}


async def test_a_token_that_verified_is_refused_from_its_expiry_on(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    """Tokens that verified are remembered (not checked for signature again), their expiry
    is not: the same token, sent again once it has expired, is refused."""
    expires = now_plus(seconds=2)
    headers = {"Authorization": f"Bearer {signed(settings, exp=expires)}",
               "X-Purpose-Of-Use": "RISK_MANAGEMENT"}
    assert "errors" not in (await client.post("/graphql", json={"query": ME},
                                              headers=headers)).json()
    await asyncio.sleep(max(0.0, int(expires.timestamp()) - time.time()) + 0.1)
    body = (await client.post("/graphql", json={"query": ME}, headers=headers)).json()
    assert "data" not in body
    assert extensions(body["errors"][0]) == {"code": "UNAUTHENTICATED"}
    assert "expired" in body["errors"][0]["message"]


class IdentityProvider:
    """A JWKS endpoint on a loopback port whose keys the test rotates."""

    def __init__(self) -> None:
        self.keys: dict[str, ec.EllipticCurvePrivateKey] = {}
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                jwks = {"keys": [
                    {**json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key())),
                     "kid": kid, "use": "sig", "alg": "ES256"}
                    for kid, key in provider.keys.items()]}
                body = json.dumps(jwks).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/jwks.json"

    def rotate(self, kid: str) -> None:
        self.keys = {kid: ec.generate_private_key(ec.SECP256R1())}

    def token(self, settings: Settings, kid: str, key: ec.EllipticCurvePrivateKey) -> str:
        return jwt.encode(claims(settings), key, algorithm="ES256", headers={"kid": kid})


@pytest.fixture
def idp() -> Iterator[IdentityProvider]:
    provider = IdentityProvider()
    thread = threading.Thread(target=provider.server.serve_forever, daemon=True)
    thread.start()
    yield provider
    provider.server.shutdown()


async def test_production_verifies_against_the_jwks_and_follows_a_key_rotation(
    settings: Settings, production_settings: Settings, graph: Graph, idp: IdentityProvider
) -> None:
    await load_demo(graph, date.today())
    production = production_settings.model_copy(update={
        "oidc_jwks_url": idp.url, "jwt_audience": "mappa-link", "jwks_refetch_cooldown_s": 0.0})
    idp.rotate("k1")
    first_key = idp.keys["k1"]

    async def me(token: str) -> dict[str, Any]:
        response = await client.post("/graphql", json={"query": SIGN_IN}, headers={
            "Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"})
        return dict(response.json())

    async with http_client(production) as client:
        assert "errors" not in await me(idp.token(production, "k1", first_key))
        # The identity provider rotates: the new kid is fetched without a restart.
        idp.rotate("k2")
        assert "errors" not in await me(idp.token(production, "k2", idp.keys["k2"]))
        # A kid the provider does not publish, and the development key, are refused.
        stranger = ec.generate_private_key(ec.SECP256R1())
        for token in (idp.token(production, "k9", stranger),
                      jwt.encode(claims(production), dev_private_key(settings),
                                 algorithm="ES256", headers={"kid": "k2"}),
                      signed(production)):
            body = await me(token)
            assert "data" not in body
            assert extensions(body["errors"][0]) == {"code": "UNAUTHENTICATED"}
