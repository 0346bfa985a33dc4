"""Who sees a MAPPA meeting, and what of its agenda (docs/plans-design.md section 2).

A meeting is visible to the officers of an agency invited to it, and to the MAPPA coordinators
of Responsible Authority agencies in its area (`coordinates_area_meetings`, the parameter
`areaCoordinator` of queries/_fragments/meeting_visible.cypher). Otherwise it is answered as one
that does not exist. An agenda item lists a case only when the caller may see that case, and its
fields follow the caller's classes like an offender's (AGENDA_ITEM_FIELDS).
"""

from app.access.principal import Principal
from app.access.redaction import Redaction, withheld
from app.access.write_rights import MEETING_AGENCIES
from app.core.enums import FieldClass as F
from app.core.enums import Role

# GraphQL field of AgendaItem (a dotted path for one inside `decision`) -> its class.
AGENDA_ITEM_FIELDS: dict[str, F] = {
    "decision": F.MAPPA_STATUS,
    "decision.plan": F.RISK_PLAN,
    "minutes": F.RISK_PLAN,
    "complianceSince": F.SUPERVISION,
}


def coordinates_area_meetings(principal: Principal) -> bool:
    """A MAPPA coordinator of a police, probation or prison agency sees its area's meetings."""
    return principal.agency_kind in MEETING_AGENCIES and Role.MAPPA_COORDINATOR in principal.roles


def agenda_item_redactions(principal: Principal) -> tuple[Redaction, ...]:
    """Every AgendaItem field the principal's classes withhold."""
    return withheld(AGENDA_ITEM_FIELDS, principal)
