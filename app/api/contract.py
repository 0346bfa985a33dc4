"""The published GraphQL contract, and the check that keeps partners from being broken unawares.

`schema.graphql` is the schema the API serves, printed (`mappa schema`; a test holds the two
equal). `schema.released.graphql` is the schema of the last release. Every breaking change from
the released schema to `schema.graphql` (graphql-core's `find_breaking_changes`: a field or type
removed, an argument made required, a type changed...; and a default dropped from a non-null
argument or input field, which graphql-core counts only as dangerous) must be listed in the
newest entry of `CHANGELOG.md`, in the words `mappa schema check` prints; dangerous changes
(`find_dangerous_changes`: an enum value added, a default changed...) are reported, not refused.
"""

import re
from typing import NamedTuple

from graphql import (
    GraphQLArgument,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    find_breaking_changes,
    find_dangerous_changes,
    is_required_argument,
    is_required_input_field,
)
from graphql import build_schema as parse_schema

from app.api.schema import build_schema
from app.settings import PROJECT_ROOT, Settings

SCHEMA_FILE = PROJECT_ROOT / "schema.graphql"
RELEASED_FILE = PROJECT_ROOT / "schema.released.graphql"
CHANGELOG_FILE = PROJECT_ROOT / "CHANGELOG.md"


def served_schema(settings: Settings) -> str:
    """The schema the API serves under `settings`, as schema.graphql holds it."""
    return f"{build_schema(settings).as_str()}\n"


class Changes(NamedTuple):
    """What changed from the released schema: each change in graphql-core's words."""

    breaking: list[str]
    dangerous: list[str]
    unrecorded: list[str]  # the breaking changes the changelog's newest entry does not list


def newest_entry(changelog: str) -> str:
    """The first `## ` section of the changelog (the release being prepared, or the last one)."""
    sections = re.split(r"^## ", changelog, flags=re.MULTILINE)
    return sections[1] if len(sections) > 1 else ""


def _words(text: str) -> str:
    return " ".join(text.split())


def _required(value: GraphQLArgument | GraphQLInputField) -> bool:
    return is_required_argument(value) if isinstance(value, GraphQLArgument) \
        else is_required_input_field(value)


def _defaults_dropped(old: GraphQLSchema, new: GraphQLSchema) -> dict[str, str]:
    """Arguments and input fields that kept their type but lost their default, and so became
    required: graphql-core calls that dangerous, but a client that left them out is now
    refused. Each keyed by graphql-core's words for the dangerous change, to ours for the
    breaking one."""
    pairs: list[tuple[str, str, GraphQLArgument | GraphQLInputField | None,
                      GraphQLArgument | GraphQLInputField]] = []
    for name, new_type in new.type_map.items():
        old_type = old.type_map.get(name)
        if isinstance(new_type, GraphQLInputObjectType) and \
                isinstance(old_type, GraphQLInputObjectType):
            pairs += [("Input field", f"{name}.{field}", old_type.fields.get(field), value)
                      for field, value in new_type.fields.items()]
        elif isinstance(new_type, GraphQLObjectType | GraphQLInterfaceType) and \
                isinstance(old_type, GraphQLObjectType | GraphQLInterfaceType):
            pairs += [("Argument", f"{name}.{field}({arg}:)",
                       old_field.args.get(arg) if (old_field := old_type.fields.get(field))
                       else None, value)
                      for field, new_field in new_type.fields.items()
                      for arg, value in new_field.args.items()]
    return {f"{where} defaultValue was removed.":
            f"{kind} {where} was made required (its default was removed)."
            for kind, where, before, after in pairs
            if before is not None and str(before.type) == str(after.type)
            and not _required(before) and _required(after)}


def changes(released: str, current: str, changelog: str) -> Changes:
    """The changes from the `released` schema to the `current` one (both SDL), and which of the
    breaking ones `changelog`'s newest entry fails to list (line breaks and the closing full
    stop aside, so that an entry may go on to say what to do instead)."""
    old, new = parse_schema(released), parse_schema(current)
    made_required = _defaults_dropped(old, new)
    breaking = [change.description for change in find_breaking_changes(old, new)]
    breaking += made_required.values()
    dangerous = [change.description for change in find_dangerous_changes(old, new)
                 if change.description not in made_required]
    entry = _words(newest_entry(changelog))
    return Changes(breaking, dangerous,
                   [c for c in breaking if _words(c).removesuffix(".") not in entry])
