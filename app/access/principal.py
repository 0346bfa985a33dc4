"""Who is asking, and why: established once per request before any data is read."""

from datetime import datetime
from functools import cached_property

from pydantic import BaseModel, ConfigDict

from app.access.table import field_classes
from app.core.enums import AgencyKind, FieldClass, Purpose, Role
from app.webhooks.models import WebhookOwner

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


class OwnerLapsed(Exception):
    """A webhook's owner is no longer a principal who may receive its alerts; says why."""


def acting_as(owner: WebhookOwner) -> Principal:
    """The principal a webhook acts as now, by the graph as it stands rather than as frozen at
    registration: its agency must still exist, and an officer must still work for it in a role
    the webhook was registered under (the roles narrow to those it holds now). A PARTNER_SYSTEM
    is not in the graph (its credentials are the identity provider's): it stands while its agency
    does, until the agency disables the webhook. Which cases it may see is then the one
    visibility rule's business. Raises OwnerLapsed naming why it no longer stands."""
    if owner.agency_name is None or owner.agency_kind is None:
        raise OwnerLapsed(f"the owning agency {owner.agency_id} no longer exists")
    roles = owner.roles
    if registered := sorted(OFFICER_ROLES.intersection(roles)):
        if owner.officer_role is None:
            raise OwnerLapsed(f"the owner {owner.user_id} no longer works for {owner.agency_id}")
        if owner.officer_role not in registered:
            raise OwnerLapsed(
                f"the owner {owner.user_id} is now {owner.officer_role} at {owner.agency_id}, "
                f"not {' or '.join(registered)} as when the webhook was registered")
        roles = tuple(r for r in roles if r not in OFFICER_ROLES or r == owner.officer_role)
    return Principal(user_id=owner.user_id, agency_id=owner.agency_id,
                     agency_name=owner.agency_name, agency_kind=owner.agency_kind, roles=roles,
                     purpose=Purpose.PARTNER_INTEGRATION)
