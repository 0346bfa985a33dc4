"""reportLocations (PRODUCT.md sections 5 and 6): electronic monitoring systems report batches of
location fixes for the cases their agency is involved in.

Only each offender's newest fix is kept (raw trails are not stored). Every fix is checked against
the offender's zones and barred premises as it arrives, so an entry between two reports is not
missed: a breach at any fix raises its alert in the same transaction. The offenders are then
enqueued (by the unit of work, in that transaction), so the evaluator settles the alerts on where
each offender is now (an alert whose breach has ended is resolved, its history kept). A batch
with one fix the caller may not report changes nothing.
"""

from neo4j import AsyncManagedTransaction

from app.access.principal import Principal
from app.access.write_rights import Write, authorise
from app.alerts import queue
from app.alerts.evaluator import Plan, settle
from app.alerts.models import Finding, LocationsReported, ReportLocationsInput
from app.alerts.places import AT_FIXES
from app.alerts.repository import record_last_fixes
from app.alerts.rules import Fix, Limits
from app.cases.repository import find_offenders_access
from app.core.errors import DomainError, NotFound
from app.platform.uow import Changed, UnitOfWork


async def report_locations(
    uow: UnitOfWork, principal: Principal, data: ReportLocationsInput, limits: Limits
) -> LocationsReported:
    offender_ids = sorted({fix.offender_id for fix in data.fixes})

    async def work(tx: AsyncManagedTransaction) -> Changed[LocationsReported]:
        access = await find_offenders_access(
            tx, offender_ids, principal.agency_id, principal.user_id)
        for index, fix in enumerate(data.fixes):
            try:
                authorise(Write.REPORT_LOCATIONS, principal, access.get(fix.offender_id))
            except DomainError as refusal:
                raise type(refusal)(f"fixes[{index}].offenderId: {refusal.message}") from None
        newest = {f.offender_id: f for f in sorted(data.fixes, key=lambda f: f.at)}
        if await record_last_fixes(tx, list(newest.values()),
                                               principal.agency_id) != len(offender_ids):
            raise NotFound("no such offender")  # the involvement ended meanwhile
        fixes = [Fix(f.offender_id, f.latitude, f.longitude)
                 for f in sorted(data.fixes, key=lambda f: f.at)]
        breaches: dict[str, Finding] = {}
        for at_fixes in AT_FIXES.values():
            for found in await at_fixes(tx, fixes, limits):
                for finding in found:
                    breaches.setdefault(finding.key, finding)
        active = await queue.find_active_alerts(tx, offender_ids)
        held = {alert.key for alert in active}
        outcome = await settle(tx, Plan(raises=[f for key, f in breaches.items()
                                                if key not in held]), active)
        return Changed(
            LocationsReported(accepted=len(data.fixes), offender_ids=tuple(offender_ids),
                              raised=tuple(outcome.raised)),
            offender_ids, newest_alert=outcome.raised[-1].sequence if outcome.raised else 0)

    return await uow.write(work)
