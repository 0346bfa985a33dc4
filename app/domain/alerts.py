"""An alert as one caller may see it: its counterpart and distance are None when withheld
(`counterpart_type` and `distance_recorded` tell withheld from absent)."""

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from app.domain.enums import AlertRule, AlertStatus, PremisesKind, Severity
from app.domain.offenders import GeoPoint, PersonKind, PersonSummary, Record, Zone


class CounterpartType(StrEnum):
    PERSON = "PERSON"
    ZONE = "ZONE"
    PREMISES = "PREMISES"


class Premises(Record):
    id: str
    name: str
    kind: PremisesKind
    location: GeoPoint | None = None


class AlertOffender(Record):
    id: str
    name: str | None


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


class AlertFilter(Record):
    status: AlertStatus | None = None
    rule: AlertRule | None = None
    severity: Severity | None = None
    offender_id: str | None = Field(default=None, max_length=100)


class AlertPage(Record):
    alerts: tuple[AlertRecord, ...]
    has_next_page: bool
