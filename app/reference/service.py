"""Agencies and case officers: ADMIN principals create them through the API, operators with
`mappa agency create` / `mappa officer create` (idempotent, for bootstrapping the first ADMIN)."""

from collections.abc import Mapping
from typing import Any

from neo4j import AsyncManagedTransaction
from pydantic import BaseModel

from app.access.principal import Principal
from app.access.write_rights import Write, authorise_outside_case
from app.core.errors import Conflict, Invalid
from app.core.inputs import graphql_name, parse
from app.platform.uow import Changed, UnitOfWork
from app.reference import repository as repo
from app.reference.models import (
    AgencyRecord,
    CaseOfficerRecord,
    CreateAgencyInput,
    CreateCaseOfficerInput,
)


def _differences(have: Mapping[str, Any], wanted: BaseModel) -> list[str]:
    """The fields (GraphQL names) where what is stored differs from what is wanted."""
    return [graphql_name(field) for field, value in wanted.model_dump(mode="json").items()
            if have.get(field) != value]


def _conflict(what: str, record_id: str, differing: list[str]) -> Conflict:
    if not differing:
        return Conflict(f"{what} {record_id!r} already exists")
    return Conflict(f"{what} {record_id!r} already exists with a different "
                    + ", ".join(differing))


async def _ensure_agency(
    tx: AsyncManagedTransaction, data: CreateAgencyInput, *, identical_ok: bool
) -> tuple[AgencyRecord, bool]:
    stored = await repo.find_agency(tx, data.id)
    if stored is None:
        return await repo.create_agency(tx, data), True
    differing = _differences(stored.model_dump(mode="json"), data)
    if differing or not identical_ok:
        raise _conflict("agency", data.id, differing)
    return stored, False


async def _ensure_case_officer(
    tx: AsyncManagedTransaction, data: CreateCaseOfficerInput, *, identical_ok: bool,
    agency_field: str,
) -> tuple[CaseOfficerRecord, bool]:
    stored = await repo.find_case_officer(tx, data.id)
    if stored is None:
        created = await repo.create_case_officer(tx, data)
        if created is None:
            raise Invalid(f"{agency_field}: no agency {data.agency_id!r}", field=agency_field)
        return created, True
    have = {**stored.model_dump(mode="json", exclude={"agency"}),
            "agency_id": stored.agency.id if stored.agency else None}
    differing = _differences(have, data)
    if differing or not identical_ok:
        raise _conflict("case officer", data.id, differing)
    return stored, False


async def create_agency(
    uow: UnitOfWork, principal: Principal, data: CreateAgencyInput
) -> AgencyRecord:
    """A new agency (ADMIN); an id already taken is a CONFLICT."""
    authorise_outside_case(Write.CREATE_AGENCY, principal)

    async def work(tx: AsyncManagedTransaction) -> Changed[AgencyRecord]:
        return Changed((await _ensure_agency(tx, data, identical_ok=False))[0])

    return await uow.write(work)


async def create_case_officer(
    uow: UnitOfWork, principal: Principal, data: CreateCaseOfficerInput
) -> CaseOfficerRecord:
    """A new case officer of an existing agency (ADMIN); an id already taken is a CONFLICT."""
    authorise_outside_case(Write.CREATE_CASE_OFFICER, principal)

    async def work(tx: AsyncManagedTransaction) -> Changed[CaseOfficerRecord]:
        return Changed((await _ensure_case_officer(tx, data, identical_ok=False,
                                                   agency_field="input.agencyId"))[0])

    return await uow.write(work)


async def ensure_agency(uow: UnitOfWork, raw: Mapping[str, Any]) -> tuple[AgencyRecord, bool]:
    """The operator's bootstrap: create the agency, or find it as given (False); a different
    agency under the id is a CONFLICT naming the differing fields."""
    data = parse(CreateAgencyInput, raw, root=None)

    async def work(tx: AsyncManagedTransaction) -> Changed[tuple[AgencyRecord, bool]]:
        return Changed(await _ensure_agency(tx, data, identical_ok=True))

    return await uow.write(work)


async def ensure_case_officer(
    uow: UnitOfWork, raw: Mapping[str, Any]
) -> tuple[CaseOfficerRecord, bool]:
    """As ensure_agency, for a case officer of an existing agency."""
    data = parse(CreateCaseOfficerInput, raw, root=None)

    async def work(tx: AsyncManagedTransaction) -> Changed[tuple[CaseOfficerRecord, bool]]:
        return Changed(await _ensure_case_officer(tx, data, identical_ok=True,
                                                  agency_field="agency"))

    return await uow.write(work)
