"""Translation of neo4j driver errors into domain errors, at the edge of app/graph."""

from neo4j import exceptions as neo

from app.domain.errors import Conflict, DomainError, Unavailable


def translate(error: Exception) -> DomainError | None:
    """The domain error a driver error means, or None when it is a bug to surface as is."""
    if isinstance(error, neo.AuthError):
        return Unavailable("Neo4j refused the configured credentials")
    if isinstance(error, neo.ServiceUnavailable | neo.SessionExpired):
        return Unavailable("Neo4j is unreachable; try again shortly", detail=str(error))
    if isinstance(error, neo.ConstraintError):
        return Conflict(f"the change conflicts with a stored record: {error.message}")
    if isinstance(error, neo.TransientError):
        return Unavailable(f"Neo4j could not complete the transaction: {error.message}")
    if isinstance(error, neo.DriverError) and not isinstance(error, neo.Neo4jError):
        return Unavailable("Neo4j could not be used; try again shortly", detail=str(error))
    return None
