"""Bearer tokens: development signing with a local key pair, and verification of claims.

Development and tests sign and verify with an EC key made on first use in MAPPA_STATE_DIR (outside
git). Production verifies against the identity provider's OIDC JWKS (keys cached, fetched again
when a token names an unknown `kid`) and never accepts the development key.
"""

import asyncio
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
from cachetools import TTLCache
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pydantic import BaseModel, ConfigDict, ValidationError

from app.core.enums import Role
from app.core.errors import Forbidden
from app.platform.dev_keys import made_once
from app.settings import Settings

DEV_ALGORITHM = "ES256"


class TokenError(Exception):
    """The token is missing, malformed, badly signed, expired or for someone else."""


EXPIRED = "the token has expired"  # also why a WebSocket closes at its token's exp

# Why a token was refused, in the service's words (PyJWT's own text stays in the logs), the most
# specific first: an expired token is also an invalid one.
_REFUSALS: tuple[tuple[type[jwt.PyJWTError], str], ...] = (
    (jwt.ExpiredSignatureError, EXPIRED),
    (jwt.ImmatureSignatureError, "the token is not valid yet"),
    (jwt.InvalidAudienceError, "the token is for another audience"),
    (jwt.InvalidIssuerError, "the token is from another issuer"),
    (jwt.MissingRequiredClaimError, "the token lacks a required claim"),
    (jwt.InvalidAlgorithmError, "the token is signed with an algorithm not accepted here"),
    (jwt.InvalidSignatureError, "the token's signature does not verify"),
    (jwt.PyJWKClientConnectionError, "the identity provider's keys could not be fetched"),
    (jwt.PyJWKClientError, "the token's signing key is not one of the identity provider's"),
    (jwt.DecodeError, "the token is not a well-formed JWT"),
)


def token_refusal(error: jwt.PyJWTError) -> str:
    for kind, why in _REFUSALS:
        if isinstance(error, kind):
            if isinstance(error, jwt.MissingRequiredClaimError):
                return f"{why}: {error.claim}"
            return why
    return "the token is not valid"


class Claims(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    sub: str
    agency: str
    roles: tuple[Role, ...]
    exp: int  # unix seconds: a subscription ends when its token does


def _private_key_path(settings: Settings) -> Path:
    return settings.dev_key_dir / "private.pem"


def dev_private_key(settings: Settings) -> ec.EllipticCurvePrivateKey:
    """The development signing key, made on first use outside git."""
    path = _private_key_path(settings)

    def make() -> bytes:
        return ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())

    loaded = serialization.load_pem_private_key(made_once(path, make), password=None)
    if not isinstance(loaded, ec.EllipticCurvePrivateKey):
        raise TokenError(f"{path} is not an EC private key")
    return loaded


def issue_dev_token(
    settings: Settings, user: str, agency: str, roles: list[Role], ttl_s: int | None = None
) -> str:
    """A token signed with the development key; refused in production, whatever asks for it
    (production accepts only the identity provider's tokens)."""
    if settings.is_production:
        raise Forbidden("development tokens are not issued in production")
    now = datetime.now(UTC)
    claims = {
        "sub": user,
        "agency": agency,
        "roles": [r.value for r in roles],
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(seconds=ttl_s or settings.jwt_default_ttl_s),
    }
    return jwt.encode(claims, dev_private_key(settings), algorithm=DEV_ALGORITHM)


class TokenVerifier:
    """One per app, so that the JWKS cache and the tokens already verified outlive a request.

    A token that verified is remembered (by its whole text) for `verified_token_cache_s`, so that
    a client sending it again and again is not checked for signature each time (an ES256 check was
    a twentieth of a profile read's CPU); it is refused all the same from its `exp` on. A key
    withdrawn from the JWKS stops verifying within that time, as it does within jwks_cache_s.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._verified: TTLCache[str, Claims] | None = (
            TTLCache(10_000, settings.verified_token_cache_s)
            if settings.verified_token_cache_s > 0 else None)
        self._jwks: jwt.PyJWKClient | None = None
        if settings.is_production:
            if not settings.oidc_jwks_url:
                raise TokenError("production needs MAPPA_OIDC_JWKS_URL to verify tokens")
            self._jwks = jwt.PyJWKClient(
                settings.oidc_jwks_url, cache_keys=True, lifespan=settings.jwks_cache_s,
                cooldown_duration=settings.jwks_refetch_cooldown_s, timeout=10,
            )
            self._algorithms = list(settings.jwt_algorithms)
            self._dev_key: Any = None
        else:
            self._algorithms = [DEV_ALGORITHM]
            self._dev_key = dev_private_key(settings).public_key()

    async def verify(self, token: str) -> Claims:
        """Check signature (expected algorithms only), exp, nbf, iss and aud; return the claims."""
        if self._verified is not None:
            known = self._verified.get(token)
            if known is not None and known.exp > time.time():
                return known
        claims = await self._check(token)
        if self._verified is not None:
            self._verified[token] = claims
        return claims

    async def _check(self, token: str) -> Claims:
        try:
            if self._jwks is not None:
                key: Any = (await asyncio.to_thread(self._jwks.get_signing_key_from_jwt, token)).key
            else:
                key = self._dev_key
            payload = jwt.decode(
                token,
                key,
                algorithms=self._algorithms,
                audience=self.settings.jwt_audience,
                issuer=self.settings.jwt_issuer,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
            return Claims.model_validate(payload)
        except jwt.PyJWTError as error:
            raise TokenError(token_refusal(error)) from error
        except ValidationError as error:
            raise TokenError("token claims must include sub, agency and known roles") from error
