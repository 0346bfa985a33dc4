"""Which field class each traversal result discloses (for the audit event): a person by the role
that lets the caller see them, a link by what it tells (queries/network/ hold the same rules)."""

from collections.abc import Iterable

from app.access.redaction import PERSON_KIND_CLASS
from app.core.enums import FieldClass, LinkType, NodeKind, PersonKind
from app.network.models import NetworkEdge, NetworkNode

F = FieldClass

LINK_CLASS: dict[LinkType, FieldClass] = {
    LinkType.OFFENDED_AGAINST: F.VICTIM_IDENTITY,
    LinkType.HAS_CONTACT: F.CONTACTS,
    LinkType.HOUSEHOLD_MEMBER_OF: F.CONTACTS,
    LinkType.ASSOCIATES_WITH: F.INTELLIGENCE,
    LinkType.LOCATED_AT: F.VICTIM_LOCATION,
}

# A residence is the address of whoever lives there, in that person's class.
RESIDENCE_CLASS: dict[NodeKind, FieldClass] = {
    NodeKind.OFFENDER: F.OFFENDER_ADDRESS,
    NodeKind.VICTIM: F.VICTIM_LOCATION,
    NodeKind.NAMED_CONTACT: F.CONTACTS,
}


def disclosed_by(
    nodes: Iterable[NetworkNode], edges: Iterable[NetworkEdge]
) -> tuple[list[str], set[FieldClass]]:
    """The people and addresses a traversal returned (every node) and the classes its nodes and
    links disclosed."""
    kinds = {node.id: node.kind for node in nodes}
    classes = {PERSON_KIND_CLASS[PersonKind(kind)] for kind in kinds.values()
               if kind is not NodeKind.ADDRESS}
    for edge in edges:
        if edge.type is LinkType.RESIDES_AT:
            classes.add(RESIDENCE_CLASS[kinds[edge.source]])
        else:
            classes.add(LINK_CLASS[edge.type])
    return list(kinds), classes
