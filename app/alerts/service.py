"""Alerts: a page of the list, or the stretch of the sequence a subscription has not yet
delivered (one round trip each); an officer's acknowledgement or resolution."""

from neo4j import AsyncManagedTransaction

from app.access.principal import Principal
from app.access.write_rights import Write, authorise, forbidden
from app.alerts import repository
from app.alerts.models import AlertDecision, AlertFilter, AlertPage, AlertRecord
from app.alerts.queue import read_alert_head
from app.cases.repository import find_offender_access
from app.core.enums import AlertStatus
from app.core.errors import Conflict
from app.platform.neo4j.driver import Graph
from app.platform.uow import Changed, UnitOfWork


async def read_alerts(
    graph: Graph, principal: Principal, wanted: AlertFilter, after_sequence: int | None,
    first: int,
) -> AlertPage:
    """Alerts on the offenders the caller may see, newest first."""
    return await graph.read_one(repository.list_alerts, principal, wanted, after_sequence, first)


async def alerts_since(
    graph: Graph, principal: Principal, newer_than: int, up_to: int
) -> list[AlertRecord]:
    """The alerts numbered in (newer_than, up_to] on the cases the caller may see now."""
    return await graph.read_one(repository.list_alerts_since, principal, newer_than, up_to)


async def newest_sequence(graph: Graph) -> int:
    return await graph.read(read_alert_head)


async def decide_alert(
    uow: UnitOfWork, principal: Principal, wanted: AlertDecision, status: AlertStatus
) -> AlertRecord:
    """Acknowledge (ACKNOWLEDGED) or resolve (RESOLVED) an alert that goes to the caller, on a
    case the caller's agency is involved in; return it as the caller sees it. An alert that does
    not go to the caller is NOT_FOUND like a missing one; one that does, on a case it does not see
    (an ACTION_OVERDUE alert to the action's owner agency), is FORBIDDEN."""
    write = Write.ACKNOWLEDGE_ALERT if status is AlertStatus.ACKNOWLEDGED else Write.RESOLVE_ALERT

    async def work(tx: AsyncManagedTransaction) -> Changed[AlertRecord]:
        case = await repository.find_alert_case(tx, wanted.id, principal)
        access = None if case is None or not case.to_caller else await find_offender_access(
            tx, case.offender_id, principal.agency_id, principal.user_id)
        if access is not None and not access.visible:  # it knows of the alert, not the case
            raise forbidden(write, principal)
        authorise(write, principal, access, missing="no such alert")
        assert case is not None
        if not await repository.decide_alert(tx, wanted.id, status, wanted.note,
                                              user_id=principal.user_id,
                                              agency_id=principal.agency_id):
            raise Conflict(f"alert {wanted.id!r} is already {case.status.lower()}")
        [alert] = await repository.list_alerts_since(tx, principal, case.sequence - 1,
                                                     case.sequence)
        return Changed(alert)

    return await uow.write(work)
