"""The alert rules of PRODUCT.md section 5, one row each (`RULES`): the code and severity, what
the alert tells a caller who holds the class it depends on and what it tells anyone else, the
query that finds, for a batch of offenders, every situation of the rule that holds now
(queries/rules/) with the settings it takes, and what the counterpart is. The rules that test
where an offender is against a zone's or premises' exact shape have no query here: their finders
are app/alerts/places.py.

A row is data: the evaluator runs it (app/alerts/evaluator.py), and what an alert tells whom is
decided from it by the need-to-know rule (app/access/alerts.py). A new rule is a code in
`AlertRule`, a row here and its query file.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, NamedTuple

from app.core.enums import AlertRule, CounterpartType, FieldClass, Severity
from app.platform.neo4j.registry import Query
from app.settings import Settings

F = FieldClass
R = AlertRule


@dataclass(frozen=True)
class Limits:
    """The distances and windows of the rules (settings; PRODUCT.md section 5 gives defaults)."""

    victim_distance_m: float = 2_000.0
    premises_distance_m: float = 400.0
    missed_appointments: int = 2
    missed_window_days: int = 30
    notification_grace_days: int = 3
    annual_notification_days: int = 365
    emergency_review_window_hours: int = 72

    @classmethod
    def from_settings(cls, settings: Settings) -> "Limits":
        return cls(
            victim_distance_m=settings.alert_victim_distance_m,
            premises_distance_m=settings.alert_premises_distance_m,
            missed_appointments=settings.alert_missed_appointments,
            missed_window_days=settings.alert_missed_window_days,
            notification_grace_days=settings.alert_notification_grace_days,
            annual_notification_days=settings.alert_annual_notification_days,
            emergency_review_window_hours=settings.emergency_review_window_hours,
        )


class Fix(NamedTuple):
    """A reported location of an offender (a fix from electronic monitoring, or the last one)."""

    offender_id: str
    latitude: float
    longitude: float


class Summary(NamedTuple):
    """What an alert of a rule says: in full to a caller holding `needs`, else `restricted` (that
    there is a risk, and whom to ask)."""

    full: str
    needs: FieldClass
    restricted: str
    # The full summary of an alert a location fix raised, if it differs (it needs EM_LOCATION too).
    by_fix: str | None = None


def _no_settings(_: Limits) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Rule:
    code: AlertRule
    severity: Severity
    # What the rule finds, as the schema tells analysts; {names} are the Limits it uses.
    meaning: str
    summary: Summary
    # The query that finds its situations: rows of offenderId (and counterpartId, distanceMetres
    # where it has them); None for a rule tested in Python (app/alerts/places.py).
    query: Query | None = None
    settings: Callable[[Limits], dict[str, Any]] = _no_settings  # the query's other parameters
    counterpart: CounterpartType | None = CounterpartType.PERSON

    def described(self, limits: Limits) -> str:
        """What the rule finds, with the distances and windows of `limits`."""
        return self.meaning.format(**asdict(limits))


ASK_COORDINATOR = "contact the MAPPA coordinator"
ASK_LEAD = "contact the lead agency"

RULES: tuple[Rule, ...] = (
    Rule(
        R.PROXIMITY_TO_VICTIM, Severity.HIGH,
        "The offender's current residence is within {victim_distance_m:,.0f} m of a protected "
        "address of one of his victims, or of a person his NO_CONTACT condition protects.",
        Summary("Lives within reach of a protected address of a victim or protected person",
                F.VICTIM_LOCATION, f"Proximity risk on this case: {ASK_COORDINATOR}"),
        Query("rules/proximity_to_victim"),
        lambda limits: {"distanceMetres": limits.victim_distance_m},
    ),
    Rule(
        R.RESIDENCE_IN_EXCLUSION_ZONE, Severity.CRITICAL,
        "The offender's current residence lies inside one of his active exclusion zones.",
        Summary("Current residence lies inside an active exclusion zone",
                F.CONDITIONS, f"Residence risk on this case: {ASK_LEAD}"),
        counterpart=CounterpartType.ZONE,
    ),
    Rule(
        # Tested at each fix as fixes arrive (reportLocations), and at the last fix by the
        # evaluator and the sweep, so the alert stands while he is where he must not be.
        R.EXCLUSION_ZONE_ENTRY, Severity.CRITICAL,
        "A reported location fix lies inside one of the offender's active exclusion zones (or "
        "outside an inclusion zone).",
        Summary("A reported location lies inside an exclusion zone (or outside an inclusion "
                "zone)", F.CONDITIONS, f"Location risk on this case: {ASK_LEAD}"),
        counterpart=CounterpartType.ZONE,
    ),
    Rule(
        R.NEAR_RESTRICTED_PREMISES, Severity.HIGH,
        "An offender with an OUT_OF_BOUNDS_PREMISES_TYPE condition lives, or was located, "
        "within {premises_distance_m:,.0f} m of premises of that kind.",
        Summary("Lives near premises of a kind a licence condition bars",
                F.CONDITIONS, f"Premises risk on this case: {ASK_LEAD}",
                by_fix="Was located near premises of a kind a licence condition bars"),
        counterpart=CounterpartType.PREMISES,
    ),
    Rule(
        R.PROHIBITED_CONTACT, Severity.CRITICAL,
        "The offender shares a current address with, has a contact link to, or an association "
        "with, a person his NO_CONTACT condition protects.",
        Summary("Shares an address, a contact link or an association with a person a "
                "no-contact condition protects", F.CONDITIONS,
                f"Contact risk on this case: {ASK_COORDINATOR}"),
        Query("rules/prohibited_contact"),
    ),
    Rule(
        # Each offender's case gets its own alert.
        R.OFFENDER_ASSOCIATION, Severity.MEDIUM,
        "Two offenders share a current address (Approved Premises excepted) or are linked by "
        "an association.",
        Summary("Shares an address with, or associates with, another offender",
                F.INTELLIGENCE, f"Association risk on this case: {ASK_LEAD}"),
        Query("rules/offender_association"),
    ),
    Rule(
        R.CHILD_IN_HOUSEHOLD, Severity.HIGH,
        "A category 1 offender's current address is shared with a person under 18, or one of "
        "his contacts under 18 is a household member.",
        Summary("A person under 18 lives in the household", F.CONTACTS,
                f"Safeguarding risk on this case: {ASK_LEAD}"),
        Query("rules/child_in_household"),
    ),
    Rule(
        R.VICTIM_IN_NETWORK, Severity.MEDIUM,
        "One of the offender's victims is within two links of him through contacts, "
        "associations or shared addresses, the offence itself not counted.",
        Summary("A victim is within two links of the offender through contacts, associations "
                "or addresses", F.VICTIM_IDENTITY,
                f"Victim safety risk on this case: {ASK_COORDINATOR}"),
        Query("rules/victim_in_network"),
    ),
    Rule(
        R.RISK_ESCALATION, Severity.MEDIUM,
        "A risk assessment raised risk of serious harm to HIGH or VERY_HIGH while the case is "
        "at level 1: consider a level 2 referral.",
        Summary("Risk of serious harm rose to HIGH or VERY_HIGH while the case is at level 1: "
                "consider a level 2 referral", F.RISK_SUMMARY,
                f"Risk change on this case: {ASK_COORDINATOR}"),
        Query("rules/risk_escalation"),
    ),
    Rule(
        # The alert stands for one window after the event that made it, then resolves.
        R.NON_COMPLIANCE, Severity.HIGH,
        "{missed_appointments} or more missed appointments within {missed_window_days} days, "
        "or any condition breach: consider enforcement or recall.",
        Summary("Two or more missed appointments within 30 days, or a condition breach: "
                "consider enforcement or recall", F.SUPERVISION,
                f"Compliance concern on this case: {ASK_LEAD}"),
        Query("rules/non_compliance"),
        lambda limits: {"missedAppointments": limits.missed_appointments,
                        "windowDays": limits.missed_window_days},
    ),
    Rule(
        R.NOTIFICATION_OVERDUE, Severity.MEDIUM,
        "A registered sexual offender's address change has no notification within "
        "{notification_grace_days} days of it, or the annual notification is past due.",
        Summary("A registered sexual offender's notification is overdue", F.SUPERVISION,
                f"Notification concern on this case: {ASK_LEAD}"),
        Query("rules/notification_overdue"),
        lambda limits: {"graceDays": limits.notification_grace_days,
                        "annualDays": limits.annual_notification_days},
    ),
    Rule(
        # One per grant, carrying it; it stays up, through revocation and expiry, until the
        # grant is reviewed (reviewEmergencyAccess).
        R.EMERGENCY_ACCESS, Severity.LOW,
        "An emergency access grant was taken on the case: the lead agency reviews it.",
        Summary("An emergency access grant was used on this case: the lead agency reviews it",
                F.MAPPA_STATUS, f"Access review on this case: {ASK_LEAD}"),
        Query("rules/emergency_access"), counterpart=CounterpartType.GRANT,
    ),
    Rule(
        # Time passing is no write: raised by `mappa alerts sweep` or the case's next evaluation.
        R.EMERGENCY_ACCESS_REVIEW_OVERDUE, Severity.MEDIUM,
        "An emergency access grant on the case has gone {emergency_review_window_hours} hours "
        "without review by the lead agency.",
        Summary("An emergency access grant on this case is overdue for review by the lead "
                "agency", F.MAPPA_STATUS, f"Access review on this case: {ASK_LEAD}"),
        Query("rules/emergency_access_review_overdue"),
        lambda limits: {"reviewWindowHours": limits.emergency_review_window_hours},
        counterpart=CounterpartType.GRANT,
    ),
    Rule(
        # One per action, carrying it. Its audience is its own (queries/_fragments/
        # alert_audience.cypher): the action's owner agency, which reads the full summary and
        # the action by the owner exception, and the lead agency. Time passing is no write: the
        # sweep raises it, and the writes on the action or the plan resolve it.
        R.ACTION_OVERDUE, Severity.MEDIUM,
        "An OPEN action of the case's risk management plan is past its due date. It goes to "
        "the agency that owns the action, which reads it in full (the action too) whether or "
        "not it is involved in the case, and to the lead agency's principals.",
        Summary("An open action of the risk management plan is past its due date",
                F.RISK_PLAN, f"An action on this case is overdue: {ASK_LEAD}"),
        Query("rules/action_overdue"), counterpart=CounterpartType.ACTION,
    ),
    Rule(
        # Time passing is no write: raised by the sweep; scheduling a meeting with the case on
        # its agenda, a new review date or a level 1 decision resolves it.
        R.REVIEW_OVERDUE, Severity.MEDIUM,
        "A level 2 or 3 case is past its review date, and no SCHEDULED MAPPA meeting dated "
        "today or later has it on its agenda.",
        Summary("Past its MAPPA review date, with no meeting scheduled to review it",
                F.MAPPA_STATUS, f"Review overdue on this case: {ASK_COORDINATOR}"),
        Query("rules/review_overdue"), counterpart=None,
    ),
)

RULE: dict[AlertRule, Rule] = {rule.code: rule for rule in RULES}
