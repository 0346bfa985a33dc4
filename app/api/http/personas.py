"""The demo personas, for the development pages only (the link explorer's sign-in and GraphiQL):
who they are, a development token for one, the purpose of use each works under, and a case each
may see. Neither page offers them in production, and `issue_dev_token` refuses to sign there."""

from datetime import date
from typing import TYPE_CHECKING, cast

from app.access.tokens import issue_dev_token
from app.core.enums import Purpose, Role
from app.settings import Settings

if TYPE_CHECKING:
    from seed.demo import Persona
    from seed.rows import OffenderRow

PURPOSES = {
    Role.INTELLIGENCE_ANALYST: Purpose.INVESTIGATION,
    Role.VICTIM_LIAISON_OFFICER: Purpose.VICTIM_SAFETY,
    Role.MAPPA_COORDINATOR: Purpose.MAPP_MEETING,
    Role.PARTNER_SYSTEM: Purpose.PARTNER_INTEGRATION,
    Role.AUDITOR: Purpose.AUDIT,
    Role.ADMIN: Purpose.ADMINISTRATION,
}  # the others: RISK_MANAGEMENT


def demo_personas() -> "tuple[Persona, ...]":
    from seed.demo import PERSONAS  # noqa: PLC0415 - development only; the demo's cast

    return PERSONAS


def persona_listing() -> list[dict[str, str]]:
    """The personas as the pages list them."""
    return [{"userId": p.officer_id, "name": p.name, "agencyId": p.agency_id,
             "agencyKind": p.agency_kind.value, "role": p.role.value,
             "description": p.description} for p in demo_personas()]


def persona_named(user_id: str) -> "Persona | None":
    return next((p for p in demo_personas() if p.officer_id == user_id), None)


def persona_token(settings: Settings, persona: "Persona") -> str:
    return issue_dev_token(settings, persona.officer_id, persona.agency_id, [Role(persona.role)])


def purpose_of(persona: "Persona") -> Purpose:
    return PURPOSES.get(Role(persona.role), Purpose.RISK_MANAGEMENT)


def first_case(persona: "Persona") -> str | None:
    """The first demo case (by id) that the persona's agency is involved in."""
    from seed.demo import demo_batches  # noqa: PLC0415 - development only
    from seed.rows import BatchKind  # noqa: PLC0415

    offenders = (cast("OffenderRow", row) for batch in demo_batches(date.today())
                 if batch.kind is BatchKind.OFFENDERS for row in batch.rows)
    return min((o["id"] for o in offenders
                if any(i["agencyId"] == persona.agency_id for i in o["involvements"])),
               default=None)
