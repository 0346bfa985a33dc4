"""How a mutation runs a write, for each domain's mutations.py: its GraphQL input derived from the
input's model, validated as that model, handed to the domain's service with a unit of work
(app/platform/uow.py) that commits the write's audit event with it; the resolver then turns what
the write made into the GraphQL answer. Nothing else happens here: the service authorises,
checks and writes; the unit of work enqueues, audits and wakes.

A field of an input is declared in its mutations.py only where its GraphQL type is not the one
strawberry derives: ids are IDs, an aware instant a DateTime, a polygon a list of [lon, lat]
lists, and a value the model limits to a few (a Literal) stays a String, so that a bad one is
told as VALIDATION in our words, not by GraphQL's coercion.
"""

from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, NamedTuple, TypeVar

import strawberry
from pydantic import BaseModel
from strawberry.types import Info

from app.access.principal import Principal
from app.core.enums import AuditAction, FieldClass
from app.core.errors import DomainError
from app.core.inputs import parse
from app.graphql.context import Context, new_entry
from app.platform.uow import UnitOfWork

R = TypeVar("R", bound=BaseModel)

# A write of the services: its unit of work, the caller, and its input validated (a model of the
# domain's models.py).
Service = Callable[[UnitOfWork, Principal, Any], Awaitable[R]]
# A check on the caller alone, which a write makes before validating its input (see write_made).
CallerCheck = Callable[[Principal], None]
COLLECTION, ALTERATION = AuditAction.COLLECTION, AuditAction.ALTERATION


def input_type(model: type[BaseModel], description: str) -> Callable[..., type[Any]]:
    """The GraphQL input type of `model`: every field of it, described as the model describes
    them."""
    return strawberry.experimental.pydantic.input(model=model, all_fields=True,
                                                  description=description)


class Arguments(NamedTuple):
    """A mutation's arguments that are not an input type, validated as `model` (the paths of
    their errors are the arguments' names: `id`, `fixes.0.at`)."""

    model: type[BaseModel]
    values: Mapping[str, Any]


def validated(given: Any) -> BaseModel:
    """What the caller sent, as its input model: a derived input type is validated as the model
    it was derived from, so that what is wrong is told in our words at its GraphQL path
    (`input.address.latitude`)."""
    if isinstance(given, Arguments):
        return parse(given.model, given.values, root=None)
    model: type[BaseModel] = type(given)._pydantic_type
    return parse(model, strawberry.asdict(given))


async def write_made(
    info: Info[Context, None], service: Service[R], given: Any, *,
    action: AuditAction, classes: Iterable[FieldClass] | Callable[[R], Iterable[FieldClass]],
    subjects: Callable[[R], Iterable[str | None]], outcome: Callable[[R], str] | None = None,
    first: CallerCheck | None = None,
) -> R:
    """Run one write for the caller, its audit event (what it collected or altered, about whom;
    `outcome` when the write finds something, else OK) committed in the write's own
    transaction, and return the model it made or changed, for the resolver to answer with
    (`shown(Payload, made)`). `given` (a derived input type, or Arguments) is validated before
    the write runs, after the caller is known and after `first`, a check on the caller alone
    that the write makes again: a caller who may not make the write is told so whatever they
    sent."""
    context = info.context

    def audit_event(made: R) -> object:
        return new_entry(
            context, f"mutation {info.field_name}", action,
            subject_ids=[s for s in subjects(made) if s],
            field_classes=classes(made) if callable(classes) else classes,
            outcome=outcome(made) if outcome else "OK",
        )

    try:
        principal = context.require_principal()
        if first is not None:
            first(principal)
        made = await service(context.unit_of_work(audit_event), principal, validated(given))
    except DomainError as refusal:  # audited by AuditOperation, about whom it concerned
        context.disclosure.record(refusal.subject_ids)
        raise
    context.disclosure.audited_in_write.add(info.field_name)
    return made
