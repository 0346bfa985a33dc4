"""Schema extensions: reuse parsed documents, refuse unauthenticated operations, give every error
a code, audit every operation, tell each operation's log line and metrics what ran, trace it."""

import re
from collections.abc import AsyncIterator, Callable, Generator, Iterator
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from cachetools import LRUCache
from graphql import (
    ASTValidationRule,
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLResolveInfo,
    OperationDefinitionNode,
    OperationType,
    parse,
)
from opentelemetry import trace
from starlette.responses import Response
from strawberry.extensions import LifecycleStep, SchemaExtension
from strawberry.extensions.tracing import OpenTelemetryExtension
from strawberry.extensions.tracing.utils import should_skip_tracing
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionContext, StreamExecutionResult
from strawberry.types import ExecutionResult as StrawberryResult
from strawberry.types.execution import PreExecutionError
from strawberry.utils.await_maybe import await_maybe

from app.api.cost import operation_cost
from app.api.operation_log import current_operation
from app.api.trusted import DOCUMENT_ID, TrustedDocuments, requested_id
from app.audit.models import AuditEntry
from app.core.errors import DomainError, Forbidden, Invalid, RateLimited
from app.graphql.context import Context, new_entry
from app.observability.tracing import span

INTERNAL_MESSAGE = "Unexpected error."
# How strawberry's and graphql-core's operation bounds word their refusals.
TOO_COMPLEX = (
    "exceeds maximum operation depth", "aliases found. Allowed", "Document contains more than",
)

# Where graphql-core's messages name the input at fault: "Variable '$f' has invalid value at
# .level: ...", "Variable '$n' ...", "Argument 'Query.shortestPath(toId:)' of type ...".
VARIABLE_AT = re.compile(r"^Variable '\$(\w+)' has invalid value at ((?:\.\w+|\[\d+\])+)")
INPUT_NAMES = (
    re.compile(r"^Variable '\$(\w+)'"),
    re.compile(r"^Argument '[\w.<>]*\((\w+):\)'"),
    re.compile(r"^Argument '(\w+)' of required type"),
)


def coded(error: GraphQLError) -> GraphQLError:
    """A domain error keeps its message and gains its code; anything else is masked."""
    original = error.original_error
    if isinstance(original, DomainError):
        extensions = {"code": original.code}
        if isinstance(original, Invalid) and original.field:
            extensions["field"] = original.field
        return GraphQLError(
            original.message, nodes=error.nodes, path=error.path, extensions=extensions
        )
    if original is None and error.extensions and "code" in error.extensions:
        return error
    if original is None or isinstance(original, GraphQLError):  # parse and validation errors
        if any(marker in error.message for marker in TOO_COMPLEX):
            extensions = {"code": "QUERY_TOO_COMPLEX"}
        else:
            extensions = {"code": Invalid.code}
            field = named_input(error.message)
            if field:
                extensions["field"] = field
        return GraphQLError(error.message, nodes=error.nodes, path=error.path,
                            extensions=extensions)
    return GraphQLError(
        INTERNAL_MESSAGE, nodes=error.nodes, path=error.path, extensions={"code": "INTERNAL"}
    )


def named_input(message: str) -> str | None:
    """The input a graphql-core document or variable error is about, when its message names one
    ("f.level" for a variable $f's field level)."""
    at = VARIABLE_AT.search(message)
    if at:
        return at.group(1) + at.group(2)
    for pattern in INPUT_NAMES:
        found = pattern.search(message)
        if found:
            return found.group(1)
    return None


@dataclass
class Document:
    """A query text that parsed, and its validation errors under the rules it was checked by."""

    node: DocumentNode
    rules: tuple[type[ASTValidationRule], ...] = ()
    errors: list[GraphQLError] | None = None  # None until validated


DocumentKey = tuple[str | None, int | None]  # the query text, and the parser's token bound


# The documents, and the costs no variable changes, of recent operations; the least recently
# used are forgotten first.
Documents = LRUCache[DocumentKey, Document]
Costs = LRUCache[tuple[str | None, str | None], int]  # by query text and operation name


class RegisteredDocuments:
    """The registered (trusted) documents, each parsed when the schema is built, validated at
    its first use, and costed at its first use when no variable's value changes its cost; kept
    as long as the schema is, never parsed, validated or costed again (the cache of recent
    documents forgets)."""

    def __init__(self, trusted: TrustedDocuments, max_tokens: int) -> None:
        self.trusted = trusted
        self.documents: dict[DocumentKey, Document] = {}
        self.costs: dict[tuple[str | None, str | None], int] = {}
        for text in trusted.texts:
            # One over the token bound is refused when sent, as any other document.
            with suppress(GraphQLError):
                self.documents[(text, max_tokens)] = Document(parse(text, max_tokens=max_tokens))


# What a refused document is taken to be (never executed: its refusal is its answer), so that
# strawberry, which wants a document before validation, has one; the audit and the operation's
# log line call it "unregistered".
REFUSED_DOCUMENT = parse("query Unregistered { __typename }")
UNREGISTERED = "unregistered"


class CachedDocuments(SchemaExtension):
    """A query text sent before is neither parsed nor validated again; a new one is parsed by
    strawberry inside the operation, so that its syntax errors and token refusals are coded and
    audited as ever (strawberry's ParserCache raises them outside), and kept only if it parsed.
    (Strawberry's ValidationCache would hash the whole document again for every request.)

    A request may name a registered document by id instead of sending it (app/api/trusted.py);
    an id not registered is refused (VALIDATION, field documentId). With `only_registered`, any
    document not registered is refused (FORBIDDEN) before it is parsed."""

    def __init__(self, documents: Documents, registered: RegisteredDocuments,
                 only_registered: bool) -> None:
        self.documents, self.registered = documents, registered
        self.trusted, self.only_registered = registered.trusted, only_registered
        self.document: Document | None = None
        self.refusal: GraphQLError | None = None

    def on_operation(self) -> Iterator[None]:
        execution = self.execution_context
        wanted = requested_id(execution.operation_extensions)
        if wanted is not None and not execution.query:
            text = self.trusted.text(wanted)
            if text is None:
                self.refuse(GraphQLError(
                    "documentId names no document this service has registered: send a "
                    '"sha256:<hex>" id from its manifest of trusted documents, or the document '
                    "itself.", extensions={"code": Invalid.code, "field": DOCUMENT_ID}))
            else:
                execution.query = text
        yield

    def refuse(self, refusal: GraphQLError) -> None:
        self.refusal = refusal
        self.execution_context.graphql_document = REFUSED_DOCUMENT

    def on_parse(self) -> Iterator[None]:
        execution = self.execution_context
        if (self.refusal is None and self.only_registered
                and not self.trusted.registered(execution.query)):
            self.refuse(GraphQLError(
                "This service runs only its registered (trusted) documents: send one of them, "
                "or its documentId.", extensions={"code": Forbidden.code}))
        if self.refusal is not None:
            yield
            return
        key = (execution.query, execution.parse_options.get("max_tokens"))
        self.document = self.registered.documents.get(key) or self.documents.get(key)
        if self.document is not None and execution.graphql_document is None:
            execution.graphql_document = self.document.node
        yield
        if self.document is None and execution.graphql_document is not None:
            self.document = Document(execution.graphql_document)
            self.documents[key] = self.document

    def on_validate(self) -> Iterator[None]:
        execution, document = self.execution_context, self.document
        if self.refusal is not None:
            execution.pre_execution_errors = [self.refusal]
            yield
            return
        assert execution.graphql_document is not None
        if document is None or document.node is not execution.graphql_document:
            document = Document(execution.graphql_document)
        if document.errors is None or document.rules != execution.validation_rules:
            document.rules = execution.validation_rules
            document.errors = validate_document(
                execution.schema._schema, document.node, document.rules)
        execution.pre_execution_errors = document.errors
        yield


class OperationCost(SchemaExtension):
    """A valid operation estimated to cost more than `max_cost` is refused (QUERY_TOO_COMPLEX,
    naming its cost and the limit) before any resolver runs. A cost that no variable changes
    is estimated once per query text (and kept for good for a registered one)."""

    def __init__(self, max_cost: int, costs: Costs, registered: RegisteredDocuments) -> None:
        self.max_cost, self.costs, self.registered = max_cost, costs, registered

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        if not execution.pre_execution_errors:
            cost = self.cost(execution)
            if cost is not None and cost > self.max_cost:
                execution.pre_execution_errors = [GraphQLError(
                    f"The operation's estimated cost {cost} exceeds the limit of "
                    f"{self.max_cost}: ask for smaller pages, fewer fields or a shallower "
                    "traversal.", extensions={"code": "QUERY_TOO_COMPLEX"},
                )]
        yield

    def cost(self, execution: ExecutionContext) -> int | None:
        key = (execution.query, execution.operation_name)
        costs = (self.registered.costs if self.registered.trusted.registered(execution.query)
                 else self.costs)
        cost = costs.get(key)
        operation, document = _operation(execution), execution.graphql_document
        if cost is not None or operation is None or document is None:
            return cost
        fragments = {d.name.value: d for d in document.definitions
                     if isinstance(d, FragmentDefinitionNode)}
        estimate = operation_cost(execution.schema._schema, operation, fragments,
                                  execution.variables)
        if estimate is not None and not estimate.varies and execution.query is not None:
            costs[key] = estimate.cost
        return estimate.cost if estimate is not None else None


class Authenticate(SchemaExtension):
    """A refused caller learns nothing: no validation (which would describe the schema), no
    resolver, no introspection; only the refusal. A rate-limited one also learns when to retry
    (extensions.retryAfter and, over HTTP, 429 with Retry-After)."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context.context
        if isinstance(context, Context) and (
            context.principal is None or context.refusal is not None
        ):
            refusal = context.refusal or DomainError("unauthenticated")
            extensions: dict[str, object] = {"code": refusal.code}
            if isinstance(refusal, RateLimited):
                extensions["retryAfter"] = refusal.retry_after_s
                if isinstance(context.response, Response):
                    context.response.status_code = 429
                    context.response.headers["Retry-After"] = str(refusal.retry_after_s)
            self.execution_context.pre_execution_errors = [
                GraphQLError(refusal.message, extensions=extensions)
            ]
        yield


class CodedErrors(SchemaExtension):
    """Every error carries extensions.code; unexpected ones are masked as INTERNAL. A stream's
    results (a subscription's, or any operation's over a WebSocket) are coded one by one."""

    def on_operation(self) -> Iterator[None]:
        yield
        self._code(self.execution_context.result)

    def on_stream_result(self, result: StreamExecutionResult) -> Iterator[None]:
        self._code(result)
        yield

    @staticmethod
    def _code(result: object) -> None:
        if isinstance(result, ExecutionResult | StrawberryResult) and result.errors:
            result.errors = [coded(e) for e in result.errors]


Result = ExecutionResult | StrawberryResult  # graphql-core's (HTTP) or strawberry's (streamed)


class AuditOperation(SchemaExtension):
    """Every operation, refusals and errors included, leaves one durable audit event before its
    response does; if the event cannot be written, the response carries no data. A mutation whose
    writes each committed their own event (in the write's transaction) adds none, nor does a
    subscription's stream of alerts (audited stretch by stretch as it is read).

    Over a WebSocket a result leaves as soon as it is streamed, before the operation ends: its
    event is written then (a subscription's, when it ends in an error)."""

    audited = False  # this operation's event is written (or needs none)

    async def on_operation(self) -> AsyncIterator[None]:
        yield
        result = self.execution_context.result
        if not self.audited:
            await self.audit(result if isinstance(result, Result) else None)

    async def on_stream_result(self, result: StreamExecutionResult) -> AsyncIterator[None]:
        operation = _operation(self.execution_context)
        subscription = operation is not None and operation.operation is OperationType.SUBSCRIPTION
        if (not self.audited and isinstance(result, Result)
                and (result.errors or not subscription)):
            await self.audit(result)
        yield

    async def audit(self, result: Result | None) -> None:
        """Write the operation's event; if it cannot be written, `result` (the very answer that
        leaves) loses its data for an UNAVAILABLE error."""
        self.audited = True
        execution = self.execution_context
        context = execution.context
        if not isinstance(context, Context) or audited_in_write(context, execution, result):
            return
        try:
            await context.audit.record(audit_entry(context, execution, result))
        except Exception:
            if result is not None:
                result.data = None
                result.errors = [GraphQLError(
                    "The audit trail is unavailable, so nothing can be disclosed; try again.",
                    extensions={"code": "UNAVAILABLE"},
                )]


def audited_in_write(
    context: Context, execution: ExecutionContext, result: Result | None
) -> bool:
    return bool(
        context.disclosure.audited_in_write and result is not None and not result.errors
        and set(root_fields(execution)) <= context.disclosure.audited_in_write
    )


def audit_entry(context: Context, execution: ExecutionContext, result: Result | None
                ) -> AuditEntry:
    """The operation's event, its outcome the codes of `result`'s errors (as CodedErrors codes
    them, whether it has yet or not)."""
    disclosure = context.disclosure
    codes = sorted(set(error_codes(result))) if result is not None else ["INTERNAL"]
    return new_entry(
        context, operation_name(execution), disclosure.action,
        subject_ids=disclosure.subject_ids, field_classes=disclosure.field_classes,
        outcome="OK" if not codes else ",".join(codes),
    )


def error_codes(result: Result) -> list[str]:
    """The codes of `result`'s errors, in order, as CodedErrors codes them (whether it has yet
    or not)."""
    return [str((coded(e).extensions or {})["code"]) for e in (result.errors or [])]



def _operation(execution: ExecutionContext) -> OperationDefinitionNode | None:
    """The operation of the document that ran (the named one, or the only one)."""
    document = execution.graphql_document
    for definition in document.definitions if document is not None else ():
        if isinstance(definition, OperationDefinitionNode) and (
            execution.operation_name is None or
            (definition.name and definition.name.value == execution.operation_name)
        ):
            return definition
    return None


def root_fields(execution: ExecutionContext) -> list[str]:
    operation = _operation(execution)
    if operation is None:
        return []
    return [s.name.value for s in operation.selection_set.selections if isinstance(s, FieldNode)]


def operation_name(execution: ExecutionContext) -> str:
    """'query offender,offenders': the operation type and its root fields."""
    if execution.graphql_document is None:
        return "unparsed"
    if execution.graphql_document is REFUSED_DOCUMENT:
        return UNREGISTERED
    operation = _operation(execution)
    if operation is None:
        return "unknown"
    return f"{operation.operation.value} {','.join(root_fields(execution))}"


INTROSPECTION_FIELDS = frozenset({"__schema", "__type", "__typename"})


def operation_label(execution: ExecutionContext, known_names: frozenset[str]) -> str:
    """What metrics, logs and spans call an operation, from a bounded set whatever a client
    sends: its name when it is one of `known_names`, else its first root field that the schema
    has, else "anonymous"."""
    if execution.graphql_document is REFUSED_DOCUMENT:
        return UNREGISTERED
    operation = _operation(execution)
    if operation is None:
        return "anonymous"
    if operation.name is not None and operation.name.value in known_names:
        return operation.name.value
    root = execution.schema._schema.get_root_type(operation.operation)
    for selection in operation.selection_set.selections:
        if isinstance(selection, FieldNode) and (
            selection.name.value in INTROSPECTION_FIELDS
            or (root is not None and selection.name.value in root.fields)
        ):
            return selection.name.value
    return "anonymous"


class Observed(SchemaExtension):
    """Tells the operation's record (app/api/operation_log.py), for its log line and metrics,
    what ran, as whom, and how it ended: OK or its first error's code, and whether it was
    refused before anything ran. Listed first, so that it reads the answer as it leaves (coded,
    and audited)."""

    def __init__(self, known_names: frozenset[str]) -> None:
        self.known_names = known_names

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        finally:
            self._note(self.execution_context.result)

    def on_stream_result(self, result: StreamExecutionResult) -> Iterator[None]:
        try:
            yield  # sent over the WebSocket (which may close on it: a document that won't parse)
        finally:
            self._note(result)

    def _note(self, result: object) -> None:
        record = current_operation.get()
        if record is None:
            return
        execution = self.execution_context
        record.operation = operation_label(execution, self.known_names)
        operation = _operation(execution)
        record.operation_type = operation.operation.value if operation is not None else None
        context = execution.context
        if isinstance(context, Context) and context.principal is not None:
            record.agency_id = context.principal.agency_id
            record.roles = tuple(context.principal.roles)
        if isinstance(result, Result):
            record.answered(error_codes(result), refused=isinstance(result, PreExecutionError))


class Traced(OpenTelemetryExtension):
    """strawberry's spans (parsing, validation, and each root field's resolver, under which its
    Neo4j queries' spans fall) under one named by the operation's label. None carries the
    document, an argument, a path through aliases or an error's message: the strawberry
    extension's own would record the document and every argument."""

    def __init__(self, known_names: frozenset[str]) -> None:
        super().__init__()
        self.known_names = known_names

    def on_operation(self) -> Generator[None, None, None]:
        operation = self._tracer.start_span("GraphQL operation")
        self._span_holder[LifecycleStep.OPERATION] = operation
        try:
            yield
        finally:
            execution = self.execution_context
            operation.update_name(f"GraphQL {operation_label(execution, self.known_names)}")
            if (definition := _operation(execution)) is not None:
                operation.set_attribute("graphql.operation.type", definition.operation.value)
            operation.end()

    async def resolve(
        self, _next: Callable[..., object], root: object, info: GraphQLResolveInfo[Any],
        *args: str, **kwargs: object,
    ) -> object:
        """A span for each root field (nested fields resolve from what it read)."""
        if info.path.prev is not None or should_skip_tracing(_next, info):
            return await await_maybe(_next(root, info, *args, **kwargs))
        parent = trace.set_span_in_context(self._span_holder[LifecycleStep.OPERATION])
        with span(f"GraphQL Resolving: {info.field_name}", parent=parent,
                  attributes={"graphql.parentType": info.parent_type.name,
                              "graphql.field": info.field_name}):
            return await await_maybe(_next(root, info, *args, **kwargs))
