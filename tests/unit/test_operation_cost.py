"""What the service's own clients send stays well under the default cost limit, and the
estimate follows the page sizes and traversal arguments it is given."""

from typing import Any

import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse

from app.api.cost import operation_cost
from app.api.schema import build_schema
from app.settings import Settings
from bench import alerts as bench_alerts
from bench import latency as bench_latency
from dev.documents import web_documents

SCHEMA = build_schema(Settings())._schema
WELL_UNDER = Settings().graphql_max_cost // 2


def cost(query: str, variables: dict[str, Any] | None = None) -> int:
    document = parse(query)
    [operation] = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    estimate = operation_cost(SCHEMA, operation, fragments, variables)
    assert estimate is not None
    return estimate.cost


def explorer_documents() -> dict[str, str]:
    """The explorer's documents and the sign-in's `me` (web/common/documents.js), as Node.js
    evaluates them."""
    prefix = "web/common/documents.js "
    return {where.removeprefix(prefix + "EXPLORER.").removeprefix(prefix).lower(): text
            for where, text in web_documents()
            if where.startswith(prefix + "EXPLORER.") or where == prefix + "ME"}


EXPLORER_VARIABLES: dict[str, dict[str, Any]] = {
    "me": {},
    "search": {"text": "lomax"},
    "network": {"id": "p", "depth": 3, "limit": 1000},  # the largest the API allows
    "path": {"from": "a", "to": "b", "maxDepth": 6},
    "common": {"ids": [f"p{i}" for i in range(10)]},
    "offender": {"id": "p"},
}


def test_the_explorers_documents_are_all_priced() -> None:
    assert set(explorer_documents()) == set(EXPLORER_VARIABLES)


@pytest.mark.parametrize("name", sorted(EXPLORER_VARIABLES))
def test_the_explorers_operations_stay_well_under_the_default(name: str) -> None:
    assert cost(explorer_documents()[name], EXPLORER_VARIABLES[name]) <= WELL_UNDER


@pytest.mark.parametrize("query", [
    bench_latency.OFFENDER, bench_latency.CASELOAD, bench_latency.NETWORK, bench_latency.PATH,
    bench_latency.SEARCH, bench_alerts.RECORD_ADDRESS, bench_alerts.SUBSCRIBE,
], ids=["offender", "caseload", "network", "path", "search", "recordAddress", "alertRaised"])
def test_the_bench_operations_stay_well_under_the_default(query: str) -> None:
    variables = {"id": "p", "from": "a", "to": "b", "text": "x", "first": 100, "input": {
        "personId": "p", "from": "2026-01-01", "address": {
            "line1": "1 High St", "town": "Leeds", "postcode": "LS1 1AA",
            "latitude": 53.8, "longitude": -1.5}}}
    assert cost(query, variables) <= WELL_UNDER


def test_pages_and_traversals_price_by_their_arguments() -> None:
    caseload = "query($n: Int!) { offenders(first: $n) { edges { node { id name } } } }"
    assert cost(caseload, {"n": 10}) == 1 + 1 + 10 * 3
    assert cost(caseload, {"n": 100}) == 1 + 1 + 100 * 3
    assert cost("{ offenders { edges { node { id name } } } }") == 1 + 1 + 20 * 3  # default page
    network = "{ network(personId: \"p\", depth: %d, limit: %d) { nodes { id } } }"
    assert cost(network % (1, 100)) == 100 + 1 + 100
    assert cost(network % (3, 100)) == 300 + 1 + 100
    path = "{ shortestPath(fromId: \"a\", toId: \"b\", maxDepth: 6) { length } }"
    assert cost(path) == 2 ** 6 + 1
    # An offender's own lists are taken to hold ten each.
    assert cost("{ offender(id: \"p\") { addresses { from to } } }") == 1 + 1 + 10 * 2
