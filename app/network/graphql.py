"""Link analysis for intelligence units: the network around a person, the shortest chain between
two, and common associates; hidden people are neither shown, counted nor crossed."""

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from app.access.links import LINK_CLASS, RESIDENCE_CLASS, disclosed_by
from app.access.redaction import PERSON_KIND_CLASS
from app.cases.graphql import Person, PersonSummary
from app.core.enums import LinkType, NodeKind, PersonKind
from app.graphql.context import Context
from app.graphql.derived import shown
from app.graphql.descriptions import CLASS_NOTE, described_enum
from app.network import models as domain
from app.network import service

AsAt = Annotated[date | None, strawberry.argument(
    description="Follow the links that stood on this day (default today); who may be seen is "
    "decided as of now.")]
described_enum(NodeKind, "What a node of a network or path is: a person, by the role in "
               "which the caller sees them (which decides the class of their label), or an "
               "address.", {
    NodeKind.OFFENDER: f"An offender. {CLASS_NOTE.format(PERSON_KIND_CLASS[PersonKind.OFFENDER])}",
    NodeKind.VICTIM: f"A victim. {CLASS_NOTE.format(PERSON_KIND_CLASS[PersonKind.VICTIM])}",
    NodeKind.NAMED_CONTACT: "A named contact or household member. "
                            f"{CLASS_NOTE.format(PERSON_KIND_CLASS[PersonKind.NAMED_CONTACT])}",
    NodeKind.ADDRESS: "An address, as a case the caller may see recorded it; its class is its "
                      "resident's (see RESIDES_AT).",
})
LINKS = {
    LinkType.OFFENDED_AGAINST: "The offender offended against the victim.",
    LinkType.HAS_CONTACT: "A named contact of the offender.",
    LinkType.HOUSEHOLD_MEMBER_OF: "A member of the offender's household.",
    LinkType.ASSOCIATES_WITH: "A graded intelligence association (handling code C: police "
                              "only).",
    LinkType.LOCATED_AT: "A victim's protected address.",
}
described_enum(LinkType, "What links two nodes; each link is shown only with the class that "
               "tells it.", {
    **{link: f"{text} {CLASS_NOTE.format(LINK_CLASS[link])}" for link, text in LINKS.items()},
    LinkType.RESIDES_AT: "A person lives or lived at the address. Field class: the "
                         "resident's (" + ", ".join(f"{kind} {field_class}" for kind, field_class
                                                    in RESIDENCE_CLASS.items()) + ").",
})


@strawberry.experimental.pydantic.type(
    model=domain.NetworkNode, all_fields=True,
    description="A person or address in a network or path.")
class NetworkNode:
    id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=domain.Grading, all_fields=True,
    description="An association's grading: source 1-3, information A-E, handling P or C (C: "
    "police only).")
class Grading:
    pass


@strawberry.experimental.pydantic.type(
    model=domain.NetworkEdge, all_fields=True,
    description="A link between two nodes, with what the classes that let the caller follow it "
    "also tell.")
class NetworkEdge:
    source: strawberry.ID
    target: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=domain.Network, all_fields=True,
    description="The people and addresses around a person, as the caller may see them: hidden "
    "people are neither shown, counted nor walked through.")
class Network:
    pass


@strawberry.experimental.pydantic.type(
    model=domain.Path, all_fields=True,
    description="A shortest chain of links between two people, through people the caller may "
    "see only.")
class Path:
    pass


def _record(info: Info[Context, None], found: domain.Network | domain.Path) -> None:
    people, classes = disclosed_by(found.nodes, found.edges)
    info.context.disclosure.record(people, classes)


@strawberry.type
class NetworkQuery:
    @strawberry.field(description="People and addresses within `depth` links (1 to 3) of a "
                      "person, nearest first, at most `limit`, along the links that stood on "
                      "`asAt` (default today; who may be seen is decided as of now); empty when "
                      "the person does not exist or the caller may not see them (the two are "
                      "alike).")
    async def network(
        self, info: Info[Context, None],
        person_id: Annotated[strawberry.ID, strawberry.argument(
            description="The person at the centre.")],
        depth: Annotated[int, strawberry.argument(
            description=f"How many links out to go, 1 to {domain.MAX_NETWORK_DEPTH}.")] = 2,
        limit: Annotated[int, strawberry.argument(
            description="The most people and addresses to return, 1 to "
            f"{domain.MAX_NETWORK_LIMIT:,}.")] = 200,
        as_at: AsAt = None,
    ) -> Network:
        principal = info.context.require_principal()
        found = await service.read_network(
            info.context.graph, principal, str(person_id), depth, limit, as_at=as_at
        )
        if found is None:
            return shown(Network, domain.Network(nodes=(), edges=(), truncated=False))
        _record(info, found)
        return shown(Network, found)

    @strawberry.field(description="The shortest chain of links between two people, through "
                      "people the caller may see only, along the links that stood on `asAt` "
                      "(default today); null when there is none it may see.")
    async def shortest_path(
        self, info: Info[Context, None],
        from_id: Annotated[strawberry.ID, strawberry.argument(description="One person.")],
        to_id: Annotated[strawberry.ID, strawberry.argument(description="The other.")],
        max_depth: Annotated[int, strawberry.argument(
            description=f"The most links the chain may have, 1 to {domain.MAX_PATH_DEPTH}.")] = 4,
        as_at: AsAt = None,
    ) -> Path | None:
        principal = info.context.require_principal()
        found = await service.read_shortest_path(
            info.context.graph, principal, str(from_id), str(to_id), max_depth, as_at=as_at
        )
        if found is None:
            return None
        _record(info, found)
        return shown(Path, found)

    @strawberry.field(description="People linked (associations, contacts, households) to every "
                      "one of `personIds` (2 to 10) by links that stood on `asAt` (default "
                      "today), among those the caller may see.")
    async def common_associates(
        self, info: Info[Context, None],
        person_ids: Annotated[list[strawberry.ID], strawberry.argument(
            description=f"The people, 2 to {domain.MAX_COMMON_PEOPLE}.")],
        as_at: AsAt = None,
    ) -> list[Person]:
        principal = info.context.require_principal()
        found = await service.read_common_associates(
            info.context.graph, principal, [str(i) for i in person_ids], as_at=as_at
        )
        info.context.disclosure.record(
            [a.person.id for a in found], {PERSON_KIND_CLASS[a.kind] for a in found}
        )
        return [shown(PersonSummary, a.person) for a in found]
