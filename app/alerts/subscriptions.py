"""`alertRaised(after)` (PRODUCT.md section 5): replays the alerts numbered after `after` that the
caller may see, then streams new ones as they are raised, in sequence order.

The sequence is gap-free and committed in order, so a subscriber that resumes with the last
number it received gets every alert once. Before each stretch the caller is checked again (over
a WebSocket: the token, and the officer still an officer of the agency; refused, the connection
ends: app/api/websocket.py), and visibility is decided afresh, so a withdrawal, a revoked grant
or an officer's removal ends what the subscription receives. Each stretch delivered is audited
(a DISCLOSURE) before it is sent.
"""

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
from strawberry.types import Info

from app.alerts import service
from app.alerts.graphql import Alert, alert_of, disclosed
from app.core.enums import AuditAction
from app.core.errors import Invalid
from app.graphql.context import Context, new_entry

# Alerts read per round trip while catching up.
STRETCH = 500


@strawberry.type(description="Streams over WebSocket (graphql-transport-ws; the token and purpose "
                 "in connection_init's payload). Each stretch delivered is checked against the "
                 "caller's token and visibility, and audited, before it is sent.")
class AlertSubscription:
    @strawberry.subscription(description="Alerts on the cases the caller may see (ACTION_OVERDUE: "
                             "to the action's owner agency and the lead agency, as `alerts` "
                             "lists them): those numbered after `after` first (omit it for new "
                             "alerts only), then each new one as it is raised.")
    async def alert_raised(
        self, info: Info[Context, None],
        after: Annotated[int | None, strawberry.argument(
            description="The `sequence` of the last alert received: those after it that the "
            "caller may see now are replayed, in order, before new ones.")] = None,
    ) -> AsyncGenerator[Alert, None]:
        context = info.context
        context.require_principal()
        if after is not None and after < 0:
            raise Invalid("after must be a sequence number, 0 or more", field="after")
        context.disclosure.audited_in_write.add(info.field_name)  # audited stretch by stretch
        newest = await service.newest_sequence(context.graph)
        seen = newest if after is None else after
        while True:
            while seen < newest:
                principal = await context.current_principal()
                up_to = min(newest, seen + STRETCH)
                found = await service.alerts_since(context.graph, principal, seen, up_to)
                if found:
                    subjects, classes = set(), set()
                    for alert in found:
                        people, shown = disclosed(alert, principal)
                        subjects.update(people)
                        classes.update(shown)
                    await context.audit.record(new_entry(
                        context, "subscription alertRaised", AuditAction.DISCLOSURE,
                        subject_ids=subjects, field_classes=classes))
                    for alert in found:
                        yield alert_of(alert, principal)
                seen = up_to
            newest = await context.bus.wait_beyond(seen)
