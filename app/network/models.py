"""The links around people, as one caller may see them: who, which addresses, joined by what."""

from datetime import date
from enum import StrEnum

from app.cases.models import PersonKind, PersonSummary, Record

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


class Grading(Record):
    """An association's intelligence grading (3x5x2): source 1-3, information A-E, handling P/C."""

    source: int | None
    information: str | None
    handling: str | None


class NetworkEdge(Record):
    """A link, with what the classes that let the caller follow it also tell: when it began
    (a residence's or protected address's `from`, a household's `since`, an association's
    `observedAt`) and ended, a contact's relationship or a residence's kind, an association's
    grading."""

    source: str
    target: str
    type: LinkType
    since: date | None = None
    until: date | None = None
    detail: str | None = None
    grading: Grading | None = None


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
