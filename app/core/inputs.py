"""The inputs of the case-data mutations (PRODUCT.md section 6), validated before any Cypher runs.

Each model is the one declaration of a GraphQL input type: its fields, their descriptions and
their constraints (app/api/graphql/ derives the type from it, with strawberry's pydantic
integration). Field names are the Python spelling of the GraphQL ones. `parse` turns a pydantic
failure into `Invalid` naming the field by its GraphQL path, e.g. `input.address.latitude`, and
what is wrong with it in the service's words (`IN_OUR_WORDS`).
"""

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal, Self, TypeVar, get_args

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    UrlConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from app.core import geometry
from app.core.enums import (
    AgencyKind,
    ComplianceKind,
    ConditionKind,
    EmergencyReviewOutcome,
    InterventionKind,
    MappaCategory,
    MappaLevel,
    NotificationKind,
    PremisesKind,
    ResidenceKind,
    RiskLevel,
    Role,
    listed,
)
from app.core.errors import Invalid

EARLIEST = date(1900, 1, 1)  # no date the service records is older
FUTURE_YEARS = 50  # nor planned further ahead (licence ends, involvement ends)
CLOCK_SKEW = timedelta(minutes=5)  # an instant "now" on the caller's clock may be this far ahead
MAX_RADIUS_METRES = 50_000.0
MAX_FIXES = 1_000  # location fixes in one reportLocations call
MIN_JUSTIFICATION = 20  # characters of an emergency access justification (PRODUCT.md section 4)
MIN_JUSTIFICATION_WORDS = 3


class FieldProblem(ValueError):
    """A check across fields, naming the field (relative to the model checked) to blame."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def _today() -> date:
    return datetime.now(UTC).date()


def _not_before_1900(value: date) -> date:
    if value < EARLIEST:
        raise ValueError(f"must not be before {EARLIEST.isoformat()}")
    return value


def _not_future(value: date) -> date:
    _not_before_1900(value)
    if value > _today() + timedelta(days=1):  # a day's grace for callers east of UTC
        raise ValueError("must not be in the future")
    return value


def _not_far_future(value: date) -> date:
    _not_before_1900(value)
    if value > _today() + timedelta(days=365 * FUTURE_YEARS):
        raise ValueError(f"must not be more than {FUTURE_YEARS} years ahead")
    return value


def _instant_not_future(value: datetime) -> datetime:
    if value.date() < EARLIEST:
        raise ValueError(f"must not be before {EARLIEST.isoformat()}")
    if value > datetime.now(UTC) + CLOCK_SKEW:
        raise ValueError("must not be in the future")
    return value


def _postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", value).upper()
    if not re.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}", compact):
        raise ValueError("is not a UK postcode (e.g. M15 4QX)")
    return f"{compact[:-3]} {compact[-3:]}"


def _id(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._:-]*", value):
        raise ValueError("may hold only letters, digits and . _ : -, and starts with a letter "
                         "or digit")
    return value


def _pnc(value: str) -> str:
    if not re.fullmatch(r"[0-9]{2}/[0-9]{1,7}[A-Z]", value):
        raise ValueError("is not a PNC number (e.g. 24/123456A)")
    return value


Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
               AfterValidator(_id)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000)]
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
BirthDate = Annotated[date, AfterValidator(_not_future)]
PastDate = Annotated[date, AfterValidator(_not_future)]
PlannedDate = Annotated[date, AfterValidator(_not_far_future)]
PastInstant = Annotated[AwareDatetime, AfterValidator(_instant_not_future)]
Postcode = Annotated[str, StringConstraints(max_length=10), AfterValidator(_postcode)]
Pnc = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, max_length=20),
                AfterValidator(_pnc)]

InvolvementBasis = Literal["MAPPA_CATEGORY", "DUTY_TO_COOPERATE", "LICENCE_CONDITION",
                           "SAFEGUARDING"]
ContactRelationship = Literal["PARTNER", "CHILD", "PARENT", "SIBLING", "FRIEND", "EMPLOYER",
                              "OTHER"]
ComplianceOutcome = Literal["WARNING", "FINAL_WARNING", "BREACH_ACTION", "RECALL", "NONE"]
ZoneKind = Literal["EXCLUSION", "INCLUSION"]


class _Input(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# Words several fields' descriptions share.
OFFENDER_ID = "The offender's id: a case the caller's agency is involved in."
LATITUDE = "Latitude in degrees (WGS 84), -90 to 90."
LONGITUDE = "Longitude in degrees (WGS 84), -180 to 180."


class Coordinates(_Input):
    latitude: Latitude = Field(description=LATITUDE)
    longitude: Longitude = Field(description=LONGITUDE)


class AddressInput(_Input):
    line1: Name = Field(description="The first line: number and street, or the building.")
    town: Name = Field(description="The town or city.")
    postcode: Postcode = Field(description="A UK postcode, e.g. M15 4QX (kept in that form).")
    latitude: Latitude = Field(description=LATITUDE)
    longitude: Longitude = Field(description=LONGITUDE)


class ZoneInput(_Input):
    """A polygon ([lon, lat] positions, closed) or a circle (centre and radius), not both."""

    kind: ZoneKind = Field(description=f"{listed(get_args(ZoneKind))}: an EXCLUSION zone must "
                           "not be entered, an INCLUSION zone must not be left.")
    polygon: list[tuple[Longitude, Latitude]] | None = Field(
        default=None, max_length=geometry.MAX_RING_POSITIONS,
        description="The boundary as [longitude, latitude] positions, the last the same as the "
        "first; leave out for a circle.")
    centre: Coordinates | None = Field(default=None, description="A circle's centre.")
    radius_metres: Annotated[float, Field(gt=0, le=MAX_RADIUS_METRES, allow_inf_nan=False)] | None \
        = Field(default=None, description=f"A circle's radius in metres, up to "
                f"{MAX_RADIUS_METRES:,.0f}.")

    @field_validator("polygon")
    @classmethod
    def _simple_ring(
        cls, ring: list[tuple[float, float]] | None
    ) -> list[tuple[float, float]] | None:
        if ring is not None:
            try:
                geometry.check_ring(ring)
            except geometry.RingProblem as problem:
                where = "" if problem.position is None else str(problem.position)
                raise FieldProblem(str(problem), where) from problem
        return ring

    @model_validator(mode="after")
    def _one_shape(self) -> Self:
        if self.polygon is not None:
            if self.centre is not None or self.radius_metres is not None:
                raise FieldProblem("give either a polygon, or a centre and radiusMetres",
                                   "centre" if self.centre is not None else "radiusMetres")
        elif self.centre is None:
            raise FieldProblem("a zone needs a polygon, or a centre and radiusMetres", "polygon")
        elif self.radius_metres is None:
            raise FieldProblem("a circular zone needs radiusMetres", "radiusMetres")
        return self


def _area(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_-]+", value):
        raise ValueError("may hold only letters, digits, _ and -")
    return value


Area = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, min_length=1,
                                        max_length=40), AfterValidator(_area)]


class CreateAgencyInput(_Input):
    id: Id = Field(description="Its id, as tokens' `agency` claim names it: letters, digits and "
                   ". _ : -.")
    name: Name = Field(description="Its name.")
    kind: AgencyKind = Field(description="What kind of agency it is.")
    area: Area = Field(description="Criminal justice area code, e.g. GMP; NATIONAL for a "
                       "national provider.")


class CreateCaseOfficerInput(_Input):
    id: Id = Field(description="Their id, as their tokens' subject names them.")
    name: Name = Field(description="Their name.")
    agency_id: Id = Field(description="The agency they work for.")
    role: Role = Field(description="Their role.")


class CreateOffenderInput(_Input):
    name: Name = Field(description="The offender's name.")
    date_of_birth: BirthDate = Field(description="Their date of birth.")
    category: MappaCategory = Field(description="The MAPPA category (CATEGORY_1: a registered "
                                    "sexual offender).")
    level: MappaLevel = Field(description="The MAPPA level.")
    index_offence: Text | None = Field(default=None, description="A summary of the index "
                                       "offence.")
    pnc: Pnc | None = Field(default=None, description="The Police National Computer reference, "
                            "e.g. 24/123456A; unique.")


class InvolveAgencyInput(_Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    agency_id: Id = Field(description="The agency to involve.")
    basis: InvolvementBasis = Field(description=f"Why: {listed(get_args(InvolvementBasis))}.")
    until: PlannedDate | None = Field(default=None, description="When the involvement ends "
                                      "(after today); leave out for no end.")

    @field_validator("until")
    @classmethod
    def _after_today(cls, until: date | None) -> date | None:
        if until is not None and until <= _today():
            raise ValueError("must be after today (withdrawAgency ends an involvement now)")
        return until


class WithdrawAgencyInput(_Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    agency_id: Id = Field(description="The agency to withdraw.")


class AssignCaseOfficerInput(_Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    officer_id: Id = Field(description="The officer, of an agency involved in the case.")


class SetMappaLevelInput(_Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    level: MappaLevel = Field(description="The new level.")
    reason: Text = Field(description="Why, e.g. the MAPP meeting's decision.")


class RecordAddressInput(_Input):
    person_id: Id = Field(description="The offender, contact or victim, of a case the caller's "
                          "agency is involved in.")
    address: AddressInput = Field(description="The address.")
    from_: PlannedDate = Field(alias="from", description="When they live there from (up to a "
                               "year ahead).")
    kind: ResidenceKind = Field(default=ResidenceKind.HOME, description="What kind of residence "
                                "(not kept for a victim's protected address).")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @field_validator("from_")
    @classmethod
    def _not_far_ahead(cls, value: date) -> date:
        if value > _today() + timedelta(days=366):
            raise ValueError("must not be more than a year ahead")
        return value


class AddVictimInput(_Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    name: Name = Field(description="The victim's name.")
    date_of_birth: BirthDate | None = Field(default=None, description="Their date of birth, if "
                                            "known.")
    address: AddressInput | None = Field(default=None, description="Their protected address, if "
                                         "known.")


class AddNamedContactInput(_Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    name: Name = Field(description="The contact's name.")
    relationship: ContactRelationship = Field(
        description=f"Who they are to the offender: {listed(get_args(ContactRelationship))}.")
    date_of_birth: BirthDate | None = Field(default=None, description="Their date of birth, if "
                                            "known (it tells whether they are a child).")
    household_member: bool = Field(default=False, description="They live in the offender's "
                                   "household (then give no address).")
    address: AddressInput | None = Field(default=None, description="Where they live, if not "
                                         "with the offender.")

    @model_validator(mode="after")
    def _household_lives_with_offender(self) -> Self:
        if self.household_member and self.address is not None:
            raise FieldProblem("a household member lives at the offender's address; leave "
                               "address out", "address")
        return self


class Grading(_Input):
    """The 3x5x2 intelligence grading: source 1..3, information A..E (handling is separate)."""

    source: Annotated[int, Field(ge=1, le=3)] = Field(
        description="Source evaluation: 1 (reliable), 2 (untested) or 3 (not reliable).")
    information: Literal["A", "B", "C", "D", "E"] = Field(
        description="Information assessment: A (known directly) to E (suspected false).")


class LinkAssociationInput(_Input):
    person_a_id: Id = Field(description="One person, on a case the caller may see.")
    person_b_id: Id = Field(description="The other (not the same).")
    grading: Grading = Field(description="The intelligence grading.")
    handling: Literal["P", "C"] = Field(description="P (may be shared) or C (police only).")
    observed_at: PastInstant = Field(description="When the association was observed (not in "
                                     "the future).")

    @model_validator(mode="after")
    def _two_people(self) -> Self:
        if self.person_a_id == self.person_b_id:
            raise FieldProblem("a person cannot be associated with themselves", "personBId")
        return self


class AddLicenceConditionInput(_Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    kind: ConditionKind = Field(description="What the condition requires.")
    text: Text = Field(description="The condition as the licence words it.")
    valid_from: PlannedDate = Field(description="When it comes into force.")
    valid_to: PlannedDate | None = Field(default=None, description="When it ends (not before "
                                         "validFrom); leave out for no end.")
    protected_person_id: Id | None = Field(default=None, description="The person a NO_CONTACT "
                                           "(or EXCLUSION_ZONE) condition protects.")
    zone: ZoneInput | None = Field(default=None, description="An EXCLUSION_ZONE condition's "
                                   "zone.")
    premises_kind: PremisesKind | None = Field(default=None, description="The kind of premises "
                                               "an OUT_OF_BOUNDS_PREMISES_TYPE condition bars.")

    @model_validator(mode="after")
    def _parts_fit_the_kind(self) -> Self:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise FieldProblem("must not be before validFrom", "validTo")
        needs = {
            ConditionKind.NO_CONTACT: ("protectedPersonId", self.protected_person_id),
            ConditionKind.EXCLUSION_ZONE: ("zone", self.zone),
            ConditionKind.OUT_OF_BOUNDS_PREMISES_TYPE: ("premisesKind", self.premises_kind),
        }
        if self.kind in needs and needs[self.kind][1] is None:
            raise FieldProblem(f"a {self.kind} condition needs {needs[self.kind][0]}",
                               needs[self.kind][0])
        if self.zone is not None and self.kind is not ConditionKind.EXCLUSION_ZONE:
            raise FieldProblem("only an EXCLUSION_ZONE condition defines a zone", "zone")
        if self.premises_kind is not None and \
                self.kind is not ConditionKind.OUT_OF_BOUNDS_PREMISES_TYPE:
            raise FieldProblem("only an OUT_OF_BOUNDS_PREMISES_TYPE condition names a premises "
                               "kind", "premisesKind")
        if self.protected_person_id is not None and self.kind not in {
                ConditionKind.NO_CONTACT, ConditionKind.EXCLUSION_ZONE}:
            raise FieldProblem("only NO_CONTACT and EXCLUSION_ZONE conditions protect a person",
                               "protectedPersonId")
        return self


class AddPremisesInput(_Input):
    name: Name = Field(description="The premises' name.")
    kind: PremisesKind = Field(description="What kind of premises.")
    latitude: Latitude = Field(description=LATITUDE)
    longitude: Longitude = Field(description=LONGITUDE)


class RecordRiskAssessmentInput(_Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    tool: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)] \
        = Field(description="The assessment tool, e.g. OASys.")
    assessed_on: PastDate = Field(description="When it was assessed (not in the future).")
    children: RiskLevel = Field(description="Risk to children.")
    public_at_large: RiskLevel = Field(description="Risk to the public at large.")
    known_adult: RiskLevel = Field(description="Risk to a known adult.")
    staff: RiskLevel = Field(description="Risk to staff.")


class AddInterventionInput(_Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    kind: InterventionKind = Field(description="What kind of intervention.")
    name: Name = Field(description="The programme's name.")
    start: PlannedDate = Field(description="When it starts.")
    end: PlannedDate | None = Field(default=None, description="When it ends (not before start); "
                                    "leave out when open-ended.")

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.end is not None and self.end < self.start:
            raise FieldProblem("must not be before start", "end")
        return self


class RecordComplianceEventInput(_Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    kind: ComplianceKind = Field(description="What happened.")
    at: PastInstant = Field(description="When (not in the future).")
    note: Text | None = Field(default=None, description="What the officer noted.")
    outcome: ComplianceOutcome = Field(
        default="NONE", description=f"What was done: {listed(get_args(ComplianceOutcome))}.")


class RecordNotificationInput(_Input):
    offender_id: Id = Field(description=f"{OFFENDER_ID} The offender must be a registered "
                            "sexual offender.")
    kind: NotificationKind = Field(description="What was notified.")
    made_on: PastDate = Field(description="When it was made (not in the future).")
    details: Text | None = Field(default=None, description="What was notified, in words.")


def _sentence(value: str) -> str:
    """A justification is a real sentence, not a word or a row of dots."""
    words = value.split()
    if len(" ".join(words)) < MIN_JUSTIFICATION or len(words) < MIN_JUSTIFICATION_WORDS:
        raise ValueError(f"must say why you need access, in a sentence of at least "
                         f"{MIN_JUSTIFICATION} characters and {MIN_JUSTIFICATION_WORDS} words")
    return value


Justification = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2_000),
                          AfterValidator(_sentence)]


class RequestEmergencyAccessInput(_Input):
    offender_id: Id = Field(description="The offender's id.")
    justification: Justification = Field(
        description=f"Why you need access: a sentence of at least {MIN_JUSTIFICATION} "
        f"characters and {MIN_JUSTIFICATION_WORDS} words.")


class GrantReference(_Input):
    id: Id


class ReviewEmergencyAccessInput(_Input):
    """The lead agency's or MAPPA coordinator's finding on a grant; UNJUSTIFIED says why."""

    id: Id = Field(description="The grant's id.")
    outcome: EmergencyReviewOutcome = Field(description="The finding.")
    note: Text | None = Field(default=None, description="Required for UNJUSTIFIED: what was "
                              "wrong with the access.")

    @model_validator(mode="after")
    def _unjustified_says_why(self) -> Self:
        if self.outcome is EmergencyReviewOutcome.UNJUSTIFIED and self.note is None:
            raise FieldProblem("an UNJUSTIFIED review must say why (what was wrong with the "
                               "access)", "note")
        return self


class LocationFix(_Input):
    offender_id: Id = Field(description=OFFENDER_ID)
    latitude: Latitude = Field(description=LATITUDE)
    longitude: Longitude = Field(description=LONGITUDE)
    at: PastInstant = Field(description="When the fix was taken (not in the future).")


class ReportLocationsInput(_Input):
    fixes: Annotated[list[LocationFix], Field(min_length=1, max_length=MAX_FIXES)]


class RegisterWebhookInput(_Input):
    url: Annotated[AnyHttpUrl, UrlConstraints(max_length=2_000)] = Field(
        description="Where alerts are POSTed (http or https; in production https to a public "
        "address only).")
    description: Text | None = Field(default=None, description="What it is for.")


class DisableWebhookInput(_Input):
    id: Id = Field(description="The webhook's id.")
    reason: Text | None = Field(default=None, description="Why, kept in its disabledReason.")


class RotateWebhookSecretInput(_Input):
    id: Id = Field(description="The webhook's id.")


class AlertDecision(_Input):
    """acknowledgeAlert / resolveAlert: which alert, and the officer's note."""

    id: Id
    note: Text | None = None


def graphql_name(python_name: str) -> str:
    """`person_a_id` -> `personAId`, `from_` -> `from`: how the GraphQL schema spells a field."""
    head, *rest = python_name.rstrip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


M = TypeVar("M", bound=BaseModel)

# Pydantic's built-in checks in our words, by the error's `type` (its `ctx` and the `input` fill
# them in). Our own checks (value_error) keep their words; any other type says only that the value
# is not valid, so that no library's text reaches a caller. A URL too long is not echoed.
IN_OUR_WORDS = {
    "missing": "is required",
    "extra_forbidden": "is not a field of this input",
    "string_type": "must be text",
    "string_too_short": "must have at least {min_length} character(s)",
    "string_too_long": "must have at most {max_length} characters",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "finite_number": "must be a finite number",
    "bool_type": "must be true or false",
    "greater_than": "must be more than {gt}",
    "greater_than_equal": "must be {ge} or more",
    "less_than": "must be less than {lt}",
    "less_than_equal": "must be {le} or less",
    "enum": "must be one of {expected}",
    "literal_error": "must be one of {expected}",
    "date_type": "must be a date (YYYY-MM-DD)",
    "date_parsing": "must be a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "must be a date (YYYY-MM-DD), without a time",
    "datetime_type": "must be a date and time with its UTC offset (ISO 8601)",
    "datetime_parsing": "must be a date and time with its UTC offset (ISO 8601)",
    "datetime_from_date_parsing": "must be a date and time with its UTC offset (ISO 8601)",
    "timezone_aware": "must carry its UTC offset",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
    "too_short": "must have at least {min_length} item(s)",
    "too_long": "must have at most {max_length} items",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "url_type": "not a URL",
    "url_parsing": "not an absolute http(s) URL: {input!r}",
    "url_scheme": "the scheme must be {expected_schemes}: {input!r}",
    "url_too_long": "longer than {max_length} characters",
}


def in_our_words(problem: Mapping[str, Any]) -> str:
    """What is wrong, for one of pydantic's error details."""
    kind = problem["type"]
    context = {k: f"{v:g}" if isinstance(v, float) else v
               for k, v in (problem.get("ctx") or {}).items()}
    if kind in {"value_error", "assertion_error"}:  # raised by our own validators
        return str(problem["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind in IN_OUR_WORDS:
        return IN_OUR_WORDS[kind].format(**context, input=problem.get("input"))
    return "is not valid"


def parse(model: type[M], data: Mapping[str, Any], root: str | None = "input") -> M:
    """Validate `data` (GraphQL input as Python names) or raise Invalid naming the first bad
    field by its GraphQL path."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        path = [*([root] if root else []),
                *(graphql_name(p) if isinstance(p, str) else str(p) for p in problem["loc"])]
        cause = (problem.get("ctx") or {}).get("error")
        message = in_our_words(problem)
        if isinstance(cause, FieldProblem):
            path += [part for part in cause.field.split(".") if part]
            message = str(cause)
        field = ".".join(path)
        raise Invalid(f"{field}: {message}", field=field) from None
