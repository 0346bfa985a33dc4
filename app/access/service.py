"""Authentication: turn a request's token and purpose into a Principal, or refuse."""

from dataclasses import dataclass
from datetime import UTC, datetime

from cachetools import TTLCache

from app.access.principal import OFFICER_ROLES, Principal
from app.access.repository import TokenSubject, find_principal
from app.access.tokens import TokenError, TokenVerifier
from app.core.enums import Purpose
from app.core.errors import DomainError
from app.platform.neo4j.driver import Graph


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"


class PurposeRequired(DomainError):
    code = "PURPOSE_REQUIRED"


class Subjects:
    """Who tokens name, as the graph says. An officer of the agency is remembered for `ttl_s`
    seconds: every request asks, and standing changes rarely. Anything else (an agency without
    that officer, or none) is looked up every time, so a new officer or agency is known at once."""

    def __init__(self, graph: Graph, ttl_s: float, maxsize: int = 10_000) -> None:
        self.graph = graph
        self._officers: TTLCache[tuple[str, str], TokenSubject] | None = (
            TTLCache(maxsize, ttl_s) if ttl_s > 0 else None)

    async def find(self, agency_id: str, user_id: str) -> TokenSubject | None:
        key = (agency_id, user_id)
        if self._officers is not None and (known := self._officers.get(key)) is not None:
            return known
        subject = await self.graph.read_one(find_principal, agency_id, user_id)
        if self._officers is not None and subject is not None and subject.is_officer:
            self._officers[key] = subject
        return subject


@dataclass(frozen=True)
class Credentials:
    """The names under which a transport carries the token and the purpose, for refusals."""

    bearer: str
    purpose: str


HEADERS = Credentials(bearer="Authorization", purpose="X-Purpose-Of-Use")
CONNECTION_INIT = Credentials(bearer="authorization", purpose="purpose")  # the payload's keys


async def authenticate(
    subjects: Subjects,
    verifier: TokenVerifier,
    authorization: str | None,
    purpose: str | None,
    justification: str | None,
    *,
    where: Credentials = HEADERS,
) -> Principal:
    """Refuse before any case data is read unless the token verifies and a purpose is given."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated(f"a bearer token is required ({where.bearer}: Bearer <token>)")
    try:
        claims = await verifier.verify(token.strip())
    except TokenError as error:
        raise Unauthenticated(str(error)) from error
    purposes = ", ".join(p.value for p in Purpose)
    if not purpose:
        raise PurposeRequired(f"{where.purpose} is required; one of: {purposes}")
    if purpose not in Purpose.__members__:
        raise PurposeRequired(f"{where.purpose} {purpose!r} is not a purpose; one of: {purposes}")
    subject = await subjects.find(claims.agency, claims.sub)
    if subject is None:
        raise Unauthenticated(f"the token's agency {claims.agency!r} is not known")
    if OFFICER_ROLES.intersection(claims.roles) and not subject.is_officer:
        raise Unauthenticated(
            f"the token's officer {claims.sub!r} is not an officer of agency {claims.agency!r}"
        )
    return Principal(
        user_id=claims.sub,
        agency_id=subject.agency_id,
        agency_name=subject.agency_name,
        agency_kind=subject.agency_kind,
        roles=claims.roles,
        purpose=Purpose(purpose),
        justification=justification or None,
        expires_at=datetime.fromtimestamp(claims.exp, UTC),
    )
