"""Schema extensions: refuse unauthenticated operations, and give every error a code."""

from collections.abc import Iterator

from graphql import ExecutionResult, GraphQLError
from strawberry.extensions import SchemaExtension

from app.api.graphql.context import Context
from app.domain.errors import DomainError

INTERNAL_MESSAGE = "Unexpected error."


def coded(error: GraphQLError) -> GraphQLError:
    """A domain error keeps its message and gains its code; anything else is masked."""
    original = error.original_error
    if isinstance(original, DomainError):
        return GraphQLError(
            original.message, nodes=error.nodes, path=error.path,
            extensions={"code": original.code},
        )
    if original is None and error.extensions and "code" in error.extensions:
        return error
    if original is None:  # parse and validation errors: the caller's own query
        return GraphQLError(
            error.message, nodes=error.nodes, path=error.path,
            extensions={"code": "GRAPHQL_VALIDATION_FAILED"},
        )
    return GraphQLError(
        INTERNAL_MESSAGE, nodes=error.nodes, path=error.path, extensions={"code": "INTERNAL"}
    )


class Authenticate(SchemaExtension):
    """No resolver runs, introspection included, for a caller who was refused."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        if isinstance(context, Context) and context.principal is None:
            refusal = context.refusal or DomainError("unauthenticated")
            self.execution_context.result = ExecutionResult(
                data=None,
                errors=[GraphQLError(refusal.message, extensions={"code": refusal.code})],
            )
        yield


class CodedErrors(SchemaExtension):
    """Every error carries extensions.code; unexpected ones are masked as INTERNAL."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [coded(e) for e in result.errors]
