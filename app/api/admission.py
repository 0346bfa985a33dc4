"""Letting an operation in, the same for every operation whatever the transport (an HTTP request,
a WebSocket's connection_init, each operation on that WebSocket): the caller's token and purpose
checked as of now (app/access/service.py), then one of its principal's operations taken
(app/api/limits.py)."""

from dataclasses import dataclass

from app.access.principal import Principal
from app.access.service import (
    CONNECTION_INIT,
    HEADERS,
    Credentials,
    Subjects,
    authenticate,
)
from app.access.tokens import TokenVerifier
from app.api.limits import OperationBuckets
from app.core.errors import DomainError
from app.graphql.context import Context


@dataclass(frozen=True)
class Presented:
    """What a caller presents to be let in, and where: HTTP headers, or a WebSocket's
    connection_init payload."""

    authorization: str | None
    purpose: str | None
    justification: str | None
    where: Credentials = HEADERS

    @classmethod
    def in_payload(cls, payload: object) -> "Presented":
        """A connection_init payload's: {"authorization": "Bearer ...", "purpose": "...",
        "justification": "..."} (anything but text counts as absent)."""
        params = payload if isinstance(payload, dict) else {}

        def text(name: str) -> str | None:
            value = params.get(name)
            return value if isinstance(value, str) else None

        return cls(text("authorization"), text("purpose"), text("justification"),
                   CONNECTION_INIT)


@dataclass(frozen=True)
class Gate:
    """One per app: who tokens name (cached as `Subjects` says), token verification, and each
    principal's operations."""

    subjects: Subjects
    verifier: TokenVerifier
    operations: OperationBuckets

    async def principal(self, presented: Presented) -> Principal:
        """Who presented this, as of now: raises Unauthenticated (no token, a bad or expired one,
        an agency or officer the graph no longer knows) or PurposeRequired."""
        return await authenticate(self.subjects, self.verifier, presented.authorization,
                                  presented.purpose, presented.justification,
                                  where=presented.where)

    async def admit(self, context: Context, presented: Presented) -> None:
        """Set the operation's principal, or its refusal for the operation to answer with (and be
        audited under). A principal over its rate is known, and audited as itself, but answered
        nothing."""
        context.principal, context.refusal = None, None
        try:
            context.principal = await self.principal(presented)
            self.operations.take(context.principal.agency_id, context.principal.user_id)
        except DomainError as refusal:
            context.refusal = refusal
