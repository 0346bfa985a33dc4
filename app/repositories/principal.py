"""Reads that establish who the caller is."""

from neo4j import AsyncManagedTransaction

from app.domain.enums import AgencyKind
from app.graph.driver import run
from app.graph.registry import Query

FIND_AGENCY = Query("principal/find_agency")


async def find_agency(
    tx: AsyncManagedTransaction, agency_id: str
) -> tuple[str, str, AgencyKind] | None:
    rows = await run(tx, FIND_AGENCY, agencyId=agency_id)
    if not rows:
        return None
    return rows[0]["id"], rows[0]["name"], AgencyKind(rows[0]["kind"])
