"""The reference-data mutations (PRODUCT.md section 6): ADMIN principals create agencies and case
officers (operators bootstrap the first with `mappa agency create` / `mappa officer create`)."""

from functools import partial
from typing import Annotated

import strawberry
from strawberry.types import Info

from app.access.write_rights import Write, authorise_outside_case
from app.graphql.context import Context
from app.graphql.derived import shown
from app.graphql.descriptions import write_description
from app.graphql.writes import COLLECTION, input_type, write_made
from app.reference import models
from app.reference import service as reference


@input_type(models.CreateAgencyInput, "A new agency.")
class CreateAgencyInput:
    id: strawberry.ID


@input_type(models.CreateCaseOfficerInput, "A new case officer.")
class CreateCaseOfficerInput:
    id: strawberry.ID
    agency_id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=models.AgencyRecord, all_fields=True, description="An agency that shares cases.")
class Agency:
    id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=models.CaseOfficerRecord, all_fields=True, description="A case officer of an agency.")
class CaseOfficer:
    id: strawberry.ID


@strawberry.type
class ReferenceMutation:
    @strawberry.mutation(description=write_description(
        Write.CREATE_AGENCY, "Create an agency that shares cases."))
    async def create_agency(
        self, info: Info[Context, None],
        input: Annotated[CreateAgencyInput, strawberry.argument(description="The agency.")],
    ) -> Agency | None:
        made = await write_made(info, reference.create_agency, input, action=COLLECTION,
                                classes=[], subjects=lambda r: [r.id],
                                first=partial(authorise_outside_case, Write.CREATE_AGENCY))
        return shown(Agency, made)

    @strawberry.mutation(description=write_description(
        Write.CREATE_CASE_OFFICER, "Create a case officer of an existing agency."))
    async def create_case_officer(
        self, info: Info[Context, None],
        input: Annotated[CreateCaseOfficerInput, strawberry.argument(
            description="The officer.")],
    ) -> CaseOfficer | None:
        made = await write_made(info, reference.create_case_officer, input, action=COLLECTION,
                                classes=[], subjects=lambda r: [r.id],
                                first=partial(authorise_outside_case,
                                              Write.CREATE_CASE_OFFICER))
        return shown(CaseOfficer, made)
