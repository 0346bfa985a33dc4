"""What every answer to a hostile request must hold: a status under 500, errors that carry one of
the project's codes (never INTERNAL), no trace of our internals (Python, Cypher, the driver), and
nothing the caller may not know. The caller's own input is taken out of the answer first, so an
error that names the bad value it was sent is not mistaken for a leak."""

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

import graphql
import httpx

from app.access.service import PurposeRequired, Unauthenticated
from app.core.errors import DomainError

# The codes of PRODUCT.md section 6 but INTERNAL: the domain errors' codes and the bounds'.
CODES = frozenset(
    {c.code for c in (*DomainError.__subclasses__(), Unauthenticated, PurposeRequired)}
    | {"QUERY_TOO_COMPLEX"}
) - {"INTERNAL"}

INTERNALS = re.compile("|".join((
    r"Traceback", r'File "', r"line \d+, in ", r"\.py\b", r"<(class|function|module) ",
    r"\b\w+(Error|Exception)\b:", r"object has no attribute", r"NoneType", r"__\w+__",
    r"\bNeo\.\w+", r"neo4j\.", r"\bCypher", r"\bMATCH\s*\(", r"\bMERGE\s*\(", r"\bUNWIND\b",
    r"\bRETURN\b", r"\bDETACH\b", r"\bbolt\b", r"errors\.pydantic\.dev", r"pydantic",
    r"\bapp\.(api|services|repositories|graph|domain|policy|alerts|audit)\b", r"asyncio",
    r"strawberry\.", r"graphql\.(error|execution|language)", r"Unexpected error",
    # Neo4j's constraint text (an internal node id, a label, a property), pydantic's and PyJWT's.
    r"Node\(\d+\)", r"already exists with label", r"\bconstraint\b",
    r"\b(Input|String|List|Value) should\b", r"Field required", r"Extra inputs",
    r"Signature has expired", r"Not enough segments", r"Invalid (header|payload|crypto)",
)))


def strings_in(value: Any) -> Iterator[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def document_strings(query: str) -> Iterator[str]:
    """The literals of a GraphQL document (its inputs, as the caller wrote them)."""
    try:
        document = graphql.parse(query)
    except graphql.GraphQLError:
        return
    found: list[str] = []

    class Literals(graphql.Visitor):
        def enter_string_value(self, node: graphql.StringValueNode, *_: Any) -> None:
            found.append(node.value)

        def enter_float_value(self, node: graphql.FloatValueNode, *_: Any) -> None:
            found.append(node.value)

        def enter_int_value(self, node: graphql.IntValueNode, *_: Any) -> None:
            found.append(node.value)

    graphql.visit(document, Literals())
    yield from found


def echoes(sent: Iterable[str]) -> list[str]:
    """The forms an input may come back in: as sent, printed as GraphQL, escaped as JSON, as
    Python's repr."""
    forms: set[str] = set()
    for text in sent:
        for form in (text, graphql.print_ast(graphql.StringValueNode(value=text))[1:-1],
                     json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1],
                     repr(text)[1:-1]):
            if len(form) >= 4:
                forms.add(form)
    return sorted(forms, key=len, reverse=True)


def without(text: str, forms: list[str]) -> str:
    for form in forms:
        if form in text:
            text = text.replace(form, "\x00")
    return text


def secret_pattern(secrets: Iterable[str]) -> re.Pattern[str]:
    """Any of `secrets`, not as part of a longer word or number."""
    alternatives = "|".join(re.escape(s) for s in sorted(secrets, key=len, reverse=True))
    return re.compile(rf"(?<![0-9A-Za-z])(?:{alternatives})(?![0-9A-Za-z])")


def problems(
    response: httpx.Response, sent: Iterable[str], secrets: re.Pattern[str] | None,
) -> list[str]:
    """What is wrong with one answer; empty when it is clean."""
    found = []
    if response.status_code >= 500:
        found.append(f"status {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        if response.status_code < 400 and not response.headers.get(
                "content-type", "").startswith("text/html"):  # GraphiQL, in development
            found.append(f"status {response.status_code} with a body that is not JSON")
        body = response.text
    if isinstance(body, dict):
        for error in body.get("errors") or []:
            code = (error.get("extensions") or {}).get("code") if isinstance(error, dict) else None
            if code not in CODES:
                found.append(f"error code {code!r}: {error}")
    forms = echoes(sent)
    for answered in strings_in(body):
        said = without(answered, forms)
        if hit := INTERNALS.search(said):
            found.append(f"internals ({hit.group(0)!r}) in {said[:300]!r}")
        if secrets is not None and (hit := secrets.search(said)):
            found.append(f"need-to-know leak ({hit.group(0)!r}) in {said[:300]!r}")
    return found
