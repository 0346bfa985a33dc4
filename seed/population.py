"""A synthetic national MAPPA population, generated as rows for the seed statements.

Pure and deterministic: the same (offenders, seed, as_of) gives the same rows, in the same order,
from one `random.Random(seed)`; nothing reads the clock. Proportions follow the published MAPPA
annual statistics (about 77% category 1 registered sexual offenders, 22% category 2 violent
offenders, 1% category 3, 0.3% category 4 terrorism; 97% managed at level 1, 2.5% at level 2,
0.5% at level 3).

`generate_population` yields batches in load order: agencies, officers, premises, Approved
Premises addresses, offenders (each with everything that is theirs alone), then associations
between people created earlier, then the level 2 and 3 cases' risk management plans and the
MAPPA meetings that agreed them (seed/plans.py).
"""

import bisect
import json
import math
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Generic, TypeVar

from faker.providers.person.en_GB import Provider as _BritishNames

from app.core.enums import (
    AgencyKind,
    ComplianceKind,
    ConditionKind,
    InterventionKind,
    MappaCategory,
    MappaLevel,
    NotificationKind,
    PremisesKind,
    ResidenceKind,
    RiskLevel,
    Role,
)
from seed.areas import (
    AREAS,
    NATIONAL,
    Area,
    destination,
    haversine_m,
    random_point,
    random_point_in_area,
)
from seed.plans import PlanGenerator
from seed.rows import (
    AddressRow,
    AgencyRow,
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
    NotificationRow,
    OffenderRow,
    OfficerRow,
    PlaceRow,
    PremisesRow,
    ResidenceRow,
    RiskAssessmentRow,
    VictimRow,
    ZoneRow,
)

T = TypeVar("T")
Row = Mapping[str, object]

OFFENDER_BATCH = 1000  # offenders per write transaction
ASSOCIATION_BATCH = 5000
PLAN_BATCH = 250  # cases' plans (every version, measure and action) per write transaction
MEETING_BATCH = 20  # meetings (invitations and agenda) per write transaction
PROXIMITY_M = 2000.0  # PRODUCT.md s.5 default: residences this close to a victim raise an alert


@dataclass(frozen=True)
class Batch:
    """Rows of one kind, written by one statement in one transaction."""

    kind: BatchKind
    rows: Sequence[Row]
    offenders: int = 0  # offenders this batch completes (for progress)


class Weighted(Generic[T]):
    """Draws from fixed weights without rebuilding cumulative weights on every call."""

    def __init__(self, choices: Sequence[tuple[T, float]]) -> None:
        self.values = [value for value, _ in choices]
        total = 0.0
        self.cumulative: list[float] = []
        for _, weight in choices:
            total += weight
            self.cumulative.append(total)
        self.total = total

    def pick(self, rng: random.Random) -> T:
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


def agency_id(area: str, kind: AgencyKind | str) -> str:
    return f"AG-{area}-{kind}"


EM_AGENCY_ID = agency_id(NATIONAL, AgencyKind.ELECTRONIC_MONITORING)

# --- reference pools -----------------------------------------------------------------------------

MALE_NAMES: tuple[str, ...] = tuple(_BritishNames.first_names_male)
FEMALE_NAMES: tuple[str, ...] = tuple(_BritishNames.first_names_female)
SURNAMES: tuple[str, ...] = tuple(_BritishNames.last_names)
STREET_STEMS = (
    "Albert", "Alexandra", "Ash", "Ashley", "Beech", "Belmont", "Birch", "Blenheim", "Brook",
    "Cambridge", "Castle", "Cedar", "Chapel", "Charles", "Chestnut", "Church", "Clarence",
    "College", "Coronation", "Cromwell", "Derwent", "Elm", "Fairfield", "Forest", "George",
    "Gladstone", "Grange", "Green", "Grove", "Hawthorn", "Highfield", "Hill", "Holly", "Kings",
    "Lansdowne", "Laurel", "Lime", "Manor", "Maple", "Marlborough", "Meadow", "Mill", "Milton",
    "Nelson", "New", "North", "Oak", "Orchard", "Park", "Princes", "Queens", "Railway",
    "Richmond", "Rose", "St John's", "St Mary's", "Station", "Stanley", "Victoria", "Vicarage",
    "Warwick", "Wellington", "West", "Willow", "Windsor", "York",
)
STREET_SUFFIXES = (
    "Road", "Street", "Lane", "Avenue", "Close", "Drive", "Crescent", "Way", "Gardens", "Grove",
    "Terrace", "Place", "Court", "View", "Walk",
)
SAINTS = ("Mary", "John", "Peter", "Paul", "Michael", "Andrew", "George", "Anne", "Joseph")
NURSERY_NAMES = ("Acorns", "Busy Bees", "Little Owls", "Rainbow", "Sunflowers", "Tiny Tots",
                 "Ladybirds", "Buttercups", "Stepping Stones", "Bright Sparks")
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
PNC_CHECK = "ZABCDEFGHJKLMNPQRTUVWXY"

# Reference numbers are bijections of the offender number (unique without any lookup); values at
# or above the modulus are never produced and are left to the demo scenario.
PNC_MODULUS = 9_989_957  # prime
VISOR_MODULUS = 99_989_983  # prime

INDEX_OFFENCES: dict[str, tuple[str, ...]] = {
    MappaCategory.CATEGORY_1: (
        "Rape (Sexual Offences Act 2003, s.1)",
        "Sexual assault (Sexual Offences Act 2003, s.3)",
        "Sexual assault of a child under 13 (Sexual Offences Act 2003, s.7)",
        "Causing or inciting a child to engage in sexual activity (Sexual Offences Act 2003, s.10)",
        "Meeting a child following sexual grooming (Sexual Offences Act 2003, s.15)",
        "Sexual communication with a child (Sexual Offences Act 2003, s.15A)",
        "Making indecent photographs of children (Protection of Children Act 1978, s.1)",
        "Possession of indecent photographs of children (Criminal Justice Act 1988, s.160)",
        "Exposure (Sexual Offences Act 2003, s.66)",
        "Voyeurism (Sexual Offences Act 2003, s.67)",
    ),
    MappaCategory.CATEGORY_2: (
        "Murder",
        "Attempted murder",
        "Manslaughter",
        "Wounding with intent (Offences Against the Person Act 1861, s.18)",
        "Inflicting grievous bodily harm (Offences Against the Person Act 1861, s.20)",
        "Assault occasioning actual bodily harm (Offences Against the Person Act 1861, s.47)",
        "Robbery (Theft Act 1968, s.8)",
        "Arson with intent to endanger life (Criminal Damage Act 1971, s.1(2))",
        "Threats to kill (Offences Against the Person Act 1861, s.16)",
        "Stalking involving fear of violence (Protection from Harassment Act 1997, s.4A)",
        "Controlling or coercive behaviour (Serious Crime Act 2015, s.76)",
    ),
    MappaCategory.CATEGORY_3: (
        "Affray (Public Order Act 1986, s.3); assessed as posing a risk of serious harm",
        "Kidnapping; assessed as posing a risk of serious harm",
        "Harassment (Protection from Harassment Act 1997, s.2); risk of serious harm to a former "
        "partner",
        "Criminal damage (Criminal Damage Act 1971, s.1); repeated threats to public officials",
    ),
    MappaCategory.CATEGORY_4: (
        "Preparation of terrorist acts (Terrorism Act 2006, s.5)",
        "Dissemination of terrorist publications (Terrorism Act 2006, s.2)",
        "Collection of information useful for terrorism (Terrorism Act 2000, s.58)",
        "Membership of a proscribed organisation (Terrorism Act 2000, s.11)",
    ),
}

PROGRAMMES: dict[str, tuple[str, ...]] = {
    InterventionKind.ACCREDITED_PROGRAMME: (
        "Horizon", "Kaizen", "Building Choices", "Thinking Skills Programme",
        "Becoming New Me+", "New Me Strengths", "iHorizon",
    ),
    InterventionKind.DRUG: ("Drug Rehabilitation Requirement", "Substance misuse treatment"),
    InterventionKind.ALCOHOL: ("Alcohol Treatment Requirement", "Alcohol awareness programme"),
    InterventionKind.OTHER: (
        "Education, training and employment support", "Accommodation support",
        "Finance, benefit and debt support", "Emotional wellbeing support",
        "Healthy Identity Intervention",
    ),
}

HEALTH_NOTES = (
    "Diagnosed with depression; engaged with the community mental health team.",
    "Prescribed antipsychotic medication; adherence monitored by the GP.",
    "History of self-harm; safety plan agreed with the crisis team.",
    "Opiate substitution therapy (methadone) through the local drug and alcohol service.",
    "Type 2 diabetes; attends the practice nurse monthly.",
    "Assessed as having a learning disability; adjustments made to supervision.",
    "Post-traumatic stress disorder; referred for trauma-focused therapy.",
    "Alcohol dependence; completed community detoxification.",
)

COMPLIANCE_NOTES: dict[str, tuple[str, ...]] = {
    ComplianceKind.MISSED_APPOINTMENT: (
        "Did not attend the scheduled supervision appointment; no acceptable reason given.",
        "Failed to attend the office appointment; reported illness without evidence.",
        "Missed the home visit; not at the approved address.",
    ),
    ComplianceKind.LATE_FOR_CURFEW: (
        "Electronic monitoring reported arrival 47 minutes after the start of the curfew.",
        "Curfew violation reported by the monitoring centre; explanation accepted in part.",
    ),
    ComplianceKind.CONDITION_BREACH: (
        "Entered the exclusion zone on two occasions according to GPS data.",
        "Contact with a prohibited person confirmed by the police.",
        "Failed to reside at the approved address.",
    ),
    ComplianceKind.POSITIVE_TEST: (
        "Positive test for cocaine at the drug testing appointment.",
        "Positive test for opiates; referred back to treatment.",
    ),
}

CONDITION_TEXTS: dict[str, str] = {
    ConditionKind.NO_CONTACT: (
        "Not to contact or associate with the person named in the licence, directly or "
        "indirectly, including through social media, without the prior approval of the "
        "supervising officer."
    ),
    ConditionKind.RESIDENCE: (
        "Permanently reside at an address approved by the supervising officer and obtain prior "
        "permission before any change of address."
    ),
    ConditionKind.CURFEW: (
        "Confine yourself to your approved address between 19:00 and 07:00 daily; electronically "
        "monitored."
    ),
    ConditionKind.NO_UNSUPERVISED_CONTACT_WITH_CHILDREN: (
        "Not to have unsupervised contact with any child under the age of 18 without the prior "
        "approval of the supervising officer and children's services."
    ),
    ConditionKind.NON_ASSOCIATION_WITH_SEX_OFFENDERS: (
        "Not to associate with any person known to have a conviction for a sexual offence "
        "without the prior approval of the supervising officer."
    ),
}
EXCLUSION_TEXT = (
    "Not to enter the area defined by the attached map without the prior approval of the "
    "supervising officer; monitored by GPS tag."
)
INCLUSION_TEXT = (
    "Not to leave the area defined by the attached map without the prior approval of the "
    "supervising officer; monitored by GPS tag."
)
PREMISES_WORDS = {
    PremisesKind.SCHOOL: "school",
    PremisesKind.PLAYGROUND: "children's playground",
    PremisesKind.NURSERY: "nursery",
    PremisesKind.YOUTH_CLUB: "youth club",
}

CATEGORY = Weighted([(MappaCategory.CATEGORY_1, 770), (MappaCategory.CATEGORY_2, 220),
                     (MappaCategory.CATEGORY_3, 7), (MappaCategory.CATEGORY_4, 3)])
LEVEL = Weighted([(MappaLevel.LEVEL_1, 970), (MappaLevel.LEVEL_2, 25), (MappaLevel.LEVEL_3, 5)])
VICTIM_COUNT = Weighted([(1, 75), (2, 20), (3, 5)])
CONTACT_COUNT = Weighted([(0, 30), (1, 30), (2, 20), (3, 12), (4, 8)])
RELATIONSHIP = Weighted([("PARTNER", 20), ("CHILD", 15), ("PARENT", 20), ("SIBLING", 20),
                         ("FRIEND", 15), ("EMPLOYER", 5), ("OTHER", 5)])
PREMISES_KIND = Weighted([(PremisesKind.SCHOOL, 45), (PremisesKind.PLAYGROUND, 30),
                          (PremisesKind.NURSERY, 15), (PremisesKind.YOUTH_CLUB, 10)])
ROSH_BY_LEVEL: dict[str, Weighted[RiskLevel]] = {
    MappaLevel.LEVEL_1: Weighted([(RiskLevel.LOW, 30), (RiskLevel.MEDIUM, 52),
                                  (RiskLevel.HIGH, 16), (RiskLevel.VERY_HIGH, 2)]),
    MappaLevel.LEVEL_2: Weighted([(RiskLevel.LOW, 5), (RiskLevel.MEDIUM, 35),
                                  (RiskLevel.HIGH, 50), (RiskLevel.VERY_HIGH, 10)]),
    MappaLevel.LEVEL_3: Weighted([(RiskLevel.MEDIUM, 10), (RiskLevel.HIGH, 50),
                                  (RiskLevel.VERY_HIGH, 40)]),
}
RISK_ORDER = (RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.VERY_HIGH)
INTERVENTION_KIND = Weighted([(InterventionKind.ACCREDITED_PROGRAMME, 45),
                              (InterventionKind.DRUG, 20), (InterventionKind.ALCOHOL, 15),
                              (InterventionKind.OTHER, 20)])
COMPLIANCE_COUNT = Weighted([(0, 45), (1, 25), (2, 13), (3, 10), (4, 7)])
COMPLIANCE_KIND = Weighted([(ComplianceKind.MISSED_APPOINTMENT, 65),
                            (ComplianceKind.POSITIVE_TEST, 12),
                            (ComplianceKind.CONDITION_BREACH, 13),
                            (ComplianceKind.LATE_FOR_CURFEW, 10)])
OUTCOME: dict[str, Weighted[str]] = {
    ComplianceKind.MISSED_APPOINTMENT: Weighted([("WARNING", 60), ("NONE", 25),
                                                 ("FINAL_WARNING", 15)]),
    ComplianceKind.LATE_FOR_CURFEW: Weighted([("WARNING", 70), ("NONE", 20),
                                              ("FINAL_WARNING", 10)]),
    ComplianceKind.POSITIVE_TEST: Weighted([("WARNING", 50), ("NONE", 30),
                                            ("FINAL_WARNING", 20)]),
    ComplianceKind.CONDITION_BREACH: Weighted([("FINAL_WARNING", 35), ("BREACH_ACTION", 50),
                                               ("RECALL", 15)]),
}
SOURCE_GRADE = Weighted([(1, 20), (2, 50), (3, 30)])
INFORMATION_GRADE = Weighted([("A", 15), ("B", 35), ("C", 30), ("D", 12), ("E", 8)])

# Officers per caseload (PRODUCT.md s.4 roles): (agency kind, role, id code, cases per officer,
# minimum per area). Caseload counts are of the area's expected offenders.
STAFFING: tuple[tuple[AgencyKind, Role, str, float, int], ...] = (
    (AgencyKind.POLICE, Role.PUBLIC_PROTECTION_OFFICER, "PPO", 50 / 0.77, 2),
    (AgencyKind.POLICE, Role.INTELLIGENCE_ANALYST, "IA", 2000, 2),
    (AgencyKind.POLICE, Role.MAPPA_COORDINATOR, "MC", math.inf, 1),
    (AgencyKind.POLICE, Role.ADMIN, "ADM", math.inf, 1),
    (AgencyKind.PROBATION, Role.OFFENDER_MANAGER, "OM", 40 / 0.68, 2),
    (AgencyKind.PROBATION, Role.VICTIM_LIAISON_OFFICER, "VLO", 500, 1),
    (AgencyKind.PROBATION, Role.MAPPA_COORDINATOR, "MC", 3000, 1),
    (AgencyKind.PROBATION, Role.AUDITOR, "AUD", math.inf, 1),
    (AgencyKind.PRISON, Role.OFFENDER_MANAGER, "OM", 500, 1),
    (AgencyKind.PRISON, Role.MAPPA_COORDINATOR, "MC", math.inf, 1),
    (AgencyKind.YOUTH_JUSTICE, Role.OFFENDER_MANAGER, "OM", 1000, 1),
    (AgencyKind.HOUSING, Role.PARTNER_OFFICER, "PO", 1000, 1),
    (AgencyKind.CHILDRENS_SERVICES, Role.PARTNER_OFFICER, "PO", 1000, 1),
    (AgencyKind.HEALTH, Role.PARTNER_OFFICER, "PO", 2000, 1),
    (AgencyKind.DWP, Role.PARTNER_OFFICER, "PO", 2000, 1),
)
AREA_AGENCY_KINDS = (
    AgencyKind.POLICE, AgencyKind.PROBATION, AgencyKind.PRISON, AgencyKind.YOUTH_JUSTICE,
    AgencyKind.HOUSING, AgencyKind.CHILDRENS_SERVICES, AgencyKind.HEALTH, AgencyKind.DWP,
)


def agency_name(area: Area, kind: AgencyKind) -> str:
    names = {
        AgencyKind.POLICE: area.police,
        AgencyKind.PROBATION: f"Probation Service – {area.name}",
        AgencyKind.PRISON: area.prison,
        AgencyKind.YOUTH_JUSTICE: f"{area.locality} Youth Justice Service",
        AgencyKind.HOUSING: f"{area.council} – Housing Options",
        AgencyKind.CHILDRENS_SERVICES: f"{area.council} – Children's Services",
        AgencyKind.HEALTH: f"NHS {area.name} Integrated Care Board",
        AgencyKind.DWP: f"DWP – {area.locality} Jobcentre Plus",
    }
    return names[kind]


def email_for(name: str, officer_id: str) -> str:
    local = ".".join(part.lower() for part in name.replace("'", "").split())
    number, area = officer_id.rsplit("-", 1)[-1], officer_id.split("-")[1].lower()
    return f"{local}.{number}@{area}.mappa.example"


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def polygon_geojson(ring: Sequence[tuple[float, float]]) -> str:
    """GeoJSON Polygon text for a ring of (lat, lon) points, written [lon, lat] and closed."""
    coordinates = [[lon, lat] for lat, lon in ring]
    if coordinates[0] != coordinates[-1]:
        coordinates.append(coordinates[0])
    return json.dumps({"type": "Polygon", "coordinates": [coordinates]}, separators=(",", ":"))


def point_geojson(lat: float, lon: float) -> str:
    return json.dumps({"type": "Point", "coordinates": [lon, lat]}, separators=(",", ":"))


def circle_zone(
    zone_id: str, kind: str, *, lat: float, lon: float, radius_m: float,
    window: tuple[date, date | None],
) -> ZoneRow:
    south, _ = destination(lat, lon, 180, radius_m)
    north, _ = destination(lat, lon, 0, radius_m)
    _, west = destination(lat, lon, 270, radius_m)
    _, east = destination(lat, lon, 90, radius_m)
    return ZoneRow(
        id=zone_id, kind=kind, shape="CIRCLE", geometry=point_geojson(lat, lon),
        centreLat=lat, centreLon=lon, radiusMetres=round(radius_m, 1),
        south=south, west=west, north=north, east=east, validFrom=window[0].isoformat(),
        validTo=iso(window[1]),
    )


def polygon_zone(
    zone_id: str, kind: str, *, lat: float, lon: float, ring: Sequence[tuple[float, float]],
    window: tuple[date, date | None],
) -> ZoneRow:
    """A polygon zone from its vertices (lat, lon), counter-clockwise; centre is for indexing."""
    lats = [p[0] for p in ring]
    lons = [p[1] for p in ring]
    return ZoneRow(
        id=zone_id, kind=kind, shape="POLYGON", geometry=polygon_geojson(ring),
        centreLat=lat, centreLon=lon, radiusMetres=None,
        south=min(lats), west=min(lons), north=max(lats), east=max(lons),
        validFrom=window[0].isoformat(), validTo=iso(window[1]),
    )


def star_ring(
    rng: random.Random, lat: float, lon: float, radius_m: float
) -> list[tuple[float, float]]:
    """A small simple polygon around a point: vertices at increasing angles (counter-clockwise),
    each between 60% and 100% of `radius_m` from it."""
    count = rng.randint(6, 9)
    step = 360.0 / count
    return [
        destination(lat, lon, (90.0 - (k * step + rng.random() * step * 0.6)) % 360.0,
                    radius_m * (0.6 + 0.4 * rng.random()))
        for k in range(count)
    ]


def generate_population(
    offenders: int, seed: int, as_of: date, batch_size: int = OFFENDER_BATCH
) -> Iterator[Batch]:
    """Every batch of a population of `offenders`, in load order."""
    return PopulationGenerator(offenders, seed, as_of).batches(batch_size)


class PopulationGenerator:
    """Generates one population; its methods must be called in `batches` order (one RNG)."""

    def __init__(self, offenders: int, seed: int, as_of: date) -> None:
        if offenders < 0:
            raise ValueError("offenders must not be negative")
        self.total = offenders
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.area_pick = Weighted([(area, float(area.weight)) for area in AREAS])
        weights = sum(area.weight for area in AREAS)
        self.expected = {area.code: offenders * area.weight / weights for area in AREAS}
        self.officers: dict[tuple[str, AgencyKind, Role], list[str]] = {}
        self.approved_premises: dict[str, list[AddressRow]] = {}
        self.offenders_by_area: dict[str, list[str]] = {area.code: [] for area in AREAS}
        self.contacts_by_area: dict[str, list[str]] = {area.code: [] for area in AREAS}
        self.plans = PlanGenerator(seed, as_of, self.officers)

    # -- helpers ----------------------------------------------------------------------------

    def days_ago(self, low: int, high: int) -> date:
        return self.as_of - timedelta(days=self.rng.randrange(low, high))

    def instant(self, day: date) -> str:
        """ISO text of a time of day (07:00 to 21:00 UTC) on `day`."""
        minutes = self.rng.randrange(7 * 60, 21 * 60)
        return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=UTC).isoformat()

    def person_name(self, male: bool) -> str:
        rng = self.rng
        first = rng.choice(MALE_NAMES if male else FEMALE_NAMES)
        return f"{first} {rng.choice(SURNAMES)}"

    def birth_date(self, age: float) -> date:
        return self.as_of - timedelta(days=int(age * 365.25) + self.rng.randrange(0, 365))

    def street(self) -> str:
        return f"{self.rng.choice(STREET_STEMS)} {self.rng.choice(STREET_SUFFIXES)}"

    def postcode(self, area: Area) -> str:
        rng = self.rng
        letters = POSTCODE_LETTERS
        return (f"{rng.choice(area.postcodes)}{rng.randint(1, 20)} "
                f"{rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}")

    def address(
        self, address_id: str, area: Area, point: tuple[float, float], *,
        protected: bool = False, approved_premises: bool | None = None, line1: str | None = None,
    ) -> AddressRow:
        rng = self.rng
        if line1 is None:
            line1 = f"{rng.randint(1, 220)} {self.street()}"
            if rng.random() < 0.2:
                line1 = f"Flat {rng.randint(1, 24)}, {line1}"
        return AddressRow(
            id=address_id, line1=line1, town=rng.choice(area.towns), postcode=self.postcode(area),
            area=area.code, lat=point[0], lon=point[1], protected=protected,
            approvedPremises=approved_premises,
        )

    def point_near(
        self, area: Area, lat: float, lon: float, max_m: float
    ) -> tuple[float, float]:
        """A point within max_m of (lat, lon), inside the area's circle."""
        limit = area.radius_m * 0.98
        for _ in range(20):
            point = random_point(self.rng, lat, lon, max_m)
            if haversine_m(area.lat, area.lon, *point) <= limit:
                return point
        return random_point_in_area(self.rng, area)

    # -- reference data ---------------------------------------------------------------------

    def agencies(self) -> list[AgencyRow]:
        rows = [
            AgencyRow(id=agency_id(area.code, kind), name=agency_name(area, kind), kind=kind,
                      area=area.code)
            for area in AREAS for kind in AREA_AGENCY_KINDS
        ]
        rows.append(AgencyRow(id=EM_AGENCY_ID, name="Electronic Monitoring Service",
                              kind=AgencyKind.ELECTRONIC_MONITORING, area=NATIONAL))
        return rows

    def case_officers(self) -> list[OfficerRow]:
        rows: list[OfficerRow] = []
        short = {
            AgencyKind.POLICE: "POL", AgencyKind.PROBATION: "PRB", AgencyKind.PRISON: "PRI",
            AgencyKind.YOUTH_JUSTICE: "YJS", AgencyKind.HOUSING: "HSG",
            AgencyKind.CHILDRENS_SERVICES: "CSC", AgencyKind.HEALTH: "HLT", AgencyKind.DWP: "DWP",
        }
        for area in AREAS:
            expected = self.expected[area.code]
            for kind, role, code, per_officer, minimum in STAFFING:
                count = max(minimum, math.ceil(expected / per_officer))
                ids = self.officers.setdefault((area.code, kind, role), [])
                for k in range(1, count + 1):
                    officer_id = f"CO-{area.code}-{short[kind]}-{code}-{k:03d}"
                    name = self.person_name(self.rng.random() < 0.45)
                    ids.append(officer_id)
                    rows.append(OfficerRow(
                        id=officer_id, name=name, role=role, email=email_for(name, officer_id),
                        agencyId=agency_id(area.code, kind),
                    ))
        em_id = "CO-NATIONAL-EMS-SYSTEM-001"
        self.officers[(NATIONAL, AgencyKind.ELECTRONIC_MONITORING, Role.PARTNER_SYSTEM)] = [em_id]
        rows.append(OfficerRow(id=em_id, name="Electronic Monitoring Service gateway",
                               role=Role.PARTNER_SYSTEM, email="gateway@ems.mappa.example",
                               agencyId=EM_AGENCY_ID))
        return rows

    def premises(self) -> list[PremisesRow]:
        total = min(8400, max(420, round(40 * math.sqrt(self.total))))
        weights = sum(area.weight for area in AREAS)
        rows: list[PremisesRow] = []
        for area in AREAS:
            for k in range(1, max(10, round(total * area.weight / weights)) + 1):
                kind = PREMISES_KIND.pick(self.rng)
                name = self.premises_name(area, kind)
                lat, lon = random_point_in_area(self.rng, area)
                rows.append(PremisesRow(id=f"PRM-{area.code}-{k:04d}", name=name, kind=kind,
                                        area=area.code, lat=lat, lon=lon))
        return rows

    def premises_name(self, area: Area, kind: PremisesKind) -> str:
        rng = self.rng
        stem = rng.choice(STREET_STEMS)
        town = rng.choice(area.towns)
        if kind is PremisesKind.SCHOOL:
            return rng.choice((
                f"{stem} Primary School", f"St {rng.choice(SAINTS)}'s C of E Primary School",
                f"{town} Academy", f"{stem} High School", f"{stem} Infant and Nursery School",
            ))
        if kind is PremisesKind.PLAYGROUND:
            return rng.choice((f"{stem} Park Playground", f"{stem} Recreation Ground Play Area",
                               f"{town} Adventure Playground"))
        if kind is PremisesKind.NURSERY:
            return rng.choice((f"{rng.choice(NURSERY_NAMES)} Day Nursery",
                               f"{stem} Children's Centre Nursery"))
        return rng.choice((f"{town} Youth Club", f"{stem} Youth Centre"))

    def approved_premises_places(self) -> list[PlaceRow]:
        """About 100 Approved Premises nationally, where several offenders live: each offender's
        case records the premises (a copy of the one made here, under the offender's own address
        id), and they meet at its Place."""
        weights = sum(area.weight for area in AREAS)
        rows: list[PlaceRow] = []
        for area in AREAS:
            premises = self.approved_premises.setdefault(area.code, [])
            for k in range(1, max(1, round(100 * area.weight / weights)) + 1):
                stem = self.rng.choice(STREET_STEMS)
                line1 = f"{stem} House, {self.rng.randint(1, 120)} {stem} Road"
                address = self.address(f"ADR-AP-{area.code}-{k:02d}", area,
                                       random_point_in_area(self.rng, area),
                                       approved_premises=True, line1=line1)
                premises.append(address)
                rows.append(PlaceRow(line1=address["line1"], postcode=address["postcode"]))
        return rows

    @staticmethod
    def recorded_as(premises: AddressRow, address_id: str) -> AddressRow:
        """An offender's case's own record of an Approved Premises."""
        recorded = premises.copy()
        recorded["id"] = address_id
        return recorded

    # -- offenders --------------------------------------------------------------------------

    def offender(self, n: int) -> OffenderRow:
        rng, as_of = self.rng, self.as_of
        area: Area = self.area_pick.pick(rng)
        code = area.code
        oid = f"OFF-{n:06d}"
        category = CATEGORY.pick(rng)
        level = LEVEL.pick(rng)
        cat1 = category is MappaCategory.CATEGORY_1
        youth = category in {MappaCategory.CATEGORY_1, MappaCategory.CATEGORY_2} and (
            rng.random() < 0.01)
        name, aliases, age = self.identity(cat1, youth)
        born = self.birth_date(age)

        if youth:
            lead_kind = AgencyKind.YOUTH_JUSTICE
        elif cat1 and rng.random() < 0.4:
            lead_kind = AgencyKind.POLICE  # registered, no longer on licence
        else:
            lead_kind = AgencyKind.PROBATION
        supervised = lead_kind is not AgencyKind.POLICE
        if supervised:
            released = self.days_ago(1, 4 * 365)
            lead_since = released
        else:
            released = self.days_ago(365, 12 * 365)
            lead_since = released + timedelta(days=rng.randrange(0, 365))

        arrest_year = max(born.year + 12, lead_since.year - rng.randrange(1, 15))
        pnc_serial = (n * 7_654_321) % PNC_MODULUS
        yy = arrest_year % 100
        pnc = f"{yy:02d}/{pnc_serial:07d}{PNC_CHECK[(yy * 10_000_000 + pnc_serial) % 23]}"
        visor = f"V{(n * 48_271) % VISOR_MODULUS:08d}"

        offence = rng.choice(INDEX_OFFENCES[category])
        sentence_year = max(arrest_year, released.year - rng.randrange(0, 6))
        index_offence = (f"{offence}; sentenced {sentence_year} at {area.locality} Crown Court "
                         f"to {rng.randint(1, 12)} years")
        if rng.random() < 0.03:
            review = self.days_ago(1, 60)
        else:
            review = as_of + timedelta(days=rng.randrange(1, 120 if level != "LEVEL_1" else 365))

        home, past, moved_in = self.residences(n, area, supervised, released)
        victims = self.victims(n, area, category, home)
        contacts, child_contact = self.contacts(n, area, cat1, age, home)
        conditions, em_gps, em_any = self.conditions(
            n, area, category=category, supervised=supervised, released=released,
            victims=victims, home=home,
        )
        managers = self.managers(code, lead_kind, cat1, lead_since)
        last_fix = self.last_fix(area, home) if em_gps else None

        row = OffenderRow(
            id=oid, name=name, aliases=aliases, dateOfBirth=born.isoformat(), pnc=pnc,
            visorRef=visor, category=category, level=level, area=code,
            indexOffence=index_offence, reviewDate=review.isoformat(),
            registeredSexOffender=cat1, lastFix=last_fix,
            leadAgencyId=agency_id(code, lead_kind), leadSince=lead_since.isoformat(),
            involvements=[], managers=managers, home=home, pastResidences=past,
            victims=victims, contacts=contacts, conditions=conditions,
            riskAssessments=self.risk_assessments(n, level, supervised, cat1),
            interventions=self.interventions(n, supervised, released) if supervised else [],
            complianceEvents=(self.compliance_events(n, released, managers[0]["officerId"],
                                                     em_any) if supervised else []),
            notifications=self.notifications(n, lead_since, moved_in, child_contact)
            if cat1 else [],
            healthNotes=[],
        )
        row["involvements"] = self.involvements(
            row, lead_kind, since=lead_since, supervised=supervised, released=released, age=age,
            child_contact=child_contact, em=em_any,
        )
        if any(i["agencyId"] == agency_id(code, AgencyKind.HEALTH) for i in row["involvements"]):
            row["healthNotes"] = self.health_notes(n)
        if level is not MappaLevel.LEVEL_1:
            self.plans.add_case(row)
        self.offenders_by_area[code].append(oid)
        self.contacts_by_area[code].extend(c["id"] for c in contacts)
        return row

    def identity(self, cat1: bool, youth: bool) -> tuple[str, list[str], float]:
        """Name, aliases and age of an offender."""
        rng = self.rng
        firsts = MALE_NAMES if rng.random() < (0.97 if cat1 else 0.9) else FEMALE_NAMES
        if youth:
            age = rng.uniform(15, 17.9)
        elif cat1:
            age = rng.triangular(18, 85, 38)
        else:
            age = rng.triangular(18, 70, 29)
        first, last = rng.choice(firsts), rng.choice(SURNAMES)
        aliases: list[str] = []
        if rng.random() < 0.2:
            aliases.append(f"{rng.choice(firsts)} {last}")
            if rng.random() < 0.25:
                aliases.append(f"{first} {rng.choice(SURNAMES)}")
        return f"{first} {last}", aliases, age

    def residences(
        self, n: int, area: Area, supervised: bool, released: date
    ) -> tuple[ResidenceRow, list[ResidenceRow], date]:
        """The current residence, earlier ones, and the day the offender moved in."""
        rng, as_of = self.rng, self.as_of
        past: list[ResidenceRow] = []
        since_release = (as_of - released).days
        aps = self.approved_premises[area.code]
        ap_kind = ResidenceKind.APPROVED_PREMISES
        if supervised and since_release < 120 and rng.random() < 0.4:
            home = ResidenceRow(start=released.isoformat(), end=None, kind=ap_kind,
                                address=self.recorded_as(rng.choice(aps), f"ADR-{n:06d}-H"))
            moved_in = released
        else:
            if supervised and since_release >= 120 and rng.random() < 0.25:
                left_ap = released + timedelta(days=rng.randrange(60, 120))
                past.append(ResidenceRow(
                    start=released.isoformat(), end=left_ap.isoformat(), kind=ap_kind,
                    address=self.recorded_as(rng.choice(aps), f"ADR-{n:06d}-A")))
                moved_in = left_ap
            else:
                moved_in = self.days_ago(30, 3000)
            kind = ResidenceKind.TEMPORARY if rng.random() < 0.05 else ResidenceKind.HOME
            address = self.address(f"ADR-{n:06d}-H", area, random_point_in_area(rng, area))
            home = ResidenceRow(start=moved_in.isoformat(), end=None, kind=kind, address=address)
        earlier = rng.random()
        end = released if past else moved_in
        for k in range(1 if earlier < 0.4 else 2 if earlier < 0.55 else 0):
            start = end - timedelta(days=rng.randrange(120, 2000))
            address = self.address(f"ADR-{n:06d}-P{k + 1}", area, random_point_in_area(rng, area))
            past.append(ResidenceRow(start=start.isoformat(), end=end.isoformat(),
                                     kind=ResidenceKind.HOME, address=address))
            end = start
        return home, past, moved_in

    @staticmethod
    def home_point(home: ResidenceRow) -> tuple[float, float] | None:
        """Where the offender's home is, for placing what is near or far from it; None at
        Approved Premises, which are placed without regard to any one resident."""
        if home["kind"] == ResidenceKind.APPROVED_PREMISES:
            return None
        return home["address"]["lat"], home["address"]["lon"]

    def victims(
        self, n: int, area: Area, category: str, home: ResidenceRow
    ) -> list[VictimRow]:
        rng = self.rng
        home_at = self.home_point(home)
        rows: list[VictimRow] = []
        for k in range(1, VICTIM_COUNT.pick(rng) + 1):
            point = random_point_in_area(rng, area)
            # Residence approval keeps most offenders well away from their victims.
            for _ in range(5):
                if home_at is None or haversine_m(*home_at, *point) > PROXIMITY_M:
                    break
                if rng.random() < 0.1:
                    break
                point = random_point_in_area(rng, area)
            female = rng.random() < (0.8 if category == MappaCategory.CATEGORY_1 else 0.55)
            also_contact = (category == MappaCategory.CATEGORY_2 and k == 1
                            and rng.random() < 0.03)
            rows.append(VictimRow(
                id=f"VIC-{n:06d}-{k}", name=self.person_name(not female),
                dateOfBirth=self.birth_date(rng.triangular(8, 80, 30)).isoformat(),
                locatedFrom=self.days_ago(30, 3000).isoformat(),
                address=self.address(f"ADR-{n:06d}-V{k}", area, point, protected=True),
                contactRelationship=["PARTNER"] if also_contact else [],
            ))
        return rows

    def contacts(
        self, n: int, area: Area, cat1: bool, age: float, home: ResidenceRow
    ) -> tuple[list[ContactRow], bool]:
        """Named contacts, and whether any of them is a child."""
        rng = self.rng
        any_child = False
        in_ap = home["kind"] == ResidenceKind.APPROVED_PREMISES
        rows: list[ContactRow] = []
        partner = False
        for k in range(1, CONTACT_COUNT.pick(rng) + 1):
            relationship = RELATIONSHIP.pick(rng)
            if relationship == "PARTNER" and partner:
                relationship = "FRIEND"
            partner = partner or relationship == "PARTNER"
            if relationship == "CHILD":
                contact_age = rng.uniform(0.5, max(1.0, min(age - 16, 45)))
            elif relationship == "PARENT":
                contact_age = age + rng.uniform(18, 35)
            elif relationship == "EMPLOYER":
                contact_age = rng.uniform(25, 65)
            else:
                contact_age = max(16.0, age + rng.uniform(-8, 8))
            household_share = {
                "PARTNER": 0.6, "PARENT": 0.6 if age < 25 else 0.15, "SIBLING": 0.1,
                "CHILD": (0.08 if cat1 else 0.5) if contact_age < 18 else 0.2,
            }.get(relationship, 0.0)
            since = home["start"]
            household = [] if in_ap or rng.random() >= household_share else [
                HouseholdRow(since=since, kind=home["kind"])
            ]
            residences: list[ResidenceRow] = []
            if not household and rng.random() < 0.4:
                address = self.address(f"ADR-{n:06d}-C{k}", area, random_point_in_area(rng, area))
                residences.append(ResidenceRow(
                    start=self.days_ago(30, 4000).isoformat(), end=None,
                    kind=ResidenceKind.HOME, address=address,
                ))
            born = self.birth_date(contact_age)
            any_child = any_child or age_on(born, self.as_of) < 18
            rows.append(ContactRow(
                id=f"CON-{n:06d}-{k}", name=self.person_name(rng.random() < 0.5),
                dateOfBirth=born.isoformat(), relationship=relationship,
                household=household, residences=residences,
            ))
        return rows, any_child

    def conditions(
        self, n: int, area: Area, *, category: str, supervised: bool, released: date,
        victims: list[VictimRow], home: ResidenceRow,
    ) -> tuple[list[ConditionRow], bool, bool]:
        """Licence (or prevention order) conditions; also whether GPS / any EM is involved."""
        rng, as_of = self.rng, self.as_of
        cat1 = category == MappaCategory.CATEGORY_1
        rows: list[ConditionRow] = []
        gps = em = False
        if not supervised and not (cat1 and rng.random() < 0.3):
            return rows, gps, em
        licence_end: date | None = (as_of + timedelta(days=rng.randrange(30, 5 * 365))
                                    if supervised else None)
        licence = (released, licence_end)

        def add(kind: str, text: str, window: tuple[date, date | None], *,
                premises: str | None = None, protects: list[int] | None = None,
                zones: list[ZoneRow] | None = None) -> None:
            rows.append(ConditionRow(
                id=f"LC-{n:06d}-{len(rows) + 1}", kind=kind, text=text,
                validFrom=window[0].isoformat(), validTo=iso(window[1]), premisesKind=premises,
                protectsVictims=protects or [], protectsContacts=[], zones=zones or [],
            ))

        def sometimes_varied() -> tuple[date, date | None]:
            """Now and then a condition was varied off the licence: it has expired."""
            served = (as_of - released).days
            if served > 60 and rng.random() < 0.1:
                return released, released + timedelta(days=rng.randrange(30, served))
            return licence

        if supervised:
            if rng.random() < 0.6:
                add(ConditionKind.RESIDENCE, CONDITION_TEXTS[ConditionKind.RESIDENCE], licence)
            for k in range(len(victims)):
                if rng.random() < (0.55 if k == 0 else 0.3):
                    add(ConditionKind.NO_CONTACT, CONDITION_TEXTS[ConditionKind.NO_CONTACT],
                        sometimes_varied(), protects=[k])
            if victims and rng.random() < 0.25:
                window = sometimes_varied()
                zone = self.exclusion_zone(n, area, victims[0], home, window)
                add(ConditionKind.EXCLUSION_ZONE, EXCLUSION_TEXT, window, zones=[zone])
                gps = rng.random() < 0.6
            if rng.random() < 0.02:
                zone = self.inclusion_zone(n, area, home, licence)
                add(ConditionKind.EXCLUSION_ZONE, INCLUSION_TEXT, licence, zones=[zone])
                gps = True
            if rng.random() < 0.2:
                add(ConditionKind.CURFEW, CONDITION_TEXTS[ConditionKind.CURFEW], licence)
                em = True
        if cat1:
            order = "" if supervised else "Sexual Harm Prevention Order: "
            if rng.random() < 0.45:
                kind = ConditionKind.NO_UNSUPERVISED_CONTACT_WITH_CHILDREN
                add(kind, order + CONDITION_TEXTS[kind], licence)
            if rng.random() < 0.15:
                premises = PREMISES_KIND.pick(rng)
                add(ConditionKind.OUT_OF_BOUNDS_PREMISES_TYPE,
                    f"{order}Not to enter or loiter within 400 metres of any "
                    f"{PREMISES_WORDS[premises]} without prior approval.", licence,
                    premises=premises)
            if supervised and rng.random() < 0.2:
                kind = ConditionKind.NON_ASSOCIATION_WITH_SEX_OFFENDERS
                add(kind, CONDITION_TEXTS[kind], licence)
        return rows, gps, em or gps

    def exclusion_zone(
        self, n: int, area: Area, victim: VictimRow, home: ResidenceRow,
        window: tuple[date, date | None],
    ) -> ZoneRow:
        """An exclusion zone around the victim's home (or elsewhere when that would reach beyond
        the area), usually clear of the offender's own home."""
        rng = self.rng
        radius = rng.uniform(400, 1500)
        limit = area.radius_m * 0.98 - radius
        home_at = self.home_point(home)
        lat, lon = victim["address"]["lat"], victim["address"]["lon"]
        for _ in range(5):
            clear = (home_at is None or haversine_m(*home_at, lat, lon) > radius
                     or rng.random() < 0.05)
            if haversine_m(area.lat, area.lon, lat, lon) <= limit and clear:
                break
            lat, lon = random_point(rng, area.lat, area.lon, limit)
        zone_id = f"ZON-{n:06d}-1"
        if rng.random() < 0.5:
            return circle_zone(zone_id, "EXCLUSION", lat=lat, lon=lon, radius_m=radius,
                               window=window)
        return polygon_zone(zone_id, "EXCLUSION", lat=lat, lon=lon,
                            ring=star_ring(rng, lat, lon, radius), window=window)

    def inclusion_zone(
        self, n: int, area: Area, home: ResidenceRow, window: tuple[date, date | None]
    ) -> ZoneRow:
        """An inclusion zone (must not leave) around the offender's home."""
        home_at = self.home_point(home) or (area.lat, area.lon)
        room = area.radius_m * 0.98 - haversine_m(area.lat, area.lon, *home_at)
        radius = min(self.rng.uniform(3000, 6000), room)
        if radius < 1500:
            home_at, radius = (area.lat, area.lon), area.radius_m * 0.98
        return circle_zone(f"ZON-{n:06d}-2", "INCLUSION", lat=home_at[0], lon=home_at[1],
                           radius_m=radius, window=window)

    def last_fix(self, area: Area, home: ResidenceRow) -> FixRow:
        home_at = self.home_point(home) or random_point_in_area(self.rng, area)
        lat, lon = self.point_near(area, *home_at, 1500)
        at = datetime.combine(self.as_of, time(0, 0), tzinfo=UTC) - timedelta(
            minutes=self.rng.randrange(1, 24 * 60))
        return FixRow(lat=lat, lon=lon, at=at.isoformat())

    def managers(
        self, area: str, lead: AgencyKind, cat1: bool, since: date
    ) -> list[ManagerRow]:
        rng = self.rng
        police = lead is AgencyKind.POLICE
        role = Role.PUBLIC_PROTECTION_OFFICER if police else Role.OFFENDER_MANAGER
        start = max(since, self.days_ago(0, 700)).isoformat()
        rows = [ManagerRow(officerId=rng.choice(self.officers[(area, lead, role)]), since=start)]
        if cat1 and lead is not AgencyKind.POLICE:
            ppos = self.officers[(area, AgencyKind.POLICE, Role.PUBLIC_PROTECTION_OFFICER)]
            rows.append(ManagerRow(officerId=rng.choice(ppos), since=start))
        return rows

    def involvements(
        self, row: OffenderRow, lead: AgencyKind, *, since: date, supervised: bool,
        released: date,
        age: float, child_contact: bool, em: bool,
    ) -> list[InvolvementRow]:
        rng, as_of = self.rng, self.as_of
        area = row["area"]
        rows = [InvolvementRow(agencyId=row["leadAgencyId"], basis="LEAD",
                               since=since.isoformat(), until=None)]

        def involve(kind: AgencyKind, basis: str, start: date, until: date | None = None) -> None:
            rows.append(InvolvementRow(agencyId=agency_id(area, kind), basis=basis,
                                       since=start.isoformat(), until=iso(until)))

        high_level = row["level"] != MappaLevel.LEVEL_1
        category = row["category"]
        if lead is not AgencyKind.POLICE and (
            category in (MappaCategory.CATEGORY_1, MappaCategory.CATEGORY_4) or high_level
        ):
            involve(AgencyKind.POLICE, "MAPPA_CATEGORY", since)
        if lead is AgencyKind.POLICE and high_level:
            involve(AgencyKind.PROBATION, "MAPPA_CATEGORY", since)
        if supervised and ((as_of - released).days < 365 or high_level):
            involve(AgencyKind.PRISON, "MAPPA_CATEGORY", released - timedelta(days=180))
        if 18 <= age < 19:
            involve(AgencyKind.YOUTH_JUSTICE, "DUTY_TO_COOPERATE", since)
        if rng.random() < 0.3 or row["home"]["kind"] == ResidenceKind.TEMPORARY:
            start = self.days_ago(1, max(2, (as_of - since).days + 1))
            ended = rng.random() < 0.1 and (as_of - start).days > 30
            until = (start + timedelta(days=rng.randrange(7, (as_of - start).days))
                     if ended else None)
            involve(AgencyKind.HOUSING, "DUTY_TO_COOPERATE", start, until)
        if child_contact or (category == MappaCategory.CATEGORY_1 and rng.random() < 0.15):
            involve(AgencyKind.CHILDRENS_SERVICES, "SAFEGUARDING", since)
        if rng.random() < 0.2:
            involve(AgencyKind.HEALTH, "DUTY_TO_COOPERATE", since)
        if rng.random() < 0.15:
            involve(AgencyKind.DWP, "DUTY_TO_COOPERATE", self.days_ago(1, 700))
        if em:
            rows.append(InvolvementRow(agencyId=EM_AGENCY_ID, basis="LICENCE_CONDITION",
                                       since=released.isoformat(), until=None))
        return rows

    def risk_assessments(
        self, n: int, level: str, supervised: bool, cat1: bool
    ) -> list[RiskAssessmentRow]:
        rng = self.rng
        count = 1 if rng.random() < 0.5 else 2 if rng.random() < 0.7 else 3
        days = sorted(self.days_ago(1, 3 * 365) for _ in range(count))
        latest = ROSH_BY_LEVEL[level].pick(rng)
        rows: list[RiskAssessmentRow] = []
        for k, day in enumerate(days):
            overall = latest if k == count - 1 else RISK_ORDER[
                max(0, RISK_ORDER.index(latest) - rng.randrange(0, 2))]
            top = RISK_ORDER.index(overall)
            groups = [RISK_ORDER[rng.randrange(0, top + 1)] for _ in range(4)]
            groups[0 if cat1 and rng.random() < 0.7 else rng.randrange(0, 4)] = overall
            tool = "OASys" if supervised else ("ARMS" if rng.random() < 0.6 else "RM2000")
            rows.append(RiskAssessmentRow(
                id=f"RA-{n:06d}-{k + 1}", tool=tool, assessedOn=day.isoformat(), overall=overall,
                children=groups[0], publicAtLarge=groups[1], knownAdult=groups[2],
                staff=groups[3],
            ))
        return rows

    def interventions(self, n: int, supervised: bool, released: date) -> list[InterventionRow]:
        rng, as_of = self.rng, self.as_of
        draw = rng.random()
        rows: list[InterventionRow] = []
        for k in range(0 if draw < 0.4 else 1 if draw < 0.8 else 2):
            kind = INTERVENTION_KIND.pick(rng)
            start = released + timedelta(days=rng.randrange(14, 400))
            length = timedelta(days=rng.randrange(60, 300))
            end: date | None = start + length
            if start > as_of:
                status = "PLANNED"
            elif end is not None and end > as_of:
                status, end = "ACTIVE", None
            else:
                status = "WITHDRAWN" if rng.random() < 0.1 else "COMPLETED"
            rows.append(InterventionRow(
                id=f"INT-{n:06d}-{k + 1}", kind=kind, name=rng.choice(PROGRAMMES[kind]),
                status=status, start=start.isoformat(), end=iso(end),
            ))
        return rows

    def compliance_events(
        self, n: int, released: date, officer_id: str, em: bool
    ) -> list[ComplianceEventRow]:
        rng, as_of = self.rng, self.as_of
        window = max(2, min(365, (as_of - released).days))
        rows: list[ComplianceEventRow] = []
        for k in range(COMPLIANCE_COUNT.pick(rng)):
            kind = COMPLIANCE_KIND.pick(rng)
            if kind is ComplianceKind.LATE_FOR_CURFEW and not em:
                kind = ComplianceKind.MISSED_APPOINTMENT
            rows.append(ComplianceEventRow(
                id=f"CE-{n:06d}-{k + 1}", kind=kind,
                at=self.instant(as_of - timedelta(days=rng.randrange(1, window))),
                outcome=OUTCOME[kind].pick(rng), note=rng.choice(COMPLIANCE_NOTES[kind]),
                recordedBy=officer_id,
            ))
        return rows

    def notifications(
        self, n: int, registered: date, moved_in: date, child_contact: bool
    ) -> list[NotificationRow]:
        """A registered sexual offender's notifications: the initial one, the latest annual ones
        (at most three), the latest address change, and some others."""
        rng, as_of = self.rng, self.as_of
        rows: list[NotificationRow] = []

        def note(kind: str, made: date, due: date, details: str) -> None:
            rows.append(NotificationRow(id=f"NOT-{n:06d}-{len(rows) + 1}", kind=kind,
                                        madeOn=made.isoformat(), dueOn=due.isoformat(),
                                        details=details))

        made = registered + timedelta(days=rng.randrange(0, 4))
        note(NotificationKind.INITIAL, made, registered + timedelta(days=3),
             "Initial notification at the police station.")
        annual: list[tuple[date, date]] = []
        overdue = rng.random() < 0.03
        while True:
            due = made + timedelta(days=365)
            if due >= as_of:
                break
            if overdue and due + timedelta(days=365) >= as_of:
                break  # the latest annual notification was never made
            made = due - timedelta(days=rng.randrange(0, 15))
            annual.append((made, due))
        for made_on, due_on in annual[-3:]:
            note(NotificationKind.ANNUAL, made_on, due_on, "Annual re-notification.")
        if moved_in > registered and rng.random() < 0.98:
            note(NotificationKind.ADDRESS_CHANGE, moved_in + timedelta(days=rng.randrange(0, 4)),
                 moved_in + timedelta(days=3), "New home address notified.")
        if rng.random() < 0.08:
            travel = self.days_ago(10, 300)
            note(NotificationKind.TRAVEL, travel, travel,
                 f"Travel abroad for {rng.randint(3, 14)} days.")
        if rng.random() < 0.1:
            day = self.days_ago(10, 700)
            note(NotificationKind.BANK_CARD, day, day, "New bank account and debit card.")
        if rng.random() < 0.05:
            day = self.days_ago(10, 700)
            note(NotificationKind.IDENTITY_DOCUMENT, day, day, "Passport renewed.")
        if child_contact and rng.random() < 0.5:
            day = self.days_ago(10, 700)
            note(NotificationKind.HOUSEHOLD_WITH_CHILD, day, day,
                 "Staying for 12 hours or more at a household with a child.")
        return rows

    def health_notes(self, n: int) -> list[HealthNoteRow]:
        rng = self.rng
        if rng.random() >= 0.6:
            return []
        return [
            HealthNoteRow(id=f"HN-{n:06d}-{k + 1}", text=rng.choice(HEALTH_NOTES),
                          recordedOn=self.days_ago(1, 1000).isoformat())
            for k in range(1 if rng.random() < 0.7 else 2)
        ]

    # -- associations -----------------------------------------------------------------------

    def associations(self) -> list[AssociationRow]:
        """Graded intelligence links: mostly between offenders of one area, some to contacts."""
        rng, as_of = self.rng, self.as_of
        areas = [code for code, ids in self.offenders_by_area.items() if ids]
        everyone = [oid for code in areas for oid in self.offenders_by_area[code]]
        if len(everyone) < 2:
            return []
        area_pick = Weighted([(code, float(len(self.offenders_by_area[code]))) for code in areas])
        seen: set[tuple[str, str]] = set()
        rows: list[AssociationRow] = []
        for _ in range(round(0.3 * self.total)):
            code = area_pick.pick(rng)
            local = self.offenders_by_area[code]
            first = rng.choice(local)
            if rng.random() < 0.8 or not self.contacts_by_area[code]:
                pool = local if rng.random() < 0.9 and len(local) > 1 else everyone
                other = rng.choice(pool)
            else:
                other = rng.choice(self.contacts_by_area[code])
            pair = (min(first, other), max(first, other))
            if other == first or pair in seen:
                continue
            seen.add(pair)
            police = rng.random() < 0.9
            rows.append(AssociationRow(
                fromId=first, toId=other,
                sourceAgency=agency_id(code, AgencyKind.POLICE if police else AgencyKind.PROBATION),
                source=SOURCE_GRADE.pick(rng), information=INFORMATION_GRADE.pick(rng),
                handling="C" if rng.random() < 0.15 else "P",
                observedAt=self.instant(as_of - timedelta(days=rng.randrange(1, 730))),
            ))
        return rows

    # -- the whole population ---------------------------------------------------------------

    def batches(self, batch_size: int) -> Iterator[Batch]:
        yield Batch(BatchKind.AGENCIES, self.agencies())
        yield Batch(BatchKind.OFFICERS, self.case_officers())
        premises = self.premises()
        for start in range(0, len(premises), 5000):
            yield Batch(BatchKind.PREMISES, premises[start:start + 5000])
        yield Batch(BatchKind.PLACES, self.approved_premises_places())
        for start in range(1, self.total + 1, batch_size):
            stop = min(self.total + 1, start + batch_size)
            rows = [self.offender(n) for n in range(start, stop)]
            yield Batch(BatchKind.OFFENDERS, rows, offenders=len(rows))
        links = self.associations()
        for start in range(0, len(links), ASSOCIATION_BATCH):
            yield Batch(BatchKind.ASSOCIATIONS, links[start:start + ASSOCIATION_BATCH])
        plans = self.plans.plans
        for start in range(0, len(plans), PLAN_BATCH):
            yield Batch(BatchKind.PLANS, plans[start:start + PLAN_BATCH])
        meetings = self.plans.meeting_rows()
        for start in range(0, len(meetings), MEETING_BATCH):
            yield Batch(BatchKind.MEETINGS, meetings[start:start + MEETING_BATCH])
