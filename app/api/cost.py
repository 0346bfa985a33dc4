"""The estimated cost of an operation, before it runs: each field costs 1, what a list carries
costs once per item it may hold (its page size: `first`, the page a connection or traversal was
asked for, or LIST_SIZE), and the traversals cost by the work their arguments ask of Neo4j.
Fragments are expanded where they are spread; variables count with their values."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values

# What a list without a page size of its own is taken to hold (an offender's addresses,
# conditions, contacts...).
LIST_SIZE = 10
# People whose links commonAssociates walks, per person named.
NEIGHBOURHOOD = 50


def _network(args: Mapping[str, Any]) -> tuple[int, int]:
    """Up to `limit` people and addresses, found `depth` links out."""
    return int(args["limit"]) * int(args["depth"]), int(args["limit"])


def _shortest_path(args: Mapping[str, Any]) -> tuple[int, int]:
    """A search whose frontier grows with each link of `maxDepth`."""
    return 2 ** int(args["maxDepth"]), int(args["maxDepth"]) + 1


def _common_associates(args: Mapping[str, Any]) -> tuple[int, int]:
    return len(args["personIds"]) * NEIGHBOURHOOD, LIST_SIZE


# Fields whose work is more than their own selection: (own cost, the page size of the lists
# directly below them, or of the field itself when it is a list), from the field's arguments
# (schema defaults applied).
TRAVERSALS: dict[str, Callable[[Mapping[str, Any]], tuple[int, int]]] = {
    "Query.network": _network,
    "Query.shortestPath": _shortest_path,
    "Query.commonAssociates": _common_associates,
}
# The arguments the cost depends on.
PRICED = frozenset({"first", "limit", "depth", "maxDepth", "personIds"})

Fragments = Mapping[str, FragmentDefinitionNode]


@dataclass(frozen=True)
class Estimate:
    cost: int
    varies: bool  # whether a variable's value changed it


class _Estimator:
    def __init__(self, schema: GraphQLSchema, fragments: Fragments,
                 variables: VariableValues) -> None:
        self.schema, self.fragments, self.variables = schema, fragments, variables
        self.varies = False

    def selections(self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType,
                   page: int) -> int:
        """The cost of a selection set on `parent`; `page` is what a list below holds when it
        has no `first` of its own."""
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, page)
            elif isinstance(selection, InlineFragmentNode):
                on = (self.schema.get_type(selection.type_condition.name.value)
                      if selection.type_condition else parent)
                total += self.selections(selection.selection_set, on or parent, page)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments[selection.name.value]
                on = self.schema.get_type(fragment.type_condition.name.value)
                total += self.selections(fragment.selection_set, on or parent, page)
        return total

    def field(self, node: FieldNode, parent: GraphQLNamedType, page: int) -> int:
        name = node.name.value
        if name.startswith("__"):  # introspection and __typename: answered from memory
            return 1
        assert isinstance(parent, GraphQLObjectType | GraphQLInterfaceType)  # validated
        definition = parent.fields[name]
        args: dict[str, Any] = {}
        if definition.args:
            args = get_argument_values(definition, node, self.variables)
            self.varies = self.varies or any(
                a.name.value in PRICED and isinstance(a.value, VariableNode)
                for a in node.arguments or ())
        first = int(args["first"]) if "first" in args else None
        own, items, below = 1, 1, LIST_SIZE
        traversal = TRAVERSALS.get(f"{parent.name}.{name}")
        if traversal is not None:
            own, below = traversal(args)
        if _is_list(definition.type):  # searchPeople, commonAssociates, an offender's lists
            items = first or (below if traversal else page)
            below = LIST_SIZE
        elif first is not None:  # a connection: its edges hold a page
            below = first
        return own + items * self.selections(
            node.selection_set, get_named_type(definition.type), below)


def _is_list(type_: GraphQLOutputType) -> bool:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


def operation_cost(
    schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Fragments,
    variables: Mapping[str, Any] | None,
) -> Estimate | None:
    """The estimated cost of a validated operation; None when its variables or arguments are
    invalid (the executor refuses them itself, running nothing)."""
    coerced = get_variable_values(
        schema, operation.variable_definitions or (), dict(variables or {}))
    if isinstance(coerced, list):
        return None
    root = schema.get_root_type(operation.operation)
    assert root is not None
    estimator = _Estimator(schema, fragments, coerced)
    try:
        cost = estimator.selections(operation.selection_set, root, LIST_SIZE)
    except GraphQLError:
        return None
    return Estimate(cost, estimator.varies)
