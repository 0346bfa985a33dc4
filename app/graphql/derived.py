"""Where a GraphQL type derived from a domain model (`strawberry.experimental.pydantic.type`,
each field typed and described once, on the model) puts the fields the class adds itself."""

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T", bound=type)


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
