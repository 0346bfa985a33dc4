"""Traversals under need-to-know: each query walks only through people the caller may see, along
links of classes it holds (PRODUCT.md section 4), so hidden people never leave the database and
never shape a count or a path length."""

from datetime import date

from app.access.principal import Principal
from app.access.redaction import sees_handling_c
from app.cases.repository import access_params, native
from app.network.models import Associate, Network, Path
from app.platform.neo4j.driver import Tx, run
from app.platform.neo4j.registry import Query

FIND_NETWORK = Query("network/find_network")
FIND_SHORTEST_PATH = Query("network/find_shortest_path")
FIND_COMMON_ASSOCIATES = Query("network/find_common_associates")


async def find_network(
    tx: Tx, person_id: str, depth: int, limit: int, principal: Principal,
    *, as_at: date,
) -> Network | None:
    """None when the person is missing or hidden (alike)."""
    rows = await run(
        tx, FIND_NETWORK.walking(depth), personId=person_id, depth=depth, limit=limit,
        asAt=as_at, police=sees_handling_c(principal), **access_params(principal),
    )
    return Network.model_validate(native(rows[0])) if rows else None


async def find_shortest_path(
    tx: Tx, from_id: str, to_id: str, max_depth: int, principal: Principal,
    *, as_at: date,
) -> Path | None:
    rows = await run(
        tx, FIND_SHORTEST_PATH.walking(max_depth), fromId=from_id, toId=to_id,
        maxDepth=max_depth, asAt=as_at, police=sees_handling_c(principal),
        **access_params(principal),
    )
    return Path.model_validate(native(rows[0])) if rows else None


async def find_common_associates(
    tx: Tx, person_ids: list[str], principal: Principal, *, as_at: date,
) -> list[Associate]:
    rows = await run(
        tx, FIND_COMMON_ASSOCIATES, personIds=person_ids, asAt=as_at,
        police=sees_handling_c(principal), **access_params(principal),
    )
    return [Associate.model_validate(native(row)) for row in rows]
