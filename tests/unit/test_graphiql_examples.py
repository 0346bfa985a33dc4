"""GraphiQL's example operations (web/graphiql/examples/) are valid against the schema, and each
is one some role opens with; so is the partner kit's subscription."""

from pathlib import Path

import pytest
from graphql import parse, validate

from app.api.http.graphiql import CASE_WORK, EXAMPLES, WEB_DIR
from app.api.schema import build_schema
from app.settings import Settings
from examples.partner.alerts_client import ALERT_RAISED

EXAMPLES_DIR = WEB_DIR / "graphiql" / "examples"
SCHEMA = build_schema(Settings())._schema


@pytest.mark.parametrize("example", sorted(EXAMPLES_DIR.glob("*.graphql")), ids=lambda p: p.stem)
def test_each_example_is_valid_against_the_schema(example: Path) -> None:
    assert validate(SCHEMA, parse(example.read_text())) == []


def test_each_example_is_opened_by_some_role_and_each_one_opened_exists() -> None:
    opened = set(CASE_WORK).union(*EXAMPLES.values())
    assert opened == {example.stem for example in EXAMPLES_DIR.glob("*.graphql")}


def test_the_partner_kits_subscription_is_valid_against_the_schema() -> None:
    assert validate(SCHEMA, parse(ALERT_RAISED)) == []
