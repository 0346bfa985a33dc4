"""The demo scenario: one MAPPA area (Greater Manchester, fictional people), every agency kind, a
persona for every row of the PRODUCT.md section 4 policy table, and seventeen offenders whose
stories put every alert rule of section 5 on the map, with near misses just outside each threshold.

Everything is dated relative to `as_of` and placed by bearing and distance, so the distances below
are exact (haversine, mean Earth radius). Ids are stable: tests and the quick start rely on them.

Situations (`SITUATIONS` holds this table as data; + the rule fires, - it must not; ids
without their `DEMO-` prefix):

| rule | offender | other | +/- | why |
|---|---|---|---|---|
| PROXIMITY_TO_VICTIM | OFF-01 | VIC-01 | + | victim's protected address 1,200 m away |
| PROXIMITY_TO_VICTIM | OFF-02 | VIC-02 | - | victim's protected address 2,300 m away |
| PROXIMITY_TO_VICTIM | OFF-09 | CON-09A | + | NO_CONTACT-protected ex-partner lives there |
| RESIDENCE_IN_EXCLUSION_ZONE | OFF-03 | ZON-03A | + | home 200 m inside his active polygon |
| RESIDENCE_IN_EXCLUSION_ZONE | OFF-03 | ZON-03B | - | circle round his home expired 30 days ago |
| EXCLUSION_ZONE_ENTRY | OFF-04 | ZON-04A | + | GPS fix 300 m from centre of 800 m circle |
| EXCLUSION_ZONE_ENTRY | OFF-06 | ZON-06A | + | GPS fix outside his 2,500 m inclusion circle |
| EXCLUSION_ZONE_ENTRY | OFF-09 | ZON-09A | - | GPS fix 1,000 m from centre of 800 m circle |
| NEAR_RESTRICTED_PREMISES | OFF-07 | PRM-01 | + | schools out of bounds; a school 250 m away |
| NEAR_RESTRICTED_PREMISES | OFF-08 | PRM-03 | - | playgrounds out of bounds; nearest 450 m |
| NEAR_RESTRICTED_PREMISES | OFF-08 | PRM-02 | - | school 100 m away; bound by playgrounds |
| PROHIBITED_CONTACT | OFF-09 | CON-09A | + | the protected person is in his household |
| PROHIBITED_CONTACT | OFF-01 | VIC-01 | - | protected and near, but no link or address |
| OFFENDER_ASSOCIATION | OFF-10 | OFF-11 | + | share a flat that is not Approved Premises |
| OFFENDER_ASSOCIATION | OFF-02 | OFF-07 | + | police intelligence link, graded 2/B/C |
| OFFENDER_ASSOCIATION | OFF-13 | OFF-14 | - | both at Bowling Green House (AP) |
| CHILD_IN_HOUSEHOLD | OFF-12 | CON-12B | + | cat. 1; partner's daughter, 9, lives there |
| CHILD_IN_HOUSEHOLD | OFF-02 | CON-02A | - | cat. 1; his son at home turned 18 |
| CHILD_IN_HOUSEHOLD | OFF-06 | CON-06A | - | a son of 7 at home, but category 2 |
| VICTIM_IN_NETWORK | OFF-05 | VIC-05 | + | friend associated with his victim: 2 hops |
| VICTIM_IN_NETWORK | OFF-04 | VIC-04 | - | brother, associate, victim: 3 hops |
| RISK_ESCALATION | OFF-13 | | + | level 1; RoSH MEDIUM, then HIGH 5 days ago |
| RISK_ESCALATION | OFF-14 | | - | latest RoSH HIGH, but already at level 2 |
| RISK_ESCALATION | OFF-02 | | - | level 1, latest RoSH MEDIUM |
| NON_COMPLIANCE | OFF-14 | | + | three missed appointments in 20 days |
| NON_COMPLIANCE | OFF-11 | | - | two missed appointments 40 days apart |
| NOTIFICATION_OVERDUE | OFF-15 | | + | moved 10 days ago, not notified |
| NOTIFICATION_OVERDUE | OFF-16 | | + | last annual notification 400 days ago |
| NOTIFICATION_OVERDUE | OFF-07 | | - | moved 20 days ago, notified 2 days later |
| EMERGENCY_ACCESS | OFF-06 | | - | no police involvement; raised at run time |
| EMERGENCY_ACCESS_REVIEW_OVERDUE | OFF-06 | | - | no grant yet; raised 72 h after one, unreviewed |
| ACTION_OVERDUE | OFF-01 | PA-01-3 | + | police home visit 5 days past its date, open |
| ACTION_OVERDUE | OFF-01 | PA-01-4 | - | 10 days past its date, but done |
| ACTION_OVERDUE | OFF-01 | PA-01-2 | - | housing's move-on action, due in 10 days |
| ACTION_OVERDUE | OFF-04 | PA-04-1 | + | probation's GPS review, a day past its date |
| ACTION_OVERDUE | OFF-09 | PA-09-1 | + | police safeguarding visit, 3 days past |
| ACTION_OVERDUE | OFF-09 | PA-09-2 | - | probation's recall decision, due in 4 days |
| ACTION_OVERDUE | OFF-12 | PA-12-2 | + | police joint home visit, 4 days past |
| ACTION_OVERDUE | OFF-14 | PA-14-3 | + | police check of the AP sign-in log, 2 days past |
| REVIEW_OVERDUE | OFF-04 | | + | level 2, review 3 days ago, and on no meeting to come |
| REVIEW_OVERDUE | OFF-09 | | - | level 2, review at next week's meeting |

Cast: 01 Darren Holt, 02 Wayne Ashcroft, 03 Lee Kershaw, 04 Craig Mellor, 05 Anthony
Birtwistle, 06 Ryan Tattersall, 07 Graham Pennington, 08 Philip Greenhalgh, 09 Jason Rigby,
10 Steven Crompton, 11 Paul Fairclough, 12 Mark Heywood, 13 Kieran Lomax, 14 Gary Entwistle,
15 Neil Burrows, 16 Terence Hulme, 17 Tyler Newsome (16, youth justice).

An address change is a RESIDES_AT whose `from` is later than the offender's INITIAL notification;
it is notified by an ADDRESS_CHANGE notification made within 3 days of that `from`.

Need to know: housing is involved in DEMO-OFF-01 only (demo.housing.partner sees that one case);
children's services in DEMO-OFF-06 and DEMO-OFF-12; health in DEMO-OFF-03 (with a health note);
DWP in DEMO-OFF-11; electronic monitoring in DEMO-OFF-04, -06 and -09; the prison in the recently
released DEMO-OFF-13 and -14, in DEMO-OFF-01 and -12, and, invited to the level 2 meetings that
consider it, in DEMO-OFF-09 (basis MAPPA_MEETING); youth justice leads DEMO-OFF-17 (aged 16).
Police are involved in every case except DEMO-OFF-03, -06, -10, -11 and -17.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from app.core.enums import AgencyKind, AlertRule, PremisesKind, Role
from seed.areas import AREAS_BY_CODE, NATIONAL, destination
from seed.plans import Slot, meeting_involvements
from seed.plans import at as plan_at
from seed.population import (
    PNC_CHECK,
    PNC_MODULUS,
    VISOR_MODULUS,
    Batch,
    circle_zone,
    polygon_zone,
    years_before,
)
from seed.rows import (
    ActionRow,
    AddressRow,
    AgencyRow,
    AgendaItemRow,
    AssociationRow,
    BatchKind,
    ComplianceEventRow,
    ConditionRow,
    ContactRow,
    FixRow,
    HealthNoteRow,
    HouseholdRow,
    InterventionRow,
    InvolvementRow,
    ManagerRow,
    MeasureRow,
    MeetingRow,
    NotificationRow,
    OffenderRow,
    OfficerRow,
    PlanRow,
    PlanVersionRow,
    PremisesRow,
    ResidenceRow,
    RiskAssessmentRow,
    VictimRow,
    ZoneRow,
)

AREA = AREAS_BY_CODE["GMP"]
Point = tuple[float, float]


@dataclass(frozen=True)
class Persona:
    """A demo user: a case officer (or system identity) of one agency, with one role."""

    officer_id: str
    name: str
    agency_id: str
    agency_kind: AgencyKind
    role: Role
    description: str


@dataclass(frozen=True)
class Situation:
    """One row of the table above: whether `rule` should fire for this offender (and party)."""

    rule: AlertRule
    offender_id: str
    counterpart_id: str | None
    raised: bool
    why: str


AGENCIES: tuple[AgencyRow, ...] = (
    AgencyRow(id="AG-DEMO-POLICE", name="Greater Manchester Police", kind=AgencyKind.POLICE,
              area="GMP"),
    AgencyRow(id="AG-DEMO-PROBATION", name="Probation Service – Greater Manchester",
              kind=AgencyKind.PROBATION, area="GMP"),
    AgencyRow(id="AG-DEMO-PRISON", name="HMP Manchester", kind=AgencyKind.PRISON, area="GMP"),
    AgencyRow(id="AG-DEMO-YOUTH", name="Manchester Youth Justice Service",
              kind=AgencyKind.YOUTH_JUSTICE, area="GMP"),
    AgencyRow(id="AG-DEMO-HOUSING", name="Manchester City Council – Housing Options",
              kind=AgencyKind.HOUSING, area="GMP"),
    AgencyRow(id="AG-DEMO-CHILDRENS", name="Manchester City Council – Children's Services",
              kind=AgencyKind.CHILDRENS_SERVICES, area="GMP"),
    AgencyRow(id="AG-DEMO-HEALTH", name="NHS Greater Manchester Integrated Care Board",
              kind=AgencyKind.HEALTH, area="GMP"),
    AgencyRow(id="AG-DEMO-DWP", name="DWP – Manchester Jobcentre Plus", kind=AgencyKind.DWP,
              area="GMP"),
    AgencyRow(id="AG-DEMO-EM", name="Electronic Monitoring Service",
              kind=AgencyKind.ELECTRONIC_MONITORING, area=NATIONAL),
)
_AGENCY_KIND = {row["id"]: AgencyKind(row["kind"]) for row in AGENCIES}


def _persona(officer_id: str, name: str, agency_id: str, role: Role, description: str) -> Persona:
    return Persona(officer_id, name, agency_id, _AGENCY_KIND[agency_id], role, description)


PERSONAS: tuple[Persona, ...] = (
    _persona("demo.police.ppo", "DC Sarah Whitfield", "AG-DEMO-POLICE",
             Role.PUBLIC_PROTECTION_OFFICER,
             "police public protection officer managing the registered sexual offenders"),
    _persona("demo.police.analyst", "Priya Natarajan", "AG-DEMO-POLICE",
             Role.INTELLIGENCE_ANALYST,
             "police intelligence analyst exploring links between people"),
    _persona("demo.probation.om", "Tom Gallagher", "AG-DEMO-PROBATION", Role.OFFENDER_MANAGER,
             "probation practitioner supervising the offenders on licence"),
    _persona("demo.probation.vlo", "Helen Shaw", "AG-DEMO-PROBATION",
             Role.VICTIM_LIAISON_OFFICER, "victim liaison officer keeping victims informed"),
    _persona("demo.probation.coordinator", "Margaret Doyle", "AG-DEMO-PROBATION",
             Role.MAPPA_COORDINATOR,
             "MAPPA coordinator chairing next week's level 2 meeting (its agenda at /meetings)"),
    _persona("demo.prison.om", "Kevin Ashworth", "AG-DEMO-PRISON", Role.OFFENDER_MANAGER,
             "prison offender manager at HMP Manchester, planning releases"),
    _persona("demo.youth.om", "Aisha Rahman", "AG-DEMO-YOUTH", Role.OFFENDER_MANAGER,
             "youth justice case manager for offenders under 18"),
    _persona("demo.housing.partner", "Lisa Brennan", "AG-DEMO-HOUSING", Role.PARTNER_OFFICER,
             "housing options officer (duty to co-operate), involved in one case, owning one "
             "action of its plan"),
    _persona("demo.childrens.partner", "Joanne Pickering", "AG-DEMO-CHILDRENS",
             Role.PARTNER_OFFICER, "children's social worker safeguarding children at home"),
    _persona("demo.health.partner", "Dr Imran Siddiqui", "AG-DEMO-HEALTH", Role.PARTNER_OFFICER,
             "mental health liaison (duty to co-operate)"),
    _persona("demo.dwp.partner", "Gareth Lloyd", "AG-DEMO-DWP", Role.PARTNER_OFFICER,
             "DWP partnership manager (duty to co-operate)"),
    _persona("demo.em.system", "EMS monitoring gateway", "AG-DEMO-EM", Role.PARTNER_SYSTEM,
             "electronic monitoring provider's system reporting GPS fixes"),
    _persona("demo.auditor", "Claire Holt", "AG-DEMO-POLICE", Role.AUDITOR,
             "information governance auditor reading the audit trail"),
    _persona("demo.admin", "Robert Kay", "AG-DEMO-PROBATION", Role.ADMIN,
             "administrator of agencies and case officers"),
)

S = Situation
R = AlertRule
SITUATIONS: tuple[Situation, ...] = (
    S(R.PROXIMITY_TO_VICTIM, "DEMO-OFF-01", "DEMO-VIC-01", True,
      "victim's protected address 1,200 m away"),
    S(R.PROXIMITY_TO_VICTIM, "DEMO-OFF-02", "DEMO-VIC-02", False,
      "victim's protected address 2,300 m away"),
    S(R.PROXIMITY_TO_VICTIM, "DEMO-OFF-09", "DEMO-CON-09A", True,
      "NO_CONTACT-protected ex-partner lives there"),
    S(R.RESIDENCE_IN_EXCLUSION_ZONE, "DEMO-OFF-03", "DEMO-ZON-03A", True,
      "home 200 m inside his active polygon"),
    S(R.RESIDENCE_IN_EXCLUSION_ZONE, "DEMO-OFF-03", "DEMO-ZON-03B", False,
      "circle round his home expired 30 days ago"),
    S(R.EXCLUSION_ZONE_ENTRY, "DEMO-OFF-04", "DEMO-ZON-04A", True,
      "GPS fix 300 m from centre of 800 m circle"),
    S(R.EXCLUSION_ZONE_ENTRY, "DEMO-OFF-06", "DEMO-ZON-06A", True,
      "GPS fix outside his 2,500 m inclusion circle"),
    S(R.EXCLUSION_ZONE_ENTRY, "DEMO-OFF-09", "DEMO-ZON-09A", False,
      "GPS fix 1,000 m from centre of 800 m circle"),
    S(R.NEAR_RESTRICTED_PREMISES, "DEMO-OFF-07", "DEMO-PRM-01", True,
      "schools out of bounds; a school 250 m away"),
    S(R.NEAR_RESTRICTED_PREMISES, "DEMO-OFF-08", "DEMO-PRM-03", False,
      "playgrounds out of bounds; nearest 450 m"),
    S(R.NEAR_RESTRICTED_PREMISES, "DEMO-OFF-08", "DEMO-PRM-02", False,
      "school 100 m away; bound by playgrounds"),
    S(R.PROHIBITED_CONTACT, "DEMO-OFF-09", "DEMO-CON-09A", True,
      "the protected person is in his household"),
    S(R.PROHIBITED_CONTACT, "DEMO-OFF-01", "DEMO-VIC-01", False,
      "protected and near, but no link or address"),
    S(R.OFFENDER_ASSOCIATION, "DEMO-OFF-10", "DEMO-OFF-11", True,
      "share a flat that is not Approved Premises"),
    S(R.OFFENDER_ASSOCIATION, "DEMO-OFF-02", "DEMO-OFF-07", True,
      "police intelligence link, graded 2/B/C"),
    S(R.OFFENDER_ASSOCIATION, "DEMO-OFF-13", "DEMO-OFF-14", False,
      "both at Bowling Green House (AP)"),
    S(R.CHILD_IN_HOUSEHOLD, "DEMO-OFF-12", "DEMO-CON-12B", True,
      "cat. 1; partner's daughter, 9, lives there"),
    S(R.CHILD_IN_HOUSEHOLD, "DEMO-OFF-02", "DEMO-CON-02A", False,
      "cat. 1; his son at home turned 18"),
    S(R.CHILD_IN_HOUSEHOLD, "DEMO-OFF-06", "DEMO-CON-06A", False,
      "a son of 7 at home, but category 2"),
    S(R.VICTIM_IN_NETWORK, "DEMO-OFF-05", "DEMO-VIC-05", True,
      "friend associated with his victim: 2 hops"),
    S(R.VICTIM_IN_NETWORK, "DEMO-OFF-04", "DEMO-VIC-04", False,
      "brother, associate, victim: 3 hops"),
    S(R.RISK_ESCALATION, "DEMO-OFF-13", None, True,
      "level 1; RoSH MEDIUM, then HIGH 5 days ago"),
    S(R.RISK_ESCALATION, "DEMO-OFF-14", None, False,
      "latest RoSH HIGH, but already at level 2"),
    S(R.RISK_ESCALATION, "DEMO-OFF-02", None, False, "level 1, latest RoSH MEDIUM"),
    S(R.NON_COMPLIANCE, "DEMO-OFF-14", None, True, "three missed appointments in 20 days"),
    S(R.NON_COMPLIANCE, "DEMO-OFF-11", None, False, "two missed appointments 40 days apart"),
    S(R.NOTIFICATION_OVERDUE, "DEMO-OFF-15", None, True,
      "moved 10 days ago, not notified"),
    S(R.NOTIFICATION_OVERDUE, "DEMO-OFF-16", None, True,
      "last annual notification 400 days ago"),
    S(R.NOTIFICATION_OVERDUE, "DEMO-OFF-07", None, False,
      "moved 20 days ago, notified 2 days later"),
    S(R.EMERGENCY_ACCESS, "DEMO-OFF-06", None, False,
      "no police involvement; raised at run time"),
    S(R.EMERGENCY_ACCESS_REVIEW_OVERDUE, "DEMO-OFF-06", None, False,
      "no grant yet; raised 72 h after one, unreviewed"),
    S(R.ACTION_OVERDUE, "DEMO-OFF-01", "DEMO-PA-01-3", True,
      "police home visit 5 days past its date, open"),
    S(R.ACTION_OVERDUE, "DEMO-OFF-01", "DEMO-PA-01-4", False, "10 days past its date, but done"),
    S(R.ACTION_OVERDUE, "DEMO-OFF-01", "DEMO-PA-01-2", False,
      "housing's move-on action, due in 10 days"),
    S(R.ACTION_OVERDUE, "DEMO-OFF-04", "DEMO-PA-04-1", True,
      "probation's GPS review, a day past its date"),
    S(R.ACTION_OVERDUE, "DEMO-OFF-09", "DEMO-PA-09-1", True,
      "police safeguarding visit, 3 days past"),
    S(R.ACTION_OVERDUE, "DEMO-OFF-09", "DEMO-PA-09-2", False,
      "probation's recall decision, due in 4 days"),
    S(R.ACTION_OVERDUE, "DEMO-OFF-12", "DEMO-PA-12-2", True,
      "police joint home visit, 4 days past"),
    S(R.ACTION_OVERDUE, "DEMO-OFF-14", "DEMO-PA-14-3", True,
      "police check of the AP sign-in log, 2 days past"),
    S(R.REVIEW_OVERDUE, "DEMO-OFF-04", None, True,
      "level 2, review 3 days ago, and on no meeting to come"),
    S(R.REVIEW_OVERDUE, "DEMO-OFF-09", None, False, "level 2, review at next week's meeting"),
)
del S, R


def place(bearing: float, km: float) -> Point:
    """A point `km` from the centre of Manchester along `bearing` (degrees from north)."""
    return destination(AREA.lat, AREA.lon, bearing, km * 1000)


def near(point: Point, bearing: float, metres: float) -> Point:
    return destination(point[0], point[1], bearing, metres)


def hexagon(centre: Point, metres: float) -> list[Point]:
    """A regular hexagon, counter-clockwise, vertices `metres` from its centre."""
    return [near(centre, (90 - 60 * k) % 360, metres) for k in range(6)]


class _Scenario:
    """Builds the demo rows relative to `as_of`."""

    def __init__(self, as_of: date) -> None:
        self.as_of = as_of
        self.offenders: list[OffenderRow] = []

    def day(self, days_ago: int) -> str:
        return (self.as_of - timedelta(days=days_ago)).isoformat()

    def instant(self, days_ago: int, hour: int, minute: int = 0) -> str:
        day = self.as_of - timedelta(days=days_ago)
        return datetime.combine(day, time(hour, minute), tzinfo=UTC).isoformat()

    def born(self, years: int, days: int = 100) -> str:
        """A date of birth `years` whole years (and `days` more) before `as_of`."""
        return (years_before(self.as_of, years) - timedelta(days=days)).isoformat()

    @staticmethod
    def address(
        address_id: str, line1: str, town: str, postcode: str, point: Point, *,
        protected: bool = False, approved_premises: bool | None = None,
    ) -> AddressRow:
        return AddressRow(id=address_id, line1=line1, town=town, postcode=postcode, area="GMP",
                          lat=point[0], lon=point[1], protected=protected,
                          approvedPremises=approved_premises)

    def home(self, address: AddressRow, days_ago: int, kind: str = "HOME") -> ResidenceRow:
        return ResidenceRow(start=self.day(days_ago), end=None, kind=kind, address=address)

    def past(self, address: AddressRow, start_days_ago: int, end_days_ago: int) -> ResidenceRow:
        return ResidenceRow(start=self.day(start_days_ago), end=self.day(end_days_ago),
                            kind="HOME", address=address)

    def victim(
        self, victim_id: str, name: str, years: int, address: AddressRow
    ) -> VictimRow:
        return VictimRow(id=victim_id, name=name, dateOfBirth=self.born(years),
                         locatedFrom=self.day(900), address=address, contactRelationship=[])

    def contact(
        self, contact_id: str, name: str, born: str, relationship: str, *,
        household_since: int | None = None, residences: Sequence[ResidenceRow] = (),
    ) -> ContactRow:
        household = [] if household_since is None else [
            HouseholdRow(since=self.day(household_since), kind="HOME")]
        return ContactRow(id=contact_id, name=name, dateOfBirth=born, relationship=relationship,
                          household=household, residences=list(residences))

    def condition(
        self, condition_id: str, kind: str, text: str, *, start: int = 200,
        end: int | None = -700, premises: PremisesKind | None = None,
        victims: Sequence[int] = (), contacts: Sequence[int] = (),
        zones: Sequence[ZoneRow] = (),
    ) -> ConditionRow:
        """A licence condition valid from `start` days ago until `end` days ago (negative: in
        the future; None: open)."""
        return ConditionRow(
            id=condition_id, kind=kind, text=text, validFrom=self.day(start),
            validTo=None if end is None else self.day(end), premisesKind=premises,
            protectsVictims=list(victims), protectsContacts=list(contacts), zones=list(zones),
        )

    def window(self, start: int = 200, end: int | None = -700) -> tuple[date, date | None]:
        return (self.as_of - timedelta(days=start),
                None if end is None else self.as_of - timedelta(days=end))

    def risk(
        self, risk_id: str, days_ago: int, overall: str, *, children: str = "LOW",
        public: str = "LOW", known_adult: str = "LOW", staff: str = "LOW", tool: str = "OASys",
    ) -> RiskAssessmentRow:
        return RiskAssessmentRow(id=risk_id, tool=tool, assessedOn=self.day(days_ago),
                                 overall=overall, children=children, publicAtLarge=public,
                                 knownAdult=known_adult, staff=staff)

    def missed(self, event_id: str, days_ago: int, officer: str) -> ComplianceEventRow:
        return ComplianceEventRow(
            id=event_id, kind="MISSED_APPOINTMENT", at=self.instant(days_ago, 10, 30),
            outcome="WARNING", note="Did not attend the supervision appointment.",
            recordedBy=officer,
        )

    def notification(
        self, notification_id: str, kind: str, made: int, due: int, details: str
    ) -> NotificationRow:
        return NotificationRow(id=notification_id, kind=kind, madeOn=self.day(made),
                               dueOn=self.day(due), details=details)

    def rso(
        self, number: int, registered: int, last_annual: int | None,
        moved: int | None = None, moved_notified_after: int | None = None,
    ) -> list[NotificationRow]:
        """Notifications of a registered sexual offender, `registered` days ago."""
        prefix = f"DEMO-NOT-{number:02d}"
        rows = [self.notification(f"{prefix}-1", "INITIAL", registered - 1, registered - 3,
                                  "Initial notification at Central Park police station.")]
        if last_annual is not None:
            rows.append(self.notification(f"{prefix}-2", "ANNUAL", last_annual, last_annual - 5,
                                          "Annual re-notification."))
        if moved is not None and moved_notified_after is not None:
            rows.append(self.notification(f"{prefix}-3", "ADDRESS_CHANGE",
                                          moved - moved_notified_after, moved - 3,
                                          "New home address notified."))
        return rows

    def offender(
        self, number: int, name: str, *, born: str, category: str, level: str,
        lead: str, lead_since: int, offence: str, home: ResidenceRow,
        involved: Sequence[tuple[str, str]] = (), managers: Sequence[str] = (),
        past: Sequence[ResidenceRow] = (), victims: Sequence[VictimRow] = (),
        contacts: Sequence[ContactRow] = (), conditions: Sequence[ConditionRow] = (),
        risks: Sequence[RiskAssessmentRow] = (), interventions: Sequence[InterventionRow] = (),
        compliance: Sequence[ComplianceEventRow] = (),
        notifications: Sequence[NotificationRow] = (), health: Sequence[HealthNoteRow] = (),
        last_fix: FixRow | None = None, aliases: Sequence[str] = (), review_in: int = 90,
    ) -> None:
        """One demo offender; `involved` lists (agency id, basis) besides the lead agency."""
        since = self.day(lead_since)
        involvements = [InvolvementRow(agencyId=lead, basis="LEAD", since=since, until=None)]
        involvements += [InvolvementRow(agencyId=agency, basis=basis, since=since, until=None)
                         for agency, basis in involved]
        pnc_serial = PNC_MODULUS + number
        yy = int(born[2:4])
        self.offenders.append(OffenderRow(
            id=f"DEMO-OFF-{number:02d}", name=name, aliases=list(aliases), dateOfBirth=born,
            pnc=f"{yy:02d}/{pnc_serial:07d}{PNC_CHECK[(yy * 10_000_000 + pnc_serial) % 23]}",
            visorRef=f"V{VISOR_MODULUS + number:08d}", category=category, level=level,
            area="GMP", indexOffence=offence, reviewDate=self.day(-review_in),
            registeredSexOffender=category == "CATEGORY_1", lastFix=last_fix,
            leadAgencyId=lead, leadSince=since, involvements=involvements,
            managers=[ManagerRow(officerId=officer, since=since) for officer in managers],
            home=home, pastResidences=list(past), victims=list(victims),
            contacts=list(contacts), conditions=list(conditions), riskAssessments=list(risks),
            interventions=list(interventions), complianceEvents=list(compliance),
            notifications=list(notifications), healthNotes=list(health),
        ))


POLICE, PROBATION, PRISON = "AG-DEMO-POLICE", "AG-DEMO-PROBATION", "AG-DEMO-PRISON"
PPO, OM = "demo.police.ppo", "demo.probation.om"
NO_CONTACT_TEXT = ("Not to contact or associate with the person named in the licence, directly "
                   "or indirectly, without the prior approval of your supervising officer.")
EXCLUSION_TEXT = ("Not to enter the area defined by the attached map without the prior approval "
                  "of your supervising officer; monitored by GPS tag.")
RESIDENCE_TEXT = "Permanently reside at an address approved by your supervising officer."
CHILDREN_TEXT = ("Not to have unsupervised contact with any child under 18 without the prior "
                 "approval of your supervising officer and children's services.")

# Homes and other fixed places, by bearing (degrees) and distance (km) from Manchester centre.
H01, H02, H03, H04 = place(225, 4), place(90, 4), place(300, 3), place(0, 4)
H05, H06, H07, H08 = place(135, 4), place(180, 3), place(45, 4), place(270, 5)
H09, SHARED_FLAT, H12, AP = place(315, 6), place(200, 6), place(20, 7), place(160, 2)
H15, H16, H17 = place(250, 7), place(110, 6.5), place(60, 6)


# Risk management plans and MAPPA meetings (issue 22). The probation MAPPA coordinator chairs the
# level 2 meetings: last month's (held: it agreed the current plans of DEMO-OFF-01, -09, -12 and
# -14) and next week's (the same four cases: the agenda the coordinator prepares). DEMO-OFF-04,
# whose plan was agreed outside a meeting, is past its review date and on no meeting to come
# (REVIEW_OVERDUE). The Responsible Authority agencies are invited; the prison, not otherwise
# involved in DEMO-OFF-09, is involved in it through the invitations (basis MAPPA_MEETING) until
# 28 days after next week's meeting. Housing owns exactly one action (on DEMO-OFF-01, its one
# case), and sees no plan. Overdue: one probation and four police actions.
COORDINATOR, HOUSING_OFFICER = "demo.probation.coordinator", "demo.housing.partner"
LAST_MEETING, NEXT_MEETING = "DEMO-MTG-01", "DEMO-MTG-02"
HOUSING_ACTION = "DEMO-PA-01-2"
# (offender, meeting that agreed the current plan or None, days ago it was agreed outside one,
#  summary, measures (kind, text, refers to), actions (owner, assigned, text, due in days
#  (negative: overdue), status), a superseded version agreed this many days ago or None)
Measure = tuple[str, str, str | None]
Action = tuple[str, str | None, str, int, str]
DEMO_PLANS: tuple[tuple[str, str | None, int, str, tuple[Measure, ...], tuple[Action, ...],
                        int | None], ...] = (
    ("DEMO-OFF-01", LAST_MEETING, 0,
     "Protect the victim: no contact, settled accommodation away from her area, weekly "
     "supervision.",
     (("CONDITION", "No contact with the victim, directly or indirectly.", "DEMO-LC-01A"),
      ("CONDITION", "Resides at an approved address.", "DEMO-LC-01B"),
      ("RESIDENCE", "Temporary address, too near the victim: move-on needed.",
       "DEMO-ADR-01"),
      ("SUPERVISION", "Weekly reporting to the offender manager.", OM),
      ("OTHER", "The victim liaison officer updates the victim after each review.", None)),
     (("AG-DEMO-HOUSING", HOUSING_OFFICER,
       "Identify settled move-on accommodation away from the victim's area.", 10,
       "OPEN"),
      (POLICE, PPO, "Unannounced home visit to check he lives at the temporary address.", -5,
       "OPEN"),
      (PROBATION, OM, "Increase reporting to twice weekly until the move.", -10, "DONE")),
     120),
    ("DEMO-OFF-04", None, 30,
     "Stop the stalking of his victim: GPS-monitored exclusion zone and weekly review of the "
     "tag's data.",
     (("SUPERVISION", "Weekly reporting; GPS data reviewed at each appointment.", OM),),
     ((PROBATION, OM, "Review the GPS data weekly with the monitoring centre.", -1, "OPEN"),
      (POLICE, PPO, "Brief the neighbourhood team on the exclusion zone.", -20, "DONE")),
     None),
    ("DEMO-OFF-09", LAST_MEETING, 0,
     "Protect his former partner's family: no contact, exclusion zone, police safeguarding.",
     (("CONDITION", "No contact with the victim or his former partner.", "DEMO-LC-09A"),
      ("CONDITION", "Exclusion zone around the victim's home, GPS-monitored.", "DEMO-LC-09B"),
      ("RESIDENCE", "Resides at his approved address; home visits monthly.", "DEMO-ADR-09"),
      ("SUPERVISION", "Weekly reporting to the offender manager.", OM)),
     ((POLICE, PPO, "Safeguarding visit to his former partner; consider a disclosure under the "
       "Domestic Violence Disclosure Scheme.", -3, "OPEN"),
      (PROBATION, OM, "Consider recall: the protected person has moved back in.", 4, "OPEN")),
     None),
    ("DEMO-OFF-12", LAST_MEETING, 0,
     "Protect the children in his household: no unsupervised contact, children's services "
     "assessment, police home visits.",
     (("CONDITION", "No unsupervised contact with children under 18.", "DEMO-LC-12A"),
      ("RESIDENCE", "Lives with his partner and her 9-year-old daughter.", "DEMO-ADR-12"),
      ("SUPERVISION", "Fortnightly reporting to the offender manager.", OM)),
     (("AG-DEMO-CHILDRENS", None, "Strategy discussion about the 9-year-old in the household.",
       3, "OPEN"),
      (POLICE, PPO, "Joint home visit with children's services.", -4, "OPEN"),
      (PROBATION, OM, "Review the licence conditions with the offender.", -12, "DONE")),
     None),
    ("DEMO-OFF-14", LAST_MEETING, 0,
     "Settle him at the Approved Premises after release: curfew, weekly supervision, "
     "compliance reviewed at each meeting.",
     (("RESIDENCE", "Resides at the Approved Premises: curfew and sign-in checks.",
       "DEMO-ADR-AP-14"),
      ("SUPERVISION", "Weekly reporting to the offender manager.", OM)),
     ((PROBATION, OM, "Warning letter after the missed appointments; review compliance.", 5,
       "OPEN"),
      (PRISON, "demo.prison.om", "Share the custody security and behaviour reports.", -14,
       "DONE"),
      (POLICE, PPO, "Check the Approved Premises sign-in log for the missed evenings.", -2,
       "OPEN")),
     None),
)
# (id, days from as_of, agenda)
DEMO_MEETINGS = (
    (LAST_MEETING, -21, ("DEMO-OFF-01", "DEMO-OFF-09", "DEMO-OFF-12", "DEMO-OFF-14")),
    (NEXT_MEETING, 7, ("DEMO-OFF-01", "DEMO-OFF-09", "DEMO-OFF-12", "DEMO-OFF-14")),
)


def _plans_and_meetings(
    as_of: date, offenders: Sequence[OffenderRow],
) -> tuple[list[PlanRow], list[MeetingRow]]:
    """The demo's plans and meetings; each case's MAPPA_MEETING involvements are added to its
    row."""
    slots = {
        meeting_id: Slot(id=meeting_id, level="LEVEL_2", area="GMP",
                         day=as_of + timedelta(days=days), chair_id=COORDINATOR,
                         invited=(POLICE, PROBATION, PRISON),
                         created=as_of + timedelta(days=min(days - 21, -1)))
        for meeting_id, days, _ in DEMO_MEETINGS
    }
    plans: list[PlanRow] = []
    agreed_at: dict[tuple[str, str], PlanVersionRow] = {}
    for offender_id, meeting_id, days_ago, summary, measures, actions, earlier in DEMO_PLANS:
        number = offender_id.removeprefix("DEMO-OFF-")
        slot = slots[meeting_id] if meeting_id else None
        agreed_on = slot.day if slot else as_of - timedelta(days=days_ago)
        by = COORDINATOR if slot else OM
        versions: list[PlanVersionRow] = []
        if earlier is not None:
            before = as_of - timedelta(days=earlier)
            versions.append(_plan_version(
                f"DEMO-RMP-{number}-1", 1, before, OM, None, summary, measures,
                [_action(f"DEMO-PA-{number}-1", PROBATION, OM,
                         "Complete the OASys review after the move to temporary accommodation.",
                         before, before + timedelta(days=28), "DONE", OM, as_of)],
                review=agreed_on, current=False))
        first = len(versions) + 1
        current = _plan_version(
            f"DEMO-RMP-{number}-{first}", first, agreed_on, by, slot, summary, measures,
            [_action(f"DEMO-PA-{number}-{first + k}", owner, assigned, text, agreed_on,
                     as_of + timedelta(days=due), status, by, as_of)
             for k, (owner, assigned, text, due, status) in enumerate(actions)],
            review=next(date.fromisoformat(o["reviewDate"]) for o in offenders
                        if o["id"] == offender_id),
            current=True, supersedes=versions[-1]["id"] if versions else None)
        versions.append(current)
        plans.append(PlanRow(offenderId=offender_id, versions=versions))
        if meeting_id:
            agreed_at[(meeting_id, offender_id)] = current
    meetings: list[MeetingRow] = []
    for meeting_id, _, agenda in DEMO_MEETINGS:
        slot = slots[meeting_id]
        items: list[AgendaItemRow] = []
        for position, offender_id in enumerate(agenda, start=1):
            plan = agreed_at.get((meeting_id, offender_id)) if slot.day < as_of else None
            items.append(AgendaItemRow(
                id=f"DEMO-AGI-{meeting_id.removeprefix('DEMO-MTG-')}-"
                   f"{offender_id.removeprefix('DEMO-OFF-')}",
                offenderId=offender_id, position=position, addedAt=plan_at(slot.created, 9, 30),
                decidedAt=plan_at(slot.day, 10, 10 * position) if plan else None,
                decidedBy=COORDINATOR if plan else None,
                levelBefore="LEVEL_2" if plan else None, level="LEVEL_2" if plan else None,
                nextReviewDate=plan["reviewDate"] if plan else None,
                minutes=(f"Level 2 confirmed. Plan version {plan['version']} agreed with "
                         f"{len(plan['actions'])} actions; review at next month's meeting."
                         if plan else None),
                agreedPlanIds=[plan["id"]] if plan else [],
                createdActionIds=[a["id"] for a in plan["actions"]] if plan else []))
        meetings.append(slot.row(as_of, dict.fromkeys(slot.invited, True), items))
    for offender in offenders:
        on = [slots[m] for m, _, agenda in DEMO_MEETINGS if offender["id"] in agenda]
        offender["involvements"] += meeting_involvements(offender["involvements"], on, as_of)
    return plans, meetings


def _plan_version(  # noqa: PLR0917 - one version, as the table above gives it
    plan_id: str, version: int, agreed_on: date, by: str, slot: Slot | None, summary: str,
    measures: Sequence[Measure], actions: list[ActionRow], *, review: date, current: bool,
    supersedes: str | None = None,
) -> PlanVersionRow:
    return PlanVersionRow(
        id=plan_id, version=version, status="AGREED" if current else "SUPERSEDED",
        current=current, supersedesId=supersedes, summary=summary,
        reviewDate=review.isoformat(), createdAt=plan_at(agreed_on - timedelta(days=3), 10),
        createdBy=OM, agreedOn=agreed_on.isoformat(), agreedBy=by,
        agreedAtMeetingId=slot.id if slot else None,
        measures=[MeasureRow(id=f"{plan_id.replace('RMP', 'PM')}-{k}", kind=kind, text=text,
                             refersToId=refers_to)
                  for k, (kind, text, refers_to) in enumerate(measures, start=1)],
        actions=actions,
    )


def _action(  # noqa: PLR0917 - one action, as the table above gives it
    action_id: str, owner: str, assigned: str | None, text: str, created: date, due: date,
    status: str, by: str, as_of: date,
) -> ActionRow:
    done = status == "DONE"
    return ActionRow(
        id=action_id, ownerAgencyId=owner, ownerOfficerId=assigned, text=text,
        dueOn=due.isoformat(), status=status, statusBy=(assigned or by) if done else None,
        statusByAgencyId=owner if done else None,
        statusAt=plan_at(min(due, as_of - timedelta(days=1)), 15) if done else None,
        outcome="Done; outcome shared with the lead agency." if done else None,
        createdAt=plan_at(created, 11), createdBy=by,
    )


def demo_batches(as_of: date) -> list[Batch]:
    """Every batch of the demo scenario, in load order."""
    d = _Scenario(as_of)
    addr = d.address

    officers = [OfficerRow(id=p.officer_id, name=p.name, role=p.role,
                           email=f"{p.officer_id}@demo.mappa.example", agencyId=p.agency_id)
                for p in PERSONAS]
    premises = [
        PremisesRow(id="DEMO-PRM-01", name="St Mary's C of E Primary School", kind="SCHOOL",
                    area="GMP", lat=near(H07, 90, 250)[0], lon=near(H07, 90, 250)[1]),
        PremisesRow(id="DEMO-PRM-02", name="Weaste Lane Primary School", kind="SCHOOL",
                    area="GMP", lat=near(H08, 0, 100)[0], lon=near(H08, 0, 100)[1]),
        PremisesRow(id="DEMO-PRM-03", name="Buile Hill Park Playground", kind="PLAYGROUND",
                    area="GMP", lat=near(H08, 180, 450)[0], lon=near(H08, 180, 450)[1]),
        PremisesRow(id="DEMO-PRM-04", name="Little Owls Day Nursery", kind="NURSERY", area="GMP",
                    lat=place(0, 0.5)[0], lon=place(0, 0.5)[1]),
        PremisesRow(id="DEMO-PRM-05", name="Hulme Youth Centre", kind="YOUTH_CLUB", area="GMP",
                    lat=place(200, 2)[0], lon=place(200, 2)[1]),
    ]

    def approved_premises(address_id: str) -> AddressRow:
        return addr(address_id, "Bowling Green House, 14 Bowling Green Street", "Manchester",
                    "M15 4QX", AP, approved_premises=True)

    # 01: violent offender living 1.2 km from his victim; housing's only case.
    d.offender(
        1, "Darren Holt", born=d.born(34), category="CATEGORY_2", level="LEVEL_2",
        lead=PROBATION, lead_since=300, managers=[OM],
        offence="Inflicting grievous bodily harm on his former partner (Offences Against the "
                "Person Act 1861, s.20); sentenced 2022 to 4 years",
        involved=[(POLICE, "MAPPA_CATEGORY"), (PRISON, "MAPPA_CATEGORY"),
                  ("AG-DEMO-HOUSING", "DUTY_TO_COOPERATE")],
        home=d.home(addr("DEMO-ADR-01", "17 Ayres Road", "Stretford", "M16 9WR", H01), 60,
                    "TEMPORARY"),
        victims=[d.victim("DEMO-VIC-01", "Kelly Marsh", 31,
                          addr("DEMO-ADR-V01", "8 Clarendon Street", "Manchester", "M15 5EZ",
                               near(H01, 0, 1200), protected=True))],
        conditions=[d.condition("DEMO-LC-01A", "NO_CONTACT", NO_CONTACT_TEXT, start=300,
                                victims=[0]),
                    d.condition("DEMO-LC-01B", "RESIDENCE", RESIDENCE_TEXT, start=300)],
        review_in=7,
        risks=[d.risk("DEMO-RA-01", 40, "HIGH", known_adult="HIGH", public="MEDIUM")],
    )
    # 02: registered sexual offender; victim 2.3 km away; son just turned 18; police intel link.
    d.offender(
        2, "Wayne Ashcroft", born=d.born(47), category="CATEGORY_1", level="LEVEL_1",
        lead=PROBATION, lead_since=500, managers=[OM, PPO],
        offence="Sexual assault (Sexual Offences Act 2003, s.3); sentenced 2021 to 3 years",
        involved=[(POLICE, "MAPPA_CATEGORY")],
        home=d.home(addr("DEMO-ADR-02", "41 Abbey Hey Lane", "Gorton", "M18 8TG", H02), 2000),
        victims=[d.victim("DEMO-VIC-02", "Emma Clarke", 29,
                          addr("DEMO-ADR-V02", "3 Stanley Grove", "Longsight", "M12 4NL",
                               near(H02, 180, 2300), protected=True))],
        contacts=[d.contact("DEMO-CON-02A", "Jordan Ashcroft", d.born(18, 61), "CHILD",
                            household_since=2000)],
        conditions=[d.condition("DEMO-LC-02A", "NO_UNSUPERVISED_CONTACT_WITH_CHILDREN",
                                CHILDREN_TEXT, start=500)],
        risks=[d.risk("DEMO-RA-02A", 400, "MEDIUM", public="MEDIUM"),
               d.risk("DEMO-RA-02B", 30, "MEDIUM", public="MEDIUM")],
        notifications=d.rso(2, 500, 140),
    )
    # 03: lives inside his active exclusion polygon (an expired circle too); health involved.
    polygon_centre = near(H03, 45, 200)
    d.offender(
        3, "Lee Kershaw", born=d.born(28), category="CATEGORY_2", level="LEVEL_1",
        lead=PROBATION, lead_since=250, managers=[OM],
        offence="Wounding with intent (Offences Against the Person Act 1861, s.18) at a bar on "
                "Langworthy Road; sentenced 2020 to 6 years",
        involved=[("AG-DEMO-HEALTH", "DUTY_TO_COOPERATE")],
        home=d.home(addr("DEMO-ADR-03", "9 Seedley Terrace", "Salford", "M6 5NA", H03), 15),
        victims=[d.victim("DEMO-VIC-03", "Owen Pratt", 33,
                          addr("DEMO-ADR-V03", "70 Lower Broughton Road", "Salford", "M7 2HD",
                               near(H03, 70, 3000), protected=True))],
        conditions=[
            d.condition("DEMO-LC-03A", "EXCLUSION_ZONE", EXCLUSION_TEXT, start=250, zones=[
                polygon_zone("DEMO-ZON-03A", "EXCLUSION", lat=polygon_centre[0],
                             lon=polygon_centre[1], ring=hexagon(polygon_centre, 700),
                             window=d.window(250))]),
            d.condition("DEMO-LC-03B", "EXCLUSION_ZONE", EXCLUSION_TEXT, start=250, end=30,
                        zones=[circle_zone("DEMO-ZON-03B", "EXCLUSION", lat=H03[0], lon=H03[1],
                                           radius_m=500, window=d.window(250, 30))]),
        ],
        risks=[d.risk("DEMO-RA-03", 90, "MEDIUM", public="MEDIUM")],
        health=[HealthNoteRow(id="DEMO-HN-03", recordedOn=d.day(45),
                              text="Diagnosed with depression; engaged with the community "
                                   "mental health team.")],
    )
    # 04: stalker on a GPS tag whose last fix is inside his exclusion circle; 3-hop victim link.
    victim04 = near(H04, 135, 3000)
    d.offender(
        4, "Craig Mellor", born=d.born(39), category="CATEGORY_2", level="LEVEL_2",
        lead=PROBATION, lead_since=120, managers=[OM],
        offence="Stalking involving fear of violence (Protection from Harassment Act 1997, "
                "s.4A); sentenced 2023 to 30 months",
        involved=[(POLICE, "MAPPA_CATEGORY"), ("AG-DEMO-EM", "LICENCE_CONDITION")],
        home=d.home(addr("DEMO-ADR-04", "55 Waterloo Road", "Cheetham Hill", "M8 8AR", H04),
                    120),
        victims=[d.victim("DEMO-VIC-04", "Rebecca Lowe", 36,
                          addr("DEMO-ADR-V04", "12 Thorncliffe Grove", "Collyhurst", "M40 7PL",
                               victim04, protected=True))],
        contacts=[d.contact("DEMO-CON-04A", "Dean Mellor", d.born(42), "SIBLING")],
        conditions=[
            d.condition("DEMO-LC-04A", "NO_CONTACT", NO_CONTACT_TEXT, start=120, victims=[0]),
            d.condition("DEMO-LC-04B", "EXCLUSION_ZONE", EXCLUSION_TEXT, start=120, zones=[
                circle_zone("DEMO-ZON-04A", "EXCLUSION", lat=victim04[0], lon=victim04[1],
                            radius_m=800, window=d.window(120))]),
        ],
        review_in=-3,
        risks=[d.risk("DEMO-RA-04", 100, "HIGH", known_adult="HIGH")],
        last_fix=FixRow(lat=near(victim04, 270, 300)[0], lon=near(victim04, 270, 300)[1],
                        at=d.instant(1, 22, 40)),
    )
    # 05: his friend is linked to his victim (2 hops).
    d.offender(
        5, "Anthony Birtwistle", born=d.born(52), category="CATEGORY_1", level="LEVEL_1",
        lead=POLICE, lead_since=1500, managers=[PPO],
        offence="Voyeurism (Sexual Offences Act 2003, s.67); sentenced 2019 to 18 months",
        home=d.home(addr("DEMO-ADR-05", "23 Slade Lane", "Longsight", "M13 0QJ", H05), 2500),
        victims=[d.victim("DEMO-VIC-05", "Chloe Dawson", 27,
                          addr("DEMO-ADR-V05", "6 Royce Road", "Hulme", "M15 5JQ",
                               near(H05, 270, 3500), protected=True))],
        contacts=[d.contact("DEMO-CON-05A", "Martin Yates", d.born(50), "FRIEND")],
        risks=[d.risk("DEMO-RA-05", 200, "MEDIUM", public="MEDIUM", tool="ARMS")],
        notifications=d.rso(5, 1500, 20),
    )
    # 06: outside his inclusion zone; 7-year-old son (category 2); police not involved.
    d.offender(
        6, "Ryan Tattersall", born=d.born(31), category="CATEGORY_2", level="LEVEL_1",
        lead=PROBATION, lead_since=90, managers=[OM],
        offence="Robbery (Theft Act 1968, s.8); sentenced 2022 to 5 years",
        involved=[("AG-DEMO-CHILDRENS", "SAFEGUARDING"), ("AG-DEMO-EM", "LICENCE_CONDITION")],
        home=d.home(addr("DEMO-ADR-06", "14 Moss Lane East", "Moss Side", "M14 4PX", H06), 90),
        victims=[d.victim("DEMO-VIC-06", "Harjit Sandhu", 58,
                          addr("DEMO-ADR-V06", "101 Wilmslow Road", "Rusholme", "M14 5AN",
                               near(H06, 20, 4000), protected=True))],
        contacts=[d.contact("DEMO-CON-06A", "Mason Tattersall", d.born(7), "CHILD",
                            household_since=90),
                  d.contact("DEMO-CON-06B", "Jade Tattersall", d.born(30), "PARTNER",
                            household_since=90)],
        conditions=[d.condition(
            "DEMO-LC-06A", "EXCLUSION_ZONE",
            "Not to leave the area defined by the attached map without the prior approval of "
            "your supervising officer; monitored by GPS tag.", start=90,
            zones=[circle_zone("DEMO-ZON-06A", "INCLUSION", lat=H06[0], lon=H06[1],
                               radius_m=2500, window=d.window(90))])],
        risks=[d.risk("DEMO-RA-06", 80, "MEDIUM", public="MEDIUM")],
        last_fix=FixRow(lat=near(H06, 90, 3500)[0], lon=near(H06, 90, 3500)[1],
                        at=d.instant(1, 23, 15)),
    )
    # 07: out of bounds for schools, living 250 m from one; moved and notified in time.
    d.offender(
        7, "Graham Pennington", born=d.born(58), category="CATEGORY_1", level="LEVEL_1",
        lead=PROBATION, lead_since=600, managers=[OM, PPO],
        offence="Sexual assault of a child under 13 (Sexual Offences Act 2003, s.7); "
                "sentenced 2018 to 7 years",
        involved=[(POLICE, "MAPPA_CATEGORY")],
        home=d.home(addr("DEMO-ADR-07", "30 Oldham Road", "Miles Platting", "M40 7LB", H07), 20),
        past=[d.past(addr("DEMO-ADR-07P", "5 Iron Street", "Clayton", "M11 4HB",
                          place(70, 5)), 600, 20)],
        victims=[d.victim("DEMO-VIC-07", "Sophie Kenyon", 19,
                          addr("DEMO-ADR-V07", "19 Briscoe Lane", "Newton Heath", "M40 2TR",
                               near(H07, 225, 3000), protected=True))],
        conditions=[
            d.condition("DEMO-LC-07A", "OUT_OF_BOUNDS_PREMISES_TYPE",
                        "Not to enter or loiter within 400 metres of any school without prior "
                        "approval.", start=600, premises=PremisesKind.SCHOOL),
            d.condition("DEMO-LC-07B", "NO_UNSUPERVISED_CONTACT_WITH_CHILDREN", CHILDREN_TEXT,
                        start=600),
        ],
        risks=[d.risk("DEMO-RA-07", 150, "MEDIUM", children="MEDIUM")],
        interventions=[InterventionRow(id="DEMO-INT-07", kind="ACCREDITED_PROGRAMME",
                                       name="Horizon", status="ACTIVE", start=d.day(100),
                                       end=None)],
        notifications=d.rso(7, 600, 240, moved=20, moved_notified_after=2),
    )
    # 08: out of bounds for playgrounds: nearest at 450 m; a school at 100 m does not count.
    d.offender(
        8, "Philip Greenhalgh", born=d.born(44), category="CATEGORY_1", level="LEVEL_1",
        lead=PROBATION, lead_since=400, managers=[OM, PPO],
        offence="Causing or inciting a child to engage in sexual activity (Sexual Offences Act "
                "2003, s.10); sentenced 2019 to 6 years",
        involved=[(POLICE, "MAPPA_CATEGORY")],
        home=d.home(addr("DEMO-ADR-08", "77 Eccles New Road", "Weaste", "M5 4WN", H08), 400),
        victims=[d.victim("DEMO-VIC-08", "Lauren Boyle", 22,
                          addr("DEMO-ADR-V08", "2 Fitzwarren Street", "Pendleton", "M6 5JF",
                               near(H08, 45, 3200), protected=True))],
        conditions=[d.condition(
            "DEMO-LC-08A", "OUT_OF_BOUNDS_PREMISES_TYPE",
            "Not to enter or loiter within 400 metres of any children's playground without "
            "prior approval.", start=400, premises=PremisesKind.PLAYGROUND)],
        risks=[d.risk("DEMO-RA-08", 120, "MEDIUM", children="MEDIUM")],
        notifications=d.rso(8, 400, 40),
    )
    # 09: the ex-partner his NO_CONTACT protects has moved back in; GPS fix outside his zone.
    victim09 = near(H09, 90, 3500)
    d.offender(
        9, "Jason Rigby", born=d.born(36), category="CATEGORY_2", level="LEVEL_2",
        lead=PROBATION, lead_since=200, managers=[OM],
        offence="Assault occasioning actual bodily harm (Offences Against the Person Act 1861, "
                "s.47) on his former partner's brother; sentenced 2023 to 2 years",
        involved=[(POLICE, "MAPPA_CATEGORY"), ("AG-DEMO-EM", "LICENCE_CONDITION")],
        home=d.home(addr("DEMO-ADR-09", "62 Bury New Road", "Kersal", "M7 4UT", H09), 200),
        victims=[d.victim("DEMO-VIC-09", "Carl Mason", 40,
                          addr("DEMO-ADR-V09", "15 Hazelbottom Road", "Crumpsall", "M8 0GQ",
                               victim09, protected=True))],
        contacts=[d.contact("DEMO-CON-09A", "Nicola Rigby", d.born(34), "PARTNER",
                            household_since=25)],
        conditions=[
            d.condition("DEMO-LC-09A", "NO_CONTACT", NO_CONTACT_TEXT, start=200, victims=[0],
                        contacts=[0]),
            d.condition("DEMO-LC-09B", "EXCLUSION_ZONE", EXCLUSION_TEXT, start=200, zones=[
                circle_zone("DEMO-ZON-09A", "EXCLUSION", lat=victim09[0], lon=victim09[1],
                            radius_m=800, window=d.window(200))]),
        ],
        review_in=7,
        risks=[d.risk("DEMO-RA-09", 60, "HIGH", known_adult="HIGH")],
        last_fix=FixRow(lat=near(victim09, 180, 1000)[0], lon=near(victim09, 180, 1000)[1],
                        at=d.instant(1, 19, 5)),
    )
    # 10 and 11: two offenders sharing a private flat, each case with its own record of it (11's
    # names the suburb, and was placed at the building's other entrance).
    d.offender(
        10, "Steven Crompton", born=d.born(29), category="CATEGORY_2", level="LEVEL_1",
        lead=PROBATION, lead_since=150, managers=[OM],
        offence="Affray and wounding (Offences Against the Person Act 1861, s.20); sentenced "
                "2022 to 3 years",
        home=d.home(addr("DEMO-ADR-FLAT", "Flat 4, 22 Cromwell Road", "Manchester", "M20 6LP",
                         SHARED_FLAT), 100),
        victims=[d.victim("DEMO-VIC-10", "Liam Donnelly", 25,
                          addr("DEMO-ADR-V10", "44 Mauldeth Road", "Burnage", "M19 1NG",
                               near(SHARED_FLAT, 90, 4000), protected=True))],
        contacts=[d.contact("DEMO-CON-10A", "Shaun Pryce", d.born(30), "FRIEND",
                            residences=[d.home(addr("DEMO-ADR-C10", "8 Beech Road",
                                                    "Chorlton", "M21 9EL", place(210, 5)),
                                               700)])],
        risks=[d.risk("DEMO-RA-10", 70, "MEDIUM", public="MEDIUM")],
    )
    d.offender(
        11, "Paul Fairclough", born=d.born(33), category="CATEGORY_2", level="LEVEL_1",
        lead=PROBATION, lead_since=160, managers=[OM],
        offence="Robbery (Theft Act 1968, s.8); sentenced 2021 to 4 years",
        involved=[("AG-DEMO-DWP", "DUTY_TO_COOPERATE")],
        home=d.home(addr("DEMO-ADR-FLAT-11", "flat 4, 22 Cromwell Road", "Didsbury",
                         "M20 6LP", near(SHARED_FLAT, 45, 15)), 100),
        victims=[d.victim("DEMO-VIC-11", "Aaron Whittaker", 45,
                          addr("DEMO-ADR-V11", "9 Palatine Road", "Withington", "M20 3LH",
                               near(SHARED_FLAT, 270, 3000), protected=True))],
        risks=[d.risk("DEMO-RA-11", 70, "MEDIUM", public="MEDIUM")],
        compliance=[d.missed("DEMO-CE-11A", 60, OM), d.missed("DEMO-CE-11B", 20, OM)],
    )
    # 12: category 1, living with his partner and her 9-year-old daughter.
    d.offender(
        12, "Mark Heywood", born=d.born(41), category="CATEGORY_1", level="LEVEL_2",
        lead=PROBATION, lead_since=700, managers=[OM, PPO],
        offence="Meeting a child following sexual grooming (Sexual Offences Act 2003, s.15); "
                "sentenced 2019 to 5 years",
        involved=[(POLICE, "MAPPA_CATEGORY"), (PRISON, "MAPPA_CATEGORY"),
                  ("AG-DEMO-CHILDRENS", "SAFEGUARDING")],
        home=d.home(addr("DEMO-ADR-12", "3 Rochdale Road", "Blackley", "M9 8AE", H12), 1200),
        victims=[d.victim("DEMO-VIC-12", "Amber Hughes", 16,
                          addr("DEMO-ADR-V12", "27 Victoria Avenue", "Moston", "M40 9RF",
                               near(H12, 180, 3000), protected=True))],
        contacts=[d.contact("DEMO-CON-12A", "Donna Platt", d.born(38), "PARTNER",
                            household_since=60),
                  d.contact("DEMO-CON-12B", "Ellie Platt", d.born(9, 40), "OTHER",
                            household_since=60)],
        conditions=[d.condition("DEMO-LC-12A", "NO_UNSUPERVISED_CONTACT_WITH_CHILDREN",
                                CHILDREN_TEXT, start=700)],
        review_in=7,
        risks=[d.risk("DEMO-RA-12", 50, "HIGH", children="HIGH")],
        notifications=d.rso(12, 700, 330),
    )
    # 13 and 14: recently released to the same Approved Premises (each case's record of it).
    d.offender(
        13, "Kieran Lomax", born=d.born(26), category="CATEGORY_1", level="LEVEL_1",
        lead=PROBATION, lead_since=40, managers=[OM, PPO],
        offence="Sexual communication with a child (Sexual Offences Act 2003, s.15A); "
                "sentenced 2023 to 2 years",
        involved=[(POLICE, "MAPPA_CATEGORY"), (PRISON, "MAPPA_CATEGORY")],
        home=d.home(approved_premises("DEMO-ADR-AP"), 40, "APPROVED_PREMISES"),
        victims=[d.victim("DEMO-VIC-13", "Megan Royle", 15,
                          addr("DEMO-ADR-V13", "11 Burton Road", "Didsbury", "M20 2LN",
                               near(AP, 180, 5000), protected=True))],
        risks=[d.risk("DEMO-RA-13A", 180, "MEDIUM", children="MEDIUM"),
               d.risk("DEMO-RA-13B", 5, "HIGH", children="HIGH", public="MEDIUM")],
        notifications=d.rso(13, 40, None),
    )
    d.offender(
        14, "Gary Entwistle", born=d.born(37), category="CATEGORY_2", level="LEVEL_2",
        lead=PROBATION, lead_since=30, managers=[OM],
        offence="Manslaughter; sentenced 2016 to 12 years",
        involved=[(POLICE, "MAPPA_CATEGORY"), (PRISON, "MAPPA_CATEGORY")],
        home=d.home(approved_premises("DEMO-ADR-AP-14"), 30, "APPROVED_PREMISES"),
        victims=[d.victim("DEMO-VIC-14", "Peter Walsh", 61,
                          addr("DEMO-ADR-V14", "52 Ashton Old Road", "Ardwick", "M12 6LP",
                               near(AP, 80, 3000), protected=True))],
        review_in=7,
        risks=[d.risk("DEMO-RA-14", 25, "HIGH", public="HIGH")],
        compliance=[d.missed("DEMO-CE-14A", 25, OM), d.missed("DEMO-CE-14B", 14, OM),
                    d.missed("DEMO-CE-14C", 6, OM)],
    )
    # 15: registered sexual offender who moved 10 days ago without notifying.
    d.offender(
        15, "Neil Burrows", born=d.born(63), category="CATEGORY_1", level="LEVEL_1",
        lead=POLICE, lead_since=2200, managers=[PPO],
        offence="Sexual assault (Sexual Offences Act 2003, s.3); sentenced 2016 to 2 years",
        home=d.home(addr("DEMO-ADR-15", "88 Barton Road", "Stretford", "M32 9AB", H15), 10),
        past=[d.past(addr("DEMO-ADR-15P", "4 Kings Road", "Old Trafford", "M16 7RT",
                          place(230, 3.5)), 2300, 10)],
        victims=[d.victim("DEMO-VIC-15", "Rachel Moss", 34,
                          addr("DEMO-ADR-V15", "21 Marsland Road", "Sale", "M33 3HQ",
                               near(H15, 160, 3500), protected=True))],
        risks=[d.risk("DEMO-RA-15", 300, "LOW", children="LOW", tool="ARMS")],
        notifications=d.rso(15, 2200, 60),
    )
    # 16: registered sexual offender whose annual notification is overdue.
    d.offender(
        16, "Terence Hulme", born=d.born(55), category="CATEGORY_1", level="LEVEL_1",
        lead=POLICE, lead_since=1900, managers=[PPO],
        offence="Exposure (Sexual Offences Act 2003, s.66); sentenced 2018 to 12 months",
        home=d.home(addr("DEMO-ADR-16", "16 Ashton Road", "Droylsden", "M43 7BW", H16), 2500),
        victims=[d.victim("DEMO-VIC-16", "Joanne Firth", 44,
                          addr("DEMO-ADR-V16", "31 Hyde Road", "Gorton", "M18 7AD",
                               near(H16, 250, 3000), protected=True))],
        risks=[d.risk("DEMO-RA-16", 500, "LOW", tool="RM2000")],
        notifications=d.rso(16, 1900, 400),
    )
    # 17: a 16-year-old led by youth justice, living with his mother.
    d.offender(
        17, "Tyler Newsome", born=d.born(16), category="CATEGORY_2", level="LEVEL_1",
        lead="AG-DEMO-YOUTH", lead_since=75, managers=["demo.youth.om"],
        offence="Robbery with a knife (Theft Act 1968, s.8); 18-month detention and training "
                "order, 2024",
        home=d.home(addr("DEMO-ADR-17", "7 Oldham Road", "Failsworth", "M35 0AA", H17), 75),
        victims=[d.victim("DEMO-VIC-17", "Callum Reid", 17,
                          addr("DEMO-ADR-V17", "20 Culcheth Lane", "Newton Heath", "M40 1LP",
                               near(H17, 240, 2600), protected=True))],
        contacts=[d.contact("DEMO-CON-17A", "Kerry Newsome", d.born(40), "PARENT",
                            household_since=75)],
        risks=[d.risk("DEMO-RA-17", 60, "MEDIUM", public="MEDIUM")],
        interventions=[InterventionRow(id="DEMO-INT-17", kind="OTHER",
                                       name="Education, training and employment support",
                                       status="ACTIVE", start=d.day(60), end=None)],
    )

    def link(a: str, b: str, grading: tuple[int, str, str], days_ago: int) -> AssociationRow:
        return AssociationRow(fromId=a, toId=b, sourceAgency=POLICE, source=grading[0],
                              information=grading[1], handling=grading[2],
                              observedAt=d.instant(days_ago, 14))

    associations = [
        link("DEMO-OFF-02", "DEMO-OFF-07", (2, "B", "C"), 35),
        link("DEMO-CON-05A", "DEMO-VIC-05", (2, "C", "P"), 50),
        link("DEMO-CON-04A", "DEMO-CON-10A", (3, "C", "P"), 80),
        link("DEMO-CON-10A", "DEMO-VIC-04", (2, "B", "P"), 45),
    ]
    plans, meetings = _plans_and_meetings(as_of, d.offenders)
    return [
        Batch(BatchKind.AGENCIES, list(AGENCIES)),
        Batch(BatchKind.OFFICERS, officers),
        Batch(BatchKind.PREMISES, premises),
        Batch(BatchKind.OFFENDERS, d.offenders, offenders=len(d.offenders)),
        Batch(BatchKind.ASSOCIATIONS, associations),
        Batch(BatchKind.PLANS, plans),
        Batch(BatchKind.MEETINGS, meetings),
    ]
