"""Reading alerts: a page of the list, or the stretch of the sequence a subscription has not yet
delivered; one round trip each."""

from app.domain.alerts import AlertFilter, AlertPage, AlertRecord
from app.graph.driver import Graph
from app.policy.principal import Principal
from app.repositories import alerts as repository
from app.repositories.evaluation import read_alert_head


async def read_alerts(
    graph: Graph, principal: Principal, wanted: AlertFilter, after_sequence: int | None,
    first: int,
) -> AlertPage:
    """Alerts on the offenders the caller may see, newest first."""
    return await graph.read(repository.list_alerts, principal, wanted, after_sequence, first)


async def alerts_since(
    graph: Graph, principal: Principal, newer_than: int, up_to: int
) -> list[AlertRecord]:
    """The alerts numbered in (newer_than, up_to] on the cases the caller may see now."""
    return await graph.read(repository.list_alerts_since, principal, newer_than, up_to)


async def newest_sequence(graph: Graph) -> int:
    return await graph.read(read_alert_head)
