"""Reference data: the agencies that share cases and the officers who work for them."""

from pydantic import BaseModel, ConfigDict

from app.core.enums import AgencyKind, Role


class AgencyRecord(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    kind: AgencyKind
    area: str | None


class CaseOfficerRecord(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    role: Role
    agency: AgencyRecord | None
