"""Exploring links under need-to-know: bounds checked here, one round trip per use case; the
queries decide which people and links the caller may see."""

from datetime import UTC, date, datetime

from app.access.principal import Principal
from app.core.errors import Invalid
from app.network import repository
from app.network.models import (
    MAX_COMMON_PEOPLE,
    MAX_NETWORK_DEPTH,
    MAX_NETWORK_LIMIT,
    MAX_PATH_DEPTH,
    Associate,
    Network,
    Path,
)
from app.platform.neo4j.driver import Graph


def _check_range(field: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise Invalid(f"{field} must be between {low} and {high}, not {value}", field=field)


def _as_at(as_at: date | None) -> date:
    """The day whose links to follow: today (UTC, Neo4j's clock) unless one is given."""
    return as_at or datetime.now(UTC).date()


async def read_network(
    graph: Graph, principal: Principal, person_id: str, depth: int, limit: int, *,
    as_at: date | None = None,
) -> Network | None:
    """The visible network around a visible person, along the links that stood on `as_at`;
    None alike when missing and when hidden."""
    _check_range("depth", depth, 1, MAX_NETWORK_DEPTH)
    _check_range("limit", limit, 1, MAX_NETWORK_LIMIT)
    return await graph.read_one(repository.find_network, person_id, depth, limit, principal,
                            as_at=_as_at(as_at))


async def read_shortest_path(
    graph: Graph, principal: Principal, from_id: str, to_id: str, max_depth: int, *,
    as_at: date | None = None,
) -> Path | None:
    """The shortest visible chain between two visible people along the links that stood on
    `as_at`, or None."""
    _check_range("maxDepth", max_depth, 1, MAX_PATH_DEPTH)
    if from_id == to_id:
        raise Invalid("fromId and toId must name two different people", field="toId")
    return await graph.read_one(repository.find_shortest_path, from_id, to_id, max_depth,
                            principal, as_at=_as_at(as_at))


async def read_common_associates(
    graph: Graph, principal: Principal, person_ids: list[str], *, as_at: date | None = None,
) -> list[Associate]:
    """People linked to every one of `person_ids` by links that stood on `as_at`, all of whom
    the caller must be able to see."""
    distinct = list(dict.fromkeys(person_ids))
    if not 2 <= len(distinct) <= MAX_COMMON_PEOPLE:
        raise Invalid(
            f"personIds must name between 2 and {MAX_COMMON_PEOPLE} different people, "
            f"not {len(distinct)}",
            field="personIds",
        )
    return await graph.read_one(repository.find_common_associates, distinct, principal,
                            as_at=_as_at(as_at))
