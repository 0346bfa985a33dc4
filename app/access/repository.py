"""Reads that establish who the caller is."""

from pydantic import BaseModel, ConfigDict

from app.core.enums import AgencyKind
from app.platform.neo4j.driver import Tx, run
from app.platform.neo4j.registry import Query

FIND_PRINCIPAL = Query("principal/find_principal")


class TokenSubject(BaseModel):
    """The agency a token names, and whether its subject is one of that agency's officers."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    agency_id: str
    agency_name: str
    agency_kind: AgencyKind
    is_officer: bool


async def find_principal(
    tx: Tx, agency_id: str, user_id: str
) -> TokenSubject | None:
    rows = await run(tx, FIND_PRINCIPAL, agencyId=agency_id, userId=user_id)
    if not rows:
        return None
    row = rows[0]
    return TokenSubject(agency_id=row["id"], agency_name=row["name"],
                        agency_kind=AgencyKind(row["kind"]), is_officer=row["isOfficer"])
