"""GraphQL types derived from domain models (`strawberry.experimental.pydantic.type`, each field
typed and described once, on the model): where the fields the class adds itself go (`placed`),
and how a record becomes its GraphQL object (`shown`)."""

import dataclasses
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel
from strawberry.types.base import StrawberryList, StrawberryOptional, has_object_definition
from strawberry.types.private import is_private
from strawberry.types.union import StrawberryUnion

T = TypeVar("T", bound=type)
S = TypeVar("S")


def placed(**before: str | None) -> Callable[[T], T]:
    """Applied over `@strawberry.experimental.pydantic.type`, which puts the fields the class
    adds (resolvers) ahead of the model's: move each one named to just before the field it is
    mapped to (None: to the end), where the schema has it."""

    def place(cls: T) -> T:
        fields = cls.__strawberry_definition__.fields  # type: ignore[attr-defined]
        for name, successor in before.items():
            moved = next(f for f in fields if f.python_name == name)
            fields.remove(moved)
            at = len(fields) if successor is None else next(
                i for i, f in enumerate(fields) if f.python_name == successor)
            fields.insert(at, moved)
        return cls

    return place


def shown(cls: Callable[..., S], record: BaseModel) -> S:
    """`cls.from_pydantic(record)`, as strawberry converts it (nested records to their derived
    types, lists, optionals, unions, an interface's concrete type, private fields), but with each
    class's way of converting worked out once rather than for every record: strawberry resolves
    every field's type again on each call, 13 times the cost of building the object (a caseload
    page converts dozens of offenders)."""
    fields, private = _plan(cls)
    values = {name: convert(getattr(record, name, None)) for name, convert in fields}
    for name in private:
        if hasattr(record, name):
            values[name] = getattr(record, name)
    return cls(**values)


Convert = Callable[[Any], Any]


@cache
def _plan(cls: Callable[..., Any]) -> tuple[tuple[tuple[str, Convert], ...], tuple[str, ...]]:
    fields = tuple((field.python_name, _converter(field.type))
                   for field in cls.__strawberry_definition__.fields  # type: ignore[attr-defined]
                   if field.init)
    private = tuple(field.name for field in dataclasses.fields(cls)  # type: ignore[arg-type]
                    if is_private(field.type))
    return fields, private


def _as_is(value: Any) -> Any:
    return value


def _converter(kind: Any) -> Convert:
    """How a model's value becomes the value of a field of GraphQL type `kind`."""
    if isinstance(kind, StrawberryOptional):
        inner = _converter(kind.of_type)
        return lambda value: None if value is None else inner(value)
    if isinstance(kind, StrawberryUnion):
        options: list[tuple[Any, Convert]] = [
            (getattr(option, "_pydantic_type", option), _converter(option))
            for option in kind.types]

        def one_of(value: Any) -> Any:
            for source, convert in options:
                if isinstance(value, source):
                    return convert(value)
            return value

        return one_of
    if isinstance(kind, StrawberryList):
        item = _converter(kind.of_type)
        return lambda values: [item(value) for value in values]
    if has_object_definition(kind):
        # An interface's value is shown as its concrete type.
        return lambda value: None if value is None else shown(
            getattr(type(value), "_strawberry_type", kind), value)
    return _as_is
