"""The alert mutations (PRODUCT.md sections 5 and 6): location fixes from electronic monitoring,
and an officer's acknowledgement or resolution of an alert."""

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from app.access.principal import Principal
from app.access.write_rights import Write
from app.alerts import locations, models
from app.alerts import service as alerts
from app.alerts.graphql import Alert, alert_of, disclosed
from app.alerts.models import AlertRecord, LocationsReported
from app.alerts.rules import Limits
from app.core.enums import AlertStatus
from app.core.enums import FieldClass as F
from app.graphql.context import Context
from app.graphql.descriptions import write_description
from app.graphql.writes import ALTERATION, COLLECTION, Arguments, input_type, write_made
from app.platform.uow import UnitOfWork


@input_type(models.LocationFix, "One reported location of an offender.")
class LocationFixInput:
    offender_id: strawberry.ID
    at: datetime


@strawberry.type(description="What a batch of location fixes did.")
class ReportLocationsPayload:
    accepted: int = strawberry.field(description="Fixes accepted (only each offender's newest "
                                                 "is kept).")
    raised: list[Alert] = strawberry.field(description="Alerts the fixes raised, as the caller "
                                                       "may see them.")


AlertId = Annotated[strawberry.ID, strawberry.argument(description="The alert's id.")]
AlertNote = Annotated[str | None, strawberry.argument(
    description="What the officer notes; shown only to those holding every class of the "
    "alert.")]


@strawberry.type
class AlertMutation:
    @strawberry.mutation(description=write_description(
        Write.REPORT_LOCATIONS, "Report location fixes from electronic monitoring; each fix is "
        "checked against the offender's zones and barred premises."))
    async def report_locations(
        self, info: Info[Context, None],
        fixes: Annotated[list[LocationFixInput], strawberry.argument(
            description=f"The fixes, 1 to {models.MAX_FIXES:,}.")],
    ) -> ReportLocationsPayload | None:
        context = info.context
        principal = context.require_principal()
        limits = Limits.from_settings(context.settings)

        async def report(uow: UnitOfWork, caller: Principal, data: models.ReportLocationsInput
                         ) -> LocationsReported:
            return await locations.report_locations(uow, caller, data, limits)

        made = await write_made(
            info, report, Arguments(models.ReportLocationsInput,
                                    {"fixes": [strawberry.asdict(fix) for fix in fixes]}),
            action=COLLECTION, classes=[F.EM_LOCATION], subjects=lambda r: r.offender_ids)
        shown = []
        if made.raised:
            wanted = {alert.id for alert in made.raised}
            found = await alerts.alerts_since(context.graph, principal,
                                              made.raised[0].sequence - 1,
                                              made.raised[-1].sequence)
            shown = [alert_of(a, principal) for a in found if a.id in wanted]
        return ReportLocationsPayload(accepted=made.accepted, raised=shown)

    @strawberry.mutation(description=write_description(
        Write.ACKNOWLEDGE_ALERT, "Acknowledge an open alert: an officer of an involved agency "
        "is dealing with it."))
    async def acknowledge_alert(
        self, info: Info[Context, None], id: AlertId, note: AlertNote = None
    ) -> Alert | None:
        return await _decide(info, id, note, AlertStatus.ACKNOWLEDGED)

    @strawberry.mutation(description=write_description(
        Write.RESOLVE_ALERT, "Resolve an alert by hand (it is not raised again while its "
        "situation holds)."))
    async def resolve_alert(
        self, info: Info[Context, None], id: AlertId, note: AlertNote = None
    ) -> Alert | None:
        return await _decide(info, id, note, AlertStatus.RESOLVED)


async def _decide(
    info: Info[Context, None], alert_id: str, note: str | None, status: AlertStatus
) -> Alert:
    principal = info.context.require_principal()

    async def decide(uow: UnitOfWork, caller: Principal, wanted: models.AlertDecision
                     ) -> AlertRecord:
        return await alerts.decide_alert(uow, caller, wanted, status)

    made = await write_made(info, decide, Arguments(models.AlertDecision,
                                                    {"id": alert_id, "note": note}),
                            action=ALTERATION,
                            classes=lambda r: disclosed(r, principal)[1],
                            subjects=lambda r: [*disclosed(r, principal)[0], r.id])
    return alert_of(made, principal)
