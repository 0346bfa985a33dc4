"""Field-level need-to-know (PRODUCT.md section 4): which class each Offender field belongs to,
and the redactions a principal's classes imply.

The queries withhold the same fields inside the database (`CASE WHEN '<CLASS>' IN $classes`);
tests/unit/test_redaction.py checks that they and OFFENDER_FIELDS agree.
"""

from collections.abc import Iterable
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from app.access.principal import Principal
from app.access.table import field_classes
from app.core.enums import AgencyKind, FieldClass, PersonKind, Role

F = FieldClass

# GraphQL field of Offender (a dotted path for a field nested in a list) -> its class.
OFFENDER_FIELDS: dict[str, FieldClass] = {
    "name": F.IDENTITY,
    "aliases": F.IDENTITY,
    "dateOfBirth": F.IDENTITY,
    "pnc": F.IDENTITY,
    "visorRef": F.IDENTITY,
    "category": F.MAPPA_STATUS,
    "level": F.MAPPA_STATUS,
    "area": F.MAPPA_STATUS,
    "reviewDate": F.MAPPA_STATUS,
    "registeredSexOffender": F.MAPPA_STATUS,
    "leadAgency": F.MAPPA_STATUS,
    # Who manages the case and which agencies share it: case status, not case content.
    "agencies": F.MAPPA_STATUS,
    "officers": F.MAPPA_STATUS,
    "indexOffence": F.OFFENCE_SUMMARY,
    "currentAddress": F.OFFENDER_ADDRESS,
    "addresses": F.OFFENDER_ADDRESS,
    "conditions": F.CONDITIONS,
    "riskOfSeriousHarm": F.RISK_SUMMARY,
    "contacts": F.CONTACTS,
    "associations": F.INTELLIGENCE,
    "victims": F.VICTIM_IDENTITY,
    "victims.location": F.VICTIM_LOCATION,
    "healthNotes": F.HEALTH,
    "lastKnownLocation": F.EM_LOCATION,
    "interventions": F.SUPERVISION,
    "complianceEvents": F.SUPERVISION,
    "notifications": F.SUPERVISION,
    # The risk management plan, read apart from the profile (app/plans, queries/plan/).
    "plan": F.RISK_PLAN,
    "planHistory": F.RISK_PLAN,
}
# The Offender fields another domain reads, not the profile's projection: the plan's.
READ_APART = frozenset({"plan", "planHistory"})

# A victim's own fields (a victim is only listed to a caller with VICTIM_IDENTITY).
VICTIM_FIELDS: dict[str, FieldClass] = {
    "name": F.VICTIM_IDENTITY,
    "dateOfBirth": F.VICTIM_IDENTITY,
    "location": F.VICTIM_LOCATION,
}

# Caseload filters reveal the field they test, so each needs that field's class.
FILTER_FIELDS: dict[str, FieldClass] = {
    "level": F.MAPPA_STATUS,
    "category": F.MAPPA_STATUS,
    "area": F.MAPPA_STATUS,
    "leadAgencyId": F.MAPPA_STATUS,
    "text": F.IDENTITY,
}

# The class that lets a caller find a person of each kind by name.
PERSON_KIND_CLASS: dict[PersonKind, FieldClass] = {
    PersonKind.OFFENDER: F.IDENTITY,
    PersonKind.VICTIM: F.VICTIM_IDENTITY,
    PersonKind.NAMED_CONTACT: F.CONTACTS,
}

HANDLING_C_REASON = "associations graded with handling code C are shown to police principals only"


class Redaction(BaseModel):
    """A field withheld from the caller: which, of what class, and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    field: str = Field(description="The field withheld, by its name in the schema (a dotted "
                       "path for one inside a list, e.g. victims.location).")
    field_class: FieldClass = Field(description="The need-to-know class it belongs to.")
    reason: str = Field(description="Why it is withheld, e.g. not granted to HOUSING / "
                        "PARTNER_OFFICER.")


def sees_handling_c(principal: Principal) -> bool:
    """Intelligence graded with handling code C stays with police principals."""
    return principal.agency_kind is AgencyKind.POLICE


def not_granted_reason(principal: Principal) -> str:
    """'not granted to HOUSING / PARTNER_OFFICER' (one kind / role pair per role)."""
    return _not_granted(principal.agency_kind, principal.roles)


def _not_granted(kind: AgencyKind, roles: tuple[Role, ...]) -> str:
    pairs = ", ".join(f"{kind.value} / {role.value}" for role in roles)
    return f"not granted to {pairs or kind.value}"


# Redactions depend on the agency kind and the roles only: worked out once for each pair (a
# caseload page would otherwise work them out again for every offender on it).
def _withheld(
    fields: dict[str, FieldClass], kind: AgencyKind, roles: tuple[Role, ...]
) -> list[Redaction]:
    granted, reason = field_classes(kind, roles), _not_granted(kind, roles)
    redactions = []
    for path, field_class in fields.items():
        parent, _, _ = path.rpartition(".")
        if field_class in granted or (parent and fields[parent] not in granted):
            continue
        redactions.append(Redaction(field=path, field_class=field_class, reason=reason))
    return redactions


def withheld(fields: dict[str, FieldClass], principal: Principal) -> tuple[Redaction, ...]:
    """The fields of a table like OFFENDER_FIELDS that the principal's classes withhold."""
    return tuple(_withheld(fields, principal.agency_kind, principal.roles))


def offender_redactions(principal: Principal) -> tuple[Redaction, ...]:
    """Every Offender field the principal's classes withhold (a nested one only when its list is
    shown), and the handling code C associations left out for non-police principals."""
    return _offender_redactions(principal.agency_kind, principal.roles)


@cache
def _offender_redactions(kind: AgencyKind, roles: tuple[Role, ...]) -> tuple[Redaction, ...]:
    redactions = _withheld(OFFENDER_FIELDS, kind, roles)
    if F.INTELLIGENCE in field_classes(kind, roles) and kind is not AgencyKind.POLICE:
        redactions.append(Redaction(
            field="associations", field_class=F.INTELLIGENCE, reason=HANDLING_C_REASON
        ))
    return tuple(redactions)


def victim_redactions(principal: Principal) -> tuple[Redaction, ...]:
    return _victim_redactions(principal.agency_kind, principal.roles)


@cache
def _victim_redactions(kind: AgencyKind, roles: tuple[Role, ...]) -> tuple[Redaction, ...]:
    return tuple(_withheld(VICTIM_FIELDS, kind, roles))


def disclosed_classes(principal: Principal, fields: Iterable[str]) -> frozenset[FieldClass]:
    """The classes of the requested Offender fields that the principal was actually shown."""
    requested = {OFFENDER_FIELDS[f] for f in fields if f in OFFENDER_FIELDS}
    return frozenset(requested & principal.field_classes)


def refused_filters(principal: Principal, used: Iterable[str]) -> list[str]:
    """The caseload filters the principal may not use: they test fields it may not see."""
    return [f for f in used if FILTER_FIELDS[f] not in principal.field_classes]
