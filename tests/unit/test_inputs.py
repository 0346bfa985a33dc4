"""Mutation inputs are validated before any Cypher runs; a failure names the field by its
GraphQL path."""

from datetime import date, timedelta
from typing import Any

import pytest

from app.api.schema import build_schema
from app.cases import models as cases
from app.core import inputs
from app.core.errors import Invalid
from app.settings import Settings
from app.webhooks import models as webhooks

ADDRESS = {"line1": "3 Brook Street", "town": "Manchester", "postcode": "m12ab",
           "latitude": 53.4794, "longitude": -2.2453}


def field_of(model: type[inputs.BaseModel], data: dict[str, Any]) -> str | None:
    with pytest.raises(Invalid) as raised:
        inputs.parse(model, data)
    return raised.value.field


def test_good_input_is_normalised() -> None:
    parsed = inputs.parse(cases.RecordAddressInput, {
        "person_id": "DEMO-OFF-01", "address": ADDRESS, "from_": date(2025, 1, 1)})
    assert parsed.address.postcode == "M1 2AB"
    assert parsed.kind == "HOME"


@pytest.mark.parametrize(("model", "data", "field"), [
    (cases.RecordAddressInput,
     {"person_id": "P", "address": ADDRESS | {"latitude": 90.5}, "from_": date(2025, 1, 1)},
     "input.address.latitude"),
    (cases.RecordAddressInput,
     {"person_id": "P", "address": ADDRESS, "from_": date(1899, 12, 31)}, "input.from"),
    (cases.LinkAssociationInput,
     {"person_a_id": "A", "person_b_id": "B", "grading": {"source": 0, "information": "A"},
      "handling": "P", "observed_at": "2025-01-01T00:00:00+00:00"}, "input.grading.source"),
    (cases.AddInterventionInput,
     {"offender_id": "O", "kind": "DRUG", "name": "n", "start": date(2025, 2, 1),
      "end": date(2025, 1, 1)}, "input.end"),
    (cases.AddLicenceConditionInput,
     {"offender_id": "O", "kind": "OUT_OF_BOUNDS_PREMISES_TYPE", "text": "t",
      "valid_from": date(2025, 1, 1)}, "input.premisesKind"),
    (cases.CreateOffenderInput,
     {"name": "N", "date_of_birth": date.today() + timedelta(days=9), "category": "CATEGORY_1",
      "level": "LEVEL_1"}, "input.dateOfBirth"),
    (cases.CreateOffenderInput,
     {"name": "N", "date_of_birth": date(1990, 1, 1), "category": "CATEGORY_5",
      "level": "LEVEL_1"}, "input.category"),
    (cases.CreateOffenderInput,
     {"name": "N", "date_of_birth": date(1990, 1, 1), "category": "CATEGORY_1",
      "level": "LEVEL_1", "surprise": 1}, "input.surprise"),
])
def test_bad_input_names_the_field(
    model: type[inputs.BaseModel], data: dict[str, Any], field: str
) -> None:
    assert field_of(model, data) == field


def test_graphql_names() -> None:
    assert inputs.graphql_name("person_a_id") == "personAId"
    assert inputs.graphql_name("from_") == "from"
    assert inputs.graphql_name("radius_metres") == "radiusMetres"


@pytest.mark.parametrize(("url", "message"), [
    ("example.org/hook", "input.url: not an absolute http(s) URL: 'example.org/hook'"),
    ("ftp://x.example/h", "input.url: the scheme must be 'http' or 'https': 'ftp://x.example/h'"),
    (5, "input.url: not a URL"),  # not through GraphQL (url is a String), but not pydantic's
])
def test_a_bad_url_is_refused_in_our_words(url: object, message: str) -> None:
    with pytest.raises(Invalid) as raised:
        inputs.parse(webhooks.RegisterWebhookInput, {"url": url})
    assert (raised.value.field, raised.value.message) == ("input.url", message)


# Pydantic's own phrasing, which must never reach a caller.
PYDANTIC_WORDS = ("Input should", "String should", "List should", "Field required",
                  "Extra inputs", "Value error", "valid date", "match pattern")
BAD_OFFENDERS: dict[str, tuple[dict[str, Any], str]] = {
    "empty name": ({"name": ""}, "input.name: must have at least 1 character(s)"),
    "long name": ({"name": "n" * 201}, "input.name: must have at most 200 characters"),
    "name not text": ({"name": 7}, "input.name: must be text"),
    "no level": ({"level": None}, "input.level: is required"),
    "unknown category": ({"category": "CATEGORY_5"}, "input.category: must be one of "
                         "'CATEGORY_1', 'CATEGORY_2', 'CATEGORY_3' or 'CATEGORY_4'"),
    "bad date": ({"date_of_birth": "1990-13-01"}, "input.dateOfBirth: must be a date (YYYY-MM-DD)"),
    "bad PNC": ({"pnc": "PNC-1"}, "input.pnc: is not a PNC number (e.g. 24/123456A)"),
    "a stranger": ({"surprise": 1}, "input.surprise: is not a field of this input"),
}


@pytest.mark.parametrize("case", BAD_OFFENDERS, ids=list(BAD_OFFENDERS))
def test_bad_input_is_told_in_the_services_words(case: str) -> None:
    change, message = BAD_OFFENDERS[case]
    data = {"name": "N", "date_of_birth": date(1990, 1, 1), "category": "CATEGORY_1",
            "level": "LEVEL_1"} | change
    with pytest.raises(Invalid) as raised:
        inputs.parse(cases.CreateOffenderInput, {k: v for k, v in data.items() if v is not None})
    assert raised.value.message == message
    assert not any(words in message for words in PYDANTIC_WORDS)


@pytest.mark.parametrize(("address", "message"), [
    ({"latitude": 90.5}, "input.address.latitude: must be 90 or less"),
    ({"longitude": float("inf")}, "input.address.longitude: must be a finite number"),
    ({"latitude": "north"}, "input.address.latitude: must be a number"),
    ({"postcode": "nowhere"}, "input.address.postcode: is not a UK postcode (e.g. M15 4QX)"),
])
def test_bad_coordinates_are_told_in_the_services_words(
    address: dict[str, Any], message: str
) -> None:
    with pytest.raises(Invalid) as raised:
        inputs.parse(cases.RecordAddressInput, {
            "person_id": "P", "address": ADDRESS | address, "from_": date(2025, 1, 1)})
    assert raised.value.message == message


def test_an_id_is_told_what_it_may_hold() -> None:
    with pytest.raises(Invalid) as raised:
        inputs.parse(cases.AssignCaseOfficerInput, {"offender_id": "O 1", "officer_id": "X"})
    assert raised.value.message == (
        "input.offenderId: may hold only letters, digits and . _ : -, and starts with a letter "
        "or digit")


def test_each_input_type_is_derived_from_its_model() -> None:
    """Each shape once: every GraphQL input type is derived from its pydantic model (which holds
    its fields, their descriptions and constraints), but AuditFilter, which has no model."""
    schema = build_schema(Settings())
    types = [schema.get_type_by_name(name) for name in schema._schema.type_map]
    handwritten = sorted(
        t.name for t in types
        if getattr(t, "is_input", False) and not hasattr(t.origin, "_pydantic_type"))
    assert handwritten == ["AuditFilter"]
