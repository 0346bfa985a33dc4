"""Production mode refuses to start with development keys or secrets, verifies tokens only
against the identity provider, and offers neither GraphiQL nor introspection."""

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from pydantic import SecretStr

from app.main import create_app
from app.settings import DEV_NEO4J_PASSWORD, Environment, Settings, UnsafeSettings
from seed.load import load_demo
from tests.api.client import extensions, http_client, registered
from tests.api.test_authentication import IdentityProvider, claims, idp  # noqa: F401 - a fixture

# Production runs registered documents only (app/api/trusted.py): the pages' sign-in's.
ME = registered("web/common/documents.js ME")

UNSAFE = {
    "the development Neo4j password": (
        {"neo4j_password": SecretStr(DEV_NEO4J_PASSWORD)}, "MAPPA_NEO4J_PASSWORD"),
    "the development token issuer": ({"jwt_issuer": "mappa-link-dev"}, "MAPPA_JWT_ISSUER"),
    "no identity provider's JWKS": ({"oidc_jwks_url": None}, "MAPPA_OIDC_JWKS_URL"),
    "no key for webhook secrets": ({"webhook_secret_key": None}, "MAPPA_WEBHOOK_SECRET_KEY"),
}


@pytest.mark.parametrize("case", UNSAFE, ids=list(UNSAFE))
def test_production_refuses_to_start_with_development_secrets(
    production_settings: Settings, case: str
) -> None:
    change, variable = UNSAFE[case]
    with pytest.raises(UnsafeSettings, match=variable):
        create_app(production_settings.model_copy(update=change))


def test_mappa_serve_in_production_with_defaults_names_every_problem(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAPPA_")}
    env |= {"MAPPA_ENVIRONMENT": "production", "MAPPA_STATE_DIR": str(tmp_path)}
    mappa = Path(sys.executable).parent / "mappa"
    run = subprocess.run([mappa, "serve"], env=env, cwd=tmp_path, capture_output=True,
                         text=True, timeout=60, check=False)
    assert run.returncode == 1
    said = " ".join(run.stderr.split())
    assert "production refuses to start" in said
    for variable in ("MAPPA_OIDC_JWKS_URL", "MAPPA_JWT_ISSUER", "MAPPA_NEO4J_PASSWORD",
                     "MAPPA_WEBHOOK_SECRET_KEY"):
        assert variable in said


async def test_production_answers_no_introspection_over_http(
    production_settings: Settings, graph: Any, idp: IdentityProvider,  # noqa: F811
) -> None:
    """Even when it runs documents other than the registered ones (which it refuses before
    introspection could run: tests/api/test_trusted_documents.py)."""
    await load_demo(graph, date.today())
    production = production_settings.model_copy(update={"oidc_jwks_url": idp.url,
                                                        "trusted_documents_only": False})
    idp.rotate("k1")
    token = idp.token(production, "k1", idp.keys["k1"])
    headers = {"Authorization": f"Bearer {token}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"}
    async with http_client(production) as client:
        assert "errors" not in (await client.post(
            "/graphql", json={"query": ME}, headers=headers)).json()
        for query in ("{ __schema { queryType { name } } }",
                      '{ __type(name: "Offender") { fields { name } } }'):
            body = (await client.post("/graphql", json={"query": query}, headers=headers)).json()
            assert "data" not in body
            assert body["errors"]
            for error in body["errors"]:
                assert "introspection" in error["message"].lower()
                assert error["extensions"]["code"] == "VALIDATION"
        page = await client.get("/graphql", headers={"Accept": "text/html"})
        assert "graphiql" not in page.text.lower()
        assert (await client.get("/docs")).status_code == 404


async def test_development_settings_start_as_before(settings: Settings) -> None:
    assert settings.environment is not Environment.PRODUCTION
    assert settings.production_problems() == []


async def test_production_refuses_bad_tokens_from_the_identity_providers_keys(
    production_settings: Settings, graph: Any, idp: IdentityProvider,  # noqa: F811
) -> None:
    """The same refusals as in development, with the key found in the JWKS by its kid."""
    await load_demo(graph, date.today())
    production = production_settings.model_copy(update={"oidc_jwks_url": idp.url})
    idp.rotate("k1")
    key = idp.keys["k1"]

    def token(**changes: Any) -> str:
        return jwt.encode(claims(production, **changes), key, algorithm="ES256",
                          headers={"kid": "k1"})

    now = datetime.now(UTC)
    bad = {
        "alg none": jwt.encode(claims(production), key=None, algorithm="none",
                               headers={"kid": "k1"}),
        "no kid": jwt.encode(claims(production), key, algorithm="ES256"),
        "wrong audience": token(aud="someone-else"),
        "wrong issuer": token(iss="mappa-link-dev"),
        "expired": token(exp=now - timedelta(minutes=1)),
        "not yet valid": token(nbf=now + timedelta(minutes=10)),
    }
    async with http_client(production) as client:
        for case, sent in bad.items():
            response = await client.post("/graphql", json={"query": ME}, headers={
                "Authorization": f"Bearer {sent}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"})
            body = response.json()
            assert "data" not in body, case
            assert extensions(body["errors"][0]) == {"code": "UNAUTHENTICATED"}, case
        good = await client.post("/graphql", json={"query": ME}, headers={
            "Authorization": f"Bearer {token()}", "X-Purpose-Of-Use": "RISK_MANAGEMENT"})
        assert "errors" not in good.json()
