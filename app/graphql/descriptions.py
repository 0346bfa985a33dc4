"""What the schema says of itself where a table of the service already says it: a field's
need-to-know class (app/access/redaction.py), who may make a write (app/access/write_rights.py),
and every value of a contract enum. Generated from those tables, so that the description a
partner reads cannot disagree with what the service does."""

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TypeVar

import strawberry
from strawberry.utils.str_converters import to_camel_case

from app.access.redaction import OFFENDER_FIELDS, VICTIM_FIELDS
from app.access.write_rights import RIGHTS, Grant, Scope, Write
from app.core.enums import AgencyKind, FieldClass, Role, listed

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T", bound=type)

CLASS_NOTE = "Field class: {}."


def described_enum(enum: type[E], description: str, values: Mapping[E, str]) -> type[E]:
    """Make `enum` a GraphQL enum with a description for it and for each of its values; a value
    left undescribed, or described but not the enum's, stops the import.

    A type using the enum may have been declared first, making strawberry register it without
    a description: that one definition, which the type holds, is the one described."""
    if set(values) != set(enum):
        raise ValueError(f"{enum.__name__}: describe exactly its values, "
                         f"not {sorted(set(values) ^ set(enum))}")
    if not hasattr(enum, "__strawberry_definition__"):
        strawberry.enum(enum)
    definition = enum.__strawberry_definition__  # type: ignore[attr-defined]
    definition.description = description
    for value in definition.values:
        value.description = values[enum(value.value)]
    return enum


def with_field_classes(
    classes: Mapping[str, FieldClass], note: str = CLASS_NOTE
) -> Callable[[T], T]:
    """Applied over `@strawberry.type`: append to the description of each field the table
    names (by its GraphQL name; dotted paths are for nested types) the note of its class.

    Each such field must be declared on the type itself, not inherited from an interface,
    whose field every other implementation shares."""

    def note_classes(cls: T) -> T:
        fields = {field.graphql_name or to_camel_case(field.python_name): field
                  for field in cls.__strawberry_definition__.fields}  # type: ignore[attr-defined]
        for name, field_class in classes.items():
            if "." in name:
                continue
            field = fields.get(name)
            if field is None or not _declared_on(field.origin, cls):
                raise ValueError(f"{cls.__name__}.{name}: declare the field on the type to "
                                 "describe its class")
            field.description = f"{field.description} {note.format(field_class.value)}"
        return cls

    return note_classes


def _declared_on(origin: object, cls: type) -> bool:
    """Whether a field comes from `cls` itself: declared on it, or resolved by a method of the
    class that strawberry's pydantic integration made it from (of the same name)."""
    return origin is cls or getattr(origin, "__name__", None) == cls.__name__


def class_fields(field_class: FieldClass) -> str:
    """The fields a class covers, by the redaction tables: 'Offender fields: name, aliases.'."""
    covered = []
    for type_name, fields in (("Offender", OFFENDER_FIELDS), ("Victim", VICTIM_FIELDS)):
        names = [name for name, c in fields.items() if c is field_class and "." not in name]
        if names:
            covered.append(f"{type_name} fields: {', '.join(names)}")
    return f"{'; '.join(covered)}." if covered else ""


_WHERE = {
    Scope.ANYWHERE: "",
    Scope.INVOLVED: " involved in the case",
    Scope.LEAD: " leading the case",
    Scope.VISIBLE: ", on a case they may see",
    Scope.NOT_INVOLVED: " not involved in the case",
    Scope.GRANTEE: "",
    Scope.OWNER: " owning the action",
    Scope.AREA: " in the meeting's area",
}


def _who(grant: Grant) -> str:
    if grant.scope is Scope.GRANTEE:
        return "the grant's holder"
    roles = listed(r for r in Role if r in grant.roles)
    kinds = listed(k for k in AgencyKind if k in grant.kinds) if grant.kinds else ""
    agency = f"{'an' if kinds[:1] in set('AEIOU') else 'a'} {kinds} agency" if kinds \
        else "any agency"
    return f"{roles} of {agency}{_WHERE[grant.scope]}"


def allowed(write: Write) -> str:
    """Who may make a write, from its row of the write-rights table."""
    return "; or ".join(_who(grant) for grant in RIGHTS[write])


def who_may(write: Write) -> str:
    return f"Who may: {allowed(write)}."


def write_description(write: Write, text: str) -> str:
    """A mutation's description: what it does, then who may make it."""
    return f"{text} {who_may(write)}"
