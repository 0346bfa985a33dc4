"""The demo scenario's personas as the development pages offer them (GraphiQL, the link
explorer's sign-in), registered under the entry-point group `mappa.personas`."""

from datetime import date
from typing import cast

from app.api.http.personas import DevPersona
from seed.demo import PERSONAS, demo_batches
from seed.rows import BatchKind, OffenderRow


def development_personas() -> tuple[DevPersona, ...]:
    """Each demo persona, with the first demo case (by id) its agency is involved in."""
    offenders = [cast("OffenderRow", row) for batch in demo_batches(date.today())
                 if batch.kind is BatchKind.OFFENDERS for row in batch.rows]
    return tuple(
        DevPersona(
            officer_id=p.officer_id, name=p.name, agency_id=p.agency_id,
            agency_kind=p.agency_kind, role=p.role, description=p.description,
            first_case=min((o["id"] for o in offenders
                            if any(i["agencyId"] == p.agency_id for i in o["involvements"])),
                           default=None),
        )
        for p in PERSONAS
    )
