"""What the mutations' inputs (PRODUCT.md section 6) share, validated before any Cypher runs: the
`Input` base, the field types with their checks (ids, names, dates, coordinates), and `parse`.

Each input model lives in its domain's models.py (app/cases, app/reference, app/alerts,
app/webhooks) and is the one declaration of a GraphQL input type: its fields, their descriptions
and their constraints (each domain's mutations.py derives the type from it, with strawberry's
pydantic integration). Field names are the Python spelling of the GraphQL ones. `parse` turns a
pydantic failure into `Invalid` naming the field by its GraphQL path, e.g.
`input.address.latitude`, and what is wrong with it in the service's words (`IN_OUR_WORDS`).
"""

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from app.core.errors import Invalid

EARLIEST = date(1900, 1, 1)  # no date the service records is older
FUTURE_YEARS = 50  # nor planned further ahead (licence ends, involvement ends)
CLOCK_SKEW = timedelta(minutes=5)  # an instant "now" on the caller's clock may be this far ahead


class FieldProblem(ValueError):
    """A check across fields, naming the field (relative to the model checked) to blame."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def today() -> date:
    return datetime.now(UTC).date()


def _not_before_1900(value: date) -> date:
    if value < EARLIEST:
        raise ValueError(f"must not be before {EARLIEST.isoformat()}")
    return value


def _not_future(value: date) -> date:
    _not_before_1900(value)
    if value > today() + timedelta(days=1):  # a day's grace for callers east of UTC
        raise ValueError("must not be in the future")
    return value


def _not_far_future(value: date) -> date:
    _not_before_1900(value)
    if value > today() + timedelta(days=365 * FUTURE_YEARS):
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


class Input(BaseModel):
    """An input: frozen, and no field it does not declare."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# Words several fields' descriptions share.
OFFENDER_ID = "The offender's id: a case the caller's agency is involved in."
LATITUDE = "Latitude in degrees (WGS 84), -90 to 90."
LONGITUDE = "Longitude in degrees (WGS 84), -180 to 180."


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
