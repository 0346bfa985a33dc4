"""An audit event (DPA 2018 s.62): who did what to whose data, why, and with what outcome."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from app.domain.enums import AuditAction


class AuditEntry(BaseModel):
    """What an operation reports for the trail, before the chain gives it a place and a hash."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    at: datetime
    user_id: str | None
    agency_id: str | None
    roles: tuple[str, ...]
    purpose: str | None
    justification: str | None
    action: AuditAction
    operation: str
    subject_ids: tuple[str, ...]
    field_classes: tuple[str, ...]
    outcome: str


class AuditEvent(AuditEntry):
    """An entry in its place on the hash chain."""

    sequence: int
    prev_hash: str
    hash: str


class ChainStatus(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    ok: bool
    length: int
    first_broken_id: str | None = None
    detail: str | None = None
