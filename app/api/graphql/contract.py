"""The published GraphQL contract, and the check that keeps partners from being broken unawares.

`schema.graphql` is the schema the API serves, printed (`mappa schema`; a test holds the two
equal). `schema.released.graphql` is the schema of the last release. Every breaking change from
the released schema to `schema.graphql` (graphql-core's `find_breaking_changes`: a field or type
removed, an argument made required, a type changed...) must be listed in the newest entry of
`CHANGELOG.md`, in graphql-core's words, which `mappa schema check` prints; dangerous changes
(`find_dangerous_changes`: an enum value added, a default changed...) are reported, not refused.
"""

import re
from typing import NamedTuple

from graphql import build_schema as parse_schema
from graphql import find_breaking_changes, find_dangerous_changes

from app.api.graphql.schema import build_schema
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


def changes(released: str, current: str, changelog: str) -> Changes:
    """The changes from the `released` schema to the `current` one (both SDL), and which of the
    breaking ones `changelog`'s newest entry fails to list (line breaks and the closing full
    stop aside, so that an entry may go on to say what to do instead)."""
    old, new = parse_schema(released), parse_schema(current)
    breaking = [change.description for change in find_breaking_changes(old, new)]
    dangerous = [change.description for change in find_dangerous_changes(old, new)]
    entry = _words(newest_entry(changelog))
    return Changes(breaking, dangerous,
                   [c for c in breaking if _words(c).removesuffix(".") not in entry])
