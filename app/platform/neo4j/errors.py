"""Translation of neo4j driver errors into domain errors, at the edge of app/graph."""

from neo4j import exceptions as neo

from app.core.errors import Conflict, DomainError, Unavailable


class CredentialsRefused(Unavailable):
    """Neo4j answers but refuses the configured user and password: trying again will not help,
    so a command line says which settings to check (callers of the API see UNAVAILABLE)."""


def translate(error: Exception) -> DomainError | None:
    """The domain error a driver error means, or None when it is a bug to surface as is."""
    if isinstance(error, neo.AuthError):
        return CredentialsRefused("Neo4j refused the configured credentials")
    if isinstance(error, neo.ServiceUnavailable | neo.SessionExpired):
        return Unavailable("Neo4j is unreachable; try again shortly", detail=str(error))
    if isinstance(error, neo.ConstraintError):
        # Neo4j's message names internal node ids, labels and properties: none of it is said.
        return Conflict("the change conflicts with a record already stored")
    if isinstance(error, neo.TransientError):
        return Unavailable("Neo4j could not complete the transaction; try again",
                           detail=error.message)
    if isinstance(error, neo.DriverError) and not isinstance(error, neo.Neo4jError):
        return Unavailable("Neo4j could not be used; try again shortly", detail=str(error))
    return None
