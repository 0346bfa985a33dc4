"""The published contract: schema.graphql is the schema served, in development and production
alike, and a breaking change since the last release fails the check until CHANGELOG.md's newest
entry lists it."""

from pathlib import Path

import pytest
from graphql import GraphQLObjectType
from graphql import build_schema as parse_schema
from typer.testing import CliRunner

from app.access.redaction import OFFENDER_FIELDS, VICTIM_FIELDS
from app.access.write_rights import Write
from app.api import contract
from app.cli import cli
from app.graphql.descriptions import allowed
from app.settings import Environment, Settings

RELEASED = """
type Query {
  offender(id: ID!): Offender
  alerts(first: Int = 20): [Alert!]!
}
type Offender { id: ID! name: String pnc: String }
type Alert { id: ID! severity: Severity! }
enum Severity { LOW HIGH }
"""
CHANGELOG = """# Changelog

## Unreleased

{entry}
## 0.1.0 (2026-12-07)

{older}
"""


def changelog(entry: str = "", older: str = "") -> str:
    return CHANGELOG.format(entry=entry, older=older)


@pytest.mark.parametrize("environment", list(Environment))
def test_schema_graphql_is_the_schema_the_api_serves(environment: Environment) -> None:
    served = contract.served_schema(Settings(environment=environment))
    assert contract.SCHEMA_FILE.read_text() == served, "run `make schema`, and commit it"


def test_a_removed_field_fails_the_check_until_the_newest_entry_lists_it() -> None:
    current = RELEASED.replace(" pnc: String", "")
    found = contract.changes(RELEASED, current, changelog())
    assert found.unrecorded == ["Field Offender.pnc was removed."]
    listed = changelog(entry="- Field Offender.pnc was removed: partners read it from ...\n")
    assert contract.changes(RELEASED, current, listed).unrecorded == []


def test_an_argument_made_required_is_breaking() -> None:
    current = RELEASED.replace("alerts(first: Int = 20)", "alerts(first: Int!)")
    found = contract.changes(RELEASED, current, changelog())
    assert found.unrecorded == [
        "Argument Query.alerts(first:) has changed type from Int to Int!."]


def test_a_default_dropped_from_an_argument_or_input_field_is_breaking() -> None:
    # graphql-core calls it dangerous, but a client that left the value out is now refused.
    released = ("type Query { webhooks(first: Int! = 20, filter: Filter): [ID!]! }\n"
                "input Filter { enabled: Boolean! = true }")
    current = released.replace("Int! = 20", "Int!").replace("Boolean! = true", "Boolean!")
    found = contract.changes(released, current, changelog())
    assert found.unrecorded == [
        "Argument Query.webhooks(first:) was made required (its default was removed).",
        "Input field Filter.enabled was made required (its default was removed)."]
    assert found.dangerous == []
    # A default changed, or dropped from a nullable argument, stays dangerous.
    nullable = released.replace("first: Int! = 20", "first: Int = 20")
    found = contract.changes(nullable, nullable.replace("Int = 20", "Int"), changelog())
    assert (found.breaking, found.dangerous) == (
        [], ["Query.webhooks(first:) defaultValue was removed."])


def test_a_change_listed_only_under_an_older_release_is_unrecorded() -> None:
    current = RELEASED.replace("enum Severity { LOW HIGH }", "enum Severity { LOW }")
    removed = "Enum value Severity.HIGH was removed."
    assert contract.changes(RELEASED, current, changelog(older=f"- {removed}\n")).unrecorded == [
        removed]
    # The words may wrap in the changelog.
    wrapped = changelog(entry="- Enum value Severity.HIGH\n  was removed.\n")
    assert contract.changes(RELEASED, current, wrapped).unrecorded == []


def test_a_dangerous_change_is_reported_but_not_refused() -> None:
    current = RELEASED.replace("enum Severity { LOW HIGH }", "enum Severity { LOW HIGH CRITICAL }")
    found = contract.changes(RELEASED, current, changelog())
    assert found.breaking == []
    assert found.dangerous == ["Enum value Severity.CRITICAL was added."]
    assert found.unrecorded == []


def test_an_addition_is_neither_breaking_nor_dangerous() -> None:
    current = RELEASED.replace("pnc: String", "pnc: String visorRef: String")
    assert contract.changes(RELEASED, current, changelog()) == ([], [], [])


def test_the_changelog_lists_every_breaking_change_since_the_release() -> None:
    found = contract.changes(contract.RELEASED_FILE.read_text(),
                             contract.SCHEMA_FILE.read_text(),
                             contract.CHANGELOG_FILE.read_text())
    assert found.unrecorded == [], "list them in CHANGELOG.md's newest entry"


def test_mappa_schema_check_fails_on_an_unrecorded_breaking_change(tmp_path: Path) -> None:
    # The released schema had a field the API no longer serves.
    released = contract.SCHEMA_FILE.read_text().replace(
        "type PersonRef {\n", "type PersonRef {\n  gone: String\n\n")
    (tmp_path / "released.graphql").write_text(released)
    (tmp_path / "CHANGELOG.md").write_text(changelog())
    options = ["--released", str(tmp_path / "released.graphql"),
               "--changelog", str(tmp_path / "CHANGELOG.md")]

    refused = CliRunner().invoke(cli, ["schema", "check", *options])
    assert refused.exit_code == 1
    assert "- Field PersonRef.gone was removed." in refused.output

    (tmp_path / "CHANGELOG.md").write_text(changelog("- Field PersonRef.gone was removed.\n"))
    passed = CliRunner().invoke(cli, ["schema", "check", *options])
    assert passed.exit_code == 0, passed.output
    assert "breaking (recorded): Field PersonRef.gone was removed." in passed.output


def test_mappa_schema_prints_schema_graphql() -> None:
    printed = CliRunner().invoke(cli, ["schema"])
    assert printed.exit_code == 0
    assert printed.output == contract.SCHEMA_FILE.read_text()


def test_the_schema_tells_each_fields_class_and_each_writes_rights_as_the_policy_has_them(
) -> None:
    schema = parse_schema(contract.served_schema(Settings()))
    for type_name, fields in (("Offender", OFFENDER_FIELDS), ("Victim", VICTIM_FIELDS)):
        graphql_type = schema.get_type(type_name)
        assert isinstance(graphql_type, GraphQLObjectType)
        for name, field_class in fields.items():
            if "." not in name:
                description = graphql_type.fields[name].description or ""
                assert description.endswith(f"Field class: {field_class}."), (type_name, name)
    assert schema.mutation_type is not None
    for write in Write:
        description = schema.mutation_type.fields[write.value.split()[0]].description or ""
        assert allowed(write) in description, write
