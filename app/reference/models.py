"""Reference data: the agencies that share cases and the officers who work for them."""

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from app.core.enums import AgencyKind, Role
from app.core.inputs import Id, Input, Name


class AgencyRecord(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(description="The agency's id.")
    name: str = Field(description="Its name.")
    kind: AgencyKind = Field(description="What kind of agency it is.")
    area: str | None = Field(description="Its criminal justice area.")


class CaseOfficerRecord(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(description="The officer's id.")
    name: str = Field(description="Their name.")
    role: Role = Field(description="Their role.")
    agency: AgencyRecord | None = Field(description="The agency they work for.")


# The inputs of the reference writes.

def _area(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_-]+", value):
        raise ValueError("may hold only letters, digits, _ and -")
    return value


Area = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, min_length=1,
                                        max_length=40), AfterValidator(_area)]


class CreateAgencyInput(Input):
    id: Id = Field(description="Its id, as tokens' `agency` claim names it: letters, digits and "
                   ". _ : -.")
    name: Name = Field(description="Its name.")
    kind: AgencyKind = Field(description="What kind of agency it is.")
    area: Area = Field(description="Criminal justice area code, e.g. GMP; NATIONAL for a "
                       "national provider.")


class CreateCaseOfficerInput(Input):
    id: Id = Field(description="Their id, as their tokens' subject names them.")
    name: Name = Field(description="Their name.")
    agency_id: Id = Field(description="The agency they work for.")
    role: Role = Field(description="Their role.")
