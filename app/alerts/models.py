"""An alert as one caller may see it: its counterpart, distance, emergency grant and plan action
are None when withheld (`counterpart_type`, `distance_recorded` and `grant_recorded` tell withheld
from absent); `placed_by_fix` says that a location fix put the offender where the alert says he
was, which only EM_LOCATION may learn; `action_owned` that the caller's agency owns the alert's
plan action (the owner exception), and `case_visible` whether it sees the case (an action's owner
may not)."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from app.cases.models import AgencySummary, EmergencyGrant, GeoPoint, PersonSummary, Record, Zone
from app.core.enums import (
    AlertRule,
    AlertStatus,
    CounterpartType,
    PersonKind,
    PremisesKind,
    Severity,
)
from app.core.inputs import (
    LATITUDE,
    LONGITUDE,
    OFFENDER_ID,
    Id,
    Input,
    Latitude,
    Longitude,
    PastInstant,
    Text,
)


class Placement(StrEnum):
    """What put the offender where a location alert (NEAR_RESTRICTED_PREMISES,
    EXCLUSION_ZONE_ENTRY) says he was: a current residence, or a location fix from electronic
    monitoring. Recorded on the alert as it is raised (`placedBy`)."""

    RESIDENCE = "RESIDENCE"
    FIX = "FIX"


class Premises(Record):
    id: str = Field(description="The premises' id.")
    name: str = Field(description="The premises' name.")
    kind: PremisesKind = Field(description="What kind of premises.")
    location: GeoPoint | None = Field(default=None, description="Where they are.")


class AlertAction(Record):
    """The plan action an ACTION_OVERDUE alert is about, as its owner agency and callers holding
    RISK_PLAN read it."""

    id: str = Field(description="The action's id.")
    text: str = Field(description="What the plan asks the owner agency to do.")
    due_on: date = Field(description="When it was due.")
    owner_agency: AgencySummary | None = Field(default=None,
                                               description="The agency that owes it.")


class AlertOffender(Record):
    id: str = Field(description="The offender's id.")
    name: str | None = Field(description="The offender's name; null when withheld.")


class AlertRecord(Record):
    id: str
    sequence: int
    rule: AlertRule
    severity: Severity
    status: AlertStatus
    raised_at: datetime
    resolved_at: datetime | None = None
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    note: str | None = None
    offender: AlertOffender
    counterpart_type: CounterpartType | None = None
    # The role the counterpart plays on the case (VICTIM, NAMED_CONTACT, OFFENDER), and the one
    # through which the caller may see them (None: hidden).
    counterpart_role: PersonKind | None = None
    person_kind: PersonKind | None = None
    person: PersonSummary | None = None
    zone: Zone | None = None
    premises: Premises | None = None
    distance_metres: float | None = None
    distance_recorded: bool = False
    # A location fix placed the offender (an alert raised before placements were recorded, of a
    # rule a fix can raise, is taken to be so): its counterpart and distance need EM_LOCATION.
    placed_by_fix: bool = False
    emergency_grant: EmergencyGrant | None = None
    grant_recorded: bool = False
    action: AlertAction | None = None
    action_owned: bool = False  # the caller's agency owns the action (the owner exception)
    case_visible: bool = True  # the caller sees the case (an action's owner may not)


class AlertFilter(Record):
    """The alerts' filter (the GraphQL AlertFilter is derived from it)."""

    status: AlertStatus | None = Field(default=None, description="In this status.")
    rule: AlertRule | None = Field(default=None, description="Raised by this rule.")
    offender_id: str | None = Field(default=None, max_length=100,
                                    description="On this offender's case.")
    severity: Severity | None = Field(default=None, description="Of this severity.")


class AlertPage(Record):
    alerts: tuple[AlertRecord, ...]
    has_next_page: bool


class Finding(Record):
    """One situation a rule finds holding now: the alert it calls for is keyed by
    (rule, offender, counterpart), so finding it again never raises it twice."""

    rule: AlertRule
    offender_id: str
    counterpart_type: CounterpartType | None = None
    counterpart_id: str | None = None
    distance_metres: float | None = None
    placed_by: Placement | None = None  # for the location rules: residence or fix

    @property
    def key(self) -> str:
        return dedupe_key(self.rule, self.offender_id, self.counterpart_id)


def dedupe_key(rule: AlertRule, offender_id: str, counterpart_id: str | None) -> str:
    return f"{rule}|{offender_id}|{counterpart_id or '-'}"


class ActiveAlert(Record):
    """An alert that still holds its dedupe key: open, acknowledged, or resolved by hand while
    its situation still holds (so that it is not raised again until the situation ends)."""

    id: str
    key: str
    status: AlertStatus
    placed_by: Placement | None = None  # None: not a location alert, or raised before recorded


class RaisedAlert(Record):
    """What the evaluator raised: enough to wake subscribers and address webhooks."""

    id: str
    sequence: int
    rule: AlertRule
    severity: Severity
    offender_id: str


class NewAlert(Record):
    """An alert the evaluator is about to raise (its id made before the transaction runs)."""

    id: str
    key: str
    rule: AlertRule
    severity: Severity
    offender_id: str
    counterpart_type: CounterpartType | None = None
    counterpart_id: str | None = None
    distance_metres: float | None = None
    placed_by: Placement | None = None


class LocationsReported(Record):
    """What a reportLocations call did: fixes accepted, for which offenders, alerts raised."""

    accepted: int
    offender_ids: tuple[str, ...]
    raised: tuple[RaisedAlert, ...]


# The inputs of the alert writes: location fixes and an officer's decision.

MAX_FIXES = 1_000  # location fixes in one reportLocations call


class LocationFix(Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    latitude: Latitude = Field(description=LATITUDE)
    longitude: Longitude = Field(description=LONGITUDE)
    at: PastInstant = Field(description="When the fix was taken (not in the future).")


class ReportLocationsInput(Input):
    fixes: Annotated[list[LocationFix], Field(min_length=1, max_length=MAX_FIXES)]


class AlertDecision(Input):
    """acknowledgeAlert / resolveAlert: which alert, and the officer's note."""

    id: Id
    note: Text | None = None
