"""Listing alerts (the evaluator that raises them is app/alerts/, next): one round trip."""

from app.domain.alerts import AlertFilter, AlertPage
from app.graph.driver import Graph
from app.policy.principal import Principal
from app.repositories import alerts as repository


async def read_alerts(
    graph: Graph, principal: Principal, wanted: AlertFilter, after_sequence: int | None,
    first: int,
) -> AlertPage:
    """Alerts on the offenders the caller may see, newest first."""
    return await graph.read(repository.list_alerts, principal, wanted, after_sequence, first)
