"""Link analysis for intelligence units: the network around a person, the shortest chain between
two, and common associates; hidden people are neither shown, counted nor crossed."""

from datetime import date

import strawberry
from strawberry.types import Info

from app.api.graphql.context import Context
from app.api.graphql.offenders import Person, person_summary
from app.domain import network as domain
from app.domain.network import LinkType, NodeKind
from app.policy.links import disclosed_by
from app.policy.redaction import PERSON_KIND_CLASS
from app.services import network as service

for contract_enum in (NodeKind, LinkType):
    strawberry.enum(contract_enum)


@strawberry.type
class NetworkNode:
    id: strawberry.ID
    kind: NodeKind
    label: str | None


@strawberry.type(description="An association's grading: source 1-3, information A-E, "
                  "handling P or C (C: police only).")
class Grading:
    source: int | None
    information: str | None
    handling: str | None


@strawberry.type
class NetworkEdge:
    source: strawberry.ID
    target: strawberry.ID
    type: LinkType
    since: date | None = strawberry.field(
        description="When the link began: a residence's or protected address's `from`, a "
        "household's `since`, an association's `observedAt` (its date).")
    until: date | None = strawberry.field(description="When the link ended; null while current.")
    detail: str | None = strawberry.field(
        description="A contact's relationship (SIBLING, FRIEND...) or a residence's kind.")
    grading: Grading | None = strawberry.field(description="ASSOCIATES_WITH only.")


@strawberry.type
class Network:
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    truncated: bool = strawberry.field(
        description="More people or addresses the caller may see lie within the depth than "
        "`limit` allowed; the nearest are shown."
    )


@strawberry.type
class Path:
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    length: int


def _nodes(nodes: tuple[domain.NetworkNode, ...]) -> list[NetworkNode]:
    return [NetworkNode(id=strawberry.ID(n.id), kind=n.kind, label=n.label) for n in nodes]


def _edges(edges: tuple[domain.NetworkEdge, ...]) -> list[NetworkEdge]:
    return [NetworkEdge(
        source=strawberry.ID(e.source), target=strawberry.ID(e.target), type=e.type,
        since=e.since, until=e.until, detail=e.detail,
        grading=Grading(source=e.grading.source, information=e.grading.information,
                        handling=e.grading.handling) if e.grading else None,
    ) for e in edges]


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
        self, info: Info[Context, None], person_id: strawberry.ID, depth: int = 2,
        limit: int = 200, as_at: date | None = None,
    ) -> Network:
        principal = info.context.require_principal()
        found = await service.read_network(
            info.context.graph, principal, str(person_id), depth, limit, as_at=as_at
        )
        if found is None:
            return Network(nodes=[], edges=[], truncated=False)
        _record(info, found)
        return Network(nodes=_nodes(found.nodes), edges=_edges(found.edges),
                       truncated=found.truncated)

    @strawberry.field(description="The shortest chain of links between two people, through "
                      "people the caller may see only, along the links that stood on `asAt` "
                      "(default today); null when there is none it may see.")
    async def shortest_path(
        self, info: Info[Context, None], from_id: strawberry.ID, to_id: strawberry.ID,
        max_depth: int = 4, as_at: date | None = None,
    ) -> Path | None:
        principal = info.context.require_principal()
        found = await service.read_shortest_path(
            info.context.graph, principal, str(from_id), str(to_id), max_depth, as_at=as_at
        )
        if found is None:
            return None
        _record(info, found)
        return Path(nodes=_nodes(found.nodes), edges=_edges(found.edges), length=found.length)

    @strawberry.field(description="People linked (associations, contacts, households) to every "
                      "one of `personIds` (2 to 10) by links that stood on `asAt` (default "
                      "today), among those the caller may see.")
    async def common_associates(
        self, info: Info[Context, None], person_ids: list[strawberry.ID],
        as_at: date | None = None,
    ) -> list[Person]:
        principal = info.context.require_principal()
        found = await service.read_common_associates(
            info.context.graph, principal, [str(i) for i in person_ids], as_at=as_at
        )
        info.context.disclosure.record(
            [a.person.id for a in found], {PERSON_KIND_CLASS[a.kind] for a in found}
        )
        return [person_summary(a.person) for a in found]
