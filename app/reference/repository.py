"""Agencies and case officers (ADMIN and operator writes, and their lookups)."""

from neo4j import AsyncManagedTransaction

from app.platform.neo4j.driver import run
from app.platform.neo4j.registry import Query
from app.reference.models import (
    AgencyRecord,
    CaseOfficerRecord,
    CreateAgencyInput,
    CreateCaseOfficerInput,
)

FIND_AGENCY = Query("reference/find_agency")
CREATE_AGENCY = Query("reference/create_agency")
FIND_CASE_OFFICER = Query("reference/find_case_officer")
CREATE_CASE_OFFICER = Query("reference/create_case_officer")


async def find_agency(tx: AsyncManagedTransaction, agency_id: str) -> AgencyRecord | None:
    rows = await run(tx, FIND_AGENCY, id=agency_id)
    return AgencyRecord.model_validate(rows[0]["agency"]) if rows else None


async def create_agency(
    tx: AsyncManagedTransaction, data: CreateAgencyInput
) -> AgencyRecord:
    rows = await run(tx, CREATE_AGENCY, id=data.id, name=data.name, kind=data.kind.value,
                     area=data.area)
    return AgencyRecord.model_validate(rows[0]["agency"])


async def find_case_officer(
    tx: AsyncManagedTransaction, officer_id: str
) -> CaseOfficerRecord | None:
    rows = await run(tx, FIND_CASE_OFFICER, id=officer_id)
    return CaseOfficerRecord.model_validate(rows[0]["officer"]) if rows else None


async def create_case_officer(
    tx: AsyncManagedTransaction, data: CreateCaseOfficerInput
) -> CaseOfficerRecord | None:
    """The new officer; None when the agency does not exist."""
    rows = await run(tx, CREATE_CASE_OFFICER, id=data.id, name=data.name,
                     role=data.role.value, agencyId=data.agency_id)
    return CaseOfficerRecord.model_validate(rows[0]["officer"]) if rows else None
