"""The links around people, as one caller may see them: who, which addresses, joined by what."""

from datetime import date

from pydantic import Field

from app.cases.models import PersonSummary, Record
from app.core.enums import LinkType, NodeKind, PersonKind

# How far a caller may walk, and how much one answer may hold (PRODUCT.md section 6).
MAX_NETWORK_DEPTH = 3
MAX_NETWORK_LIMIT = 1_000
MAX_PATH_DEPTH = 6
MAX_COMMON_PEOPLE = 10


class NetworkNode(Record):
    id: str = Field(description="The person's or address's id.")
    kind: NodeKind = Field(description="What it is.")
    label: str | None = Field(description="A person's name, or an address's first line and "
                              "postcode.")


class Grading(Record):
    """An association's intelligence grading (3x5x2): source 1-3, information A-E, handling P/C."""

    source: int | None = Field(description="Source evaluation, 1 (reliable) to 3 (not "
                               "reliable).")
    information: str | None = Field(description="Information assessment, A (known directly) to "
                                    "E (suspected false).")
    handling: str | None = Field(description="P (may be shared) or C (police only).")


class NetworkEdge(Record):
    """A link, with what the classes that let the caller follow it also tell: when it began
    (a residence's or protected address's `from`, a household's `since`, an association's
    `observedAt`) and ended, a contact's relationship or a residence's kind, an association's
    grading."""

    source: str = Field(description="The node the link starts from.")
    target: str = Field(description="The node it leads to.")
    type: LinkType = Field(description="What the link is.")
    since: date | None = Field(
        default=None, description="When the link began: a residence's or protected address's "
        "`from`, a household's `since`, an association's `observedAt` (its date).")
    until: date | None = Field(default=None, description="When the link ended; null while "
                               "current.")
    detail: str | None = Field(default=None, description="A contact's relationship (SIBLING, "
                               "FRIEND...) or a residence's kind.")
    grading: Grading | None = Field(default=None, description="ASSOCIATES_WITH only.")


class Network(Record):
    nodes: tuple[NetworkNode, ...] = Field(description="The people and addresses, nearest "
                                           "first.")
    edges: tuple[NetworkEdge, ...] = Field(description="The links between them.")
    truncated: bool = Field(description="More people or addresses the caller may see lie within "
                            "the depth than `limit` allowed; the nearest are shown.")


class Path(Record):
    nodes: tuple[NetworkNode, ...] = Field(description="The nodes in order, from `fromId` to "
                                           "`toId`.")
    edges: tuple[NetworkEdge, ...] = Field(description="The links in order.")
    length: int = Field(description="How many links it has.")


class Associate(Record):
    person: PersonSummary
    kind: PersonKind
