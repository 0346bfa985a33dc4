"""Who is asking, and why: established once per request before any data is read."""

from datetime import datetime
from functools import cached_property

from pydantic import BaseModel, ConfigDict

from app.access.table import field_classes
from app.core.enums import AgencyKind, FieldClass, Purpose, Role

# Roles held by case officers, who must exist in the graph as officers of the token's agency;
# the others (systems, auditors, administrators) need only their agency.
OFFICER_ROLES = frozenset(Role) - {Role.PARTNER_SYSTEM, Role.AUDITOR, Role.ADMIN}


class Principal(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    user_id: str
    agency_id: str
    agency_name: str
    agency_kind: AgencyKind
    roles: tuple[Role, ...]
    purpose: Purpose
    justification: str | None = None
    expires_at: datetime | None = None  # the token's expiry (an open subscription ends then)

    @cached_property
    def field_classes(self) -> frozenset[FieldClass]:
        return field_classes(self.agency_kind, self.roles)
