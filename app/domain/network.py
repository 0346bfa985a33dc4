"""The links around people, as one caller may see them: who, which addresses, joined by what."""

from enum import StrEnum

from app.domain.offenders import PersonKind, PersonSummary, Record

# How far a caller may walk, and how much one answer may hold (PRODUCT.md section 6).
MAX_NETWORK_DEPTH = 3
MAX_NETWORK_LIMIT = 1_000
MAX_PATH_DEPTH = 6
MAX_COMMON_PEOPLE = 10


class NodeKind(StrEnum):
    """What a node of a network or path is: a person by the role that lets the caller see them,
    or an address."""

    OFFENDER = "OFFENDER"
    VICTIM = "VICTIM"
    NAMED_CONTACT = "NAMED_CONTACT"
    ADDRESS = "ADDRESS"


class LinkType(StrEnum):
    OFFENDED_AGAINST = "OFFENDED_AGAINST"
    HAS_CONTACT = "HAS_CONTACT"
    HOUSEHOLD_MEMBER_OF = "HOUSEHOLD_MEMBER_OF"
    ASSOCIATES_WITH = "ASSOCIATES_WITH"
    RESIDES_AT = "RESIDES_AT"
    LOCATED_AT = "LOCATED_AT"


class NetworkNode(Record):
    id: str
    kind: NodeKind
    label: str | None


class NetworkEdge(Record):
    source: str
    target: str
    type: LinkType


class Network(Record):
    nodes: tuple[NetworkNode, ...]
    edges: tuple[NetworkEdge, ...]
    truncated: bool


class Path(Record):
    nodes: tuple[NetworkNode, ...]
    edges: tuple[NetworkEdge, ...]
    length: int


class Associate(Record):
    person: PersonSummary
    kind: PersonKind
