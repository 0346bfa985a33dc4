"""The demo personas, for the development pages only (the link explorer's sign-in and GraphiQL):
who they are, a development token for one, the purpose of use each works under, and a case each
may see. Neither page offers them in production, and `issue_dev_token` refuses to sign there.

The personas are the demo scenario's, which is a development tool (seed/): a development install
registers them under the entry-point group `mappa.personas`; without it there are none."""

from dataclasses import dataclass
from functools import cache

from app.access.tokens import issue_dev_token
from app.core.enums import AgencyKind, Purpose, Role
from app.platform.entry_points import installed
from app.settings import Settings

PURPOSES = {
    Role.INTELLIGENCE_ANALYST: Purpose.INVESTIGATION,
    Role.VICTIM_LIAISON_OFFICER: Purpose.VICTIM_SAFETY,
    Role.MAPPA_COORDINATOR: Purpose.MAPP_MEETING,
    Role.PARTNER_SYSTEM: Purpose.PARTNER_INTEGRATION,
    Role.AUDITOR: Purpose.AUDIT,
    Role.ADMIN: Purpose.ADMINISTRATION,
}  # the others: RISK_MANAGEMENT


@dataclass(frozen=True)
class DevPersona:
    """A demo user the development pages offer, and the first case (by id) its agency is
    involved in."""

    officer_id: str
    name: str
    agency_id: str
    agency_kind: AgencyKind
    role: Role
    description: str
    first_case: str | None


@cache
def demo_personas() -> tuple[DevPersona, ...]:
    """Every persona the installed packages register (`mappa.personas`: functions returning
    them), in the order they give."""
    return tuple(persona for personas in installed("mappa.personas") for persona in personas())


def persona_listing() -> list[dict[str, str]]:
    """The personas as the pages list them."""
    return [{"userId": p.officer_id, "name": p.name, "agencyId": p.agency_id,
             "agencyKind": p.agency_kind.value, "role": p.role.value,
             "description": p.description} for p in demo_personas()]


def persona_named(user_id: str) -> DevPersona | None:
    return next((p for p in demo_personas() if p.officer_id == user_id), None)


def persona_token(settings: Settings, persona: DevPersona) -> str:
    return issue_dev_token(settings, persona.officer_id, persona.agency_id, [Role(persona.role)])


def purpose_of(persona: DevPersona) -> Purpose:
    return PURPOSES.get(Role(persona.role), Purpose.RISK_MANAGEMENT)
