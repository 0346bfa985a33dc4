"""Every query and mutation of the schema, fuzzed through a running server as every demo persona:
operations generated from the printed schema by hypothesis-graphql (valid ones, and ones with a
single violation), hostile scalars (tests/fuzz/hostile.py), inline or as JSON variables, with
extra aliases now and then. Every answer is checked (tests/fuzz/checks.py): no 5xx, no INTERNAL,
no internals, nothing the persona must not see; a mutation that fails leaves the graph as it was
but for its own audit event; the audit chain verifies after each operation's run."""

import json
import re
from datetime import date
from functools import cache
from typing import Any

import graphql
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations, queries

from app.api.schema import build_schema
from app.core.enums import Purpose
from app.settings import Settings
from seed.demo import PERSONAS, Persona
from tests.fuzz.checks import document_strings, problems, strings_in
from tests.fuzz.hostile import custom_scalars, text
from tests.fuzz.oracle import FUZZ_PLAN
from tests.fuzz.world import FUZZ, POOL, TALLY, World

SCHEMA = build_schema(Settings())._schema
SDL = graphql.print_schema(SCHEMA)
assert SCHEMA.query_type is not None
assert SCHEMA.mutation_type is not None
QUERIES = sorted(SCHEMA.query_type.fields)
MUTATIONS = sorted(SCHEMA.mutation_type.fields)
# A success of these changes who may see what: the demo is loaded again after one.
WIDENING = frozenset({"involveAgency", "withdrawAgency", "assignCaseOfficer",
                      "requestEmergencyAccess", "revokeEmergencyAccess",
                      "reviewEmergencyAccess",  # UNJUSTIFIED revokes
                      "addPlanAction",  # its owner agency sees it, and the case's id
                      # A meeting's invitations involve agencies in its cases; its decision
                      # adds actions.
                      "scheduleMeeting", "inviteToMeeting", "addAgendaCase", "cancelMeeting",
                      "recordMeetingDecision"})



@cache
def operations(root: str, broken: bool) -> st.SearchStrategy[graphql.DocumentNode]:
    """Documents selecting `root` (a query or mutation field): valid ones, or (`broken`) ones
    with one violation of the schema."""
    generate = mutations if root in MUTATIONS else queries
    parent = SCHEMA.mutation_type if root in MUTATIONS else SCHEMA.query_type
    assert parent is not None
    mode = Mode.NEGATIVE if broken and parent.fields[root].args else Mode.POSITIVE
    return generate(SDL, fields=[root], custom_scalars=custom_scalars(POOL, date.today()),
                    print_ast=lambda d: d, mode=mode)


def with_aliases(document: graphql.DocumentNode, count: int) -> graphql.DocumentNode:
    """The root field asked `count` times over, under aliases (the bound is 15)."""
    operation = document.definitions[0]
    assert isinstance(operation, graphql.OperationDefinitionNode)
    [root] = operation.selection_set.selections
    assert isinstance(root, graphql.FieldNode)
    copies = tuple(
        graphql.FieldNode(alias=graphql.NameNode(value=f"a{i}"), name=root.name,
                          arguments=root.arguments, directives=root.directives,
                          selection_set=root.selection_set)
        for i in range(count))
    selection = graphql.SelectionSetNode(selections=copies)
    return graphql.DocumentNode(definitions=(graphql.OperationDefinitionNode(
        operation=operation.operation, selection_set=selection, variable_definitions=()),))


def as_variables(document: graphql.DocumentNode) -> tuple[graphql.DocumentNode, dict[str, Any]]:
    """The root field's arguments sent as JSON variables instead of inline (the other coercion
    path, and the one that carries what a GraphQL literal cannot: lone surrogates, Infinity)."""
    operation = document.definitions[0]
    assert isinstance(operation, graphql.OperationDefinitionNode)
    [root] = operation.selection_set.selections
    assert isinstance(root, graphql.FieldNode)
    parent = SCHEMA.mutation_type if operation.operation.value == "mutation" else SCHEMA.query_type
    assert parent is not None
    field = parent.fields.get(root.name.value)
    if field is None:
        return document, {}
    definitions, variables, arguments = [], {}, []
    for argument in root.arguments:
        declared = field.args.get(argument.name.value)
        if declared is None:  # a broken document's unknown argument stays inline
            arguments.append(argument)
            continue
        name = argument.name.value
        variables[name] = graphql.value_from_ast_untyped(argument.value)
        definitions.append(graphql.VariableDefinitionNode(
            variable=graphql.VariableNode(name=graphql.NameNode(value=name)),
            type=graphql.parse_type(str(declared.type))))
        arguments.append(graphql.ArgumentNode(
            name=argument.name, value=graphql.VariableNode(name=graphql.NameNode(value=name))))
    new_root = graphql.FieldNode(alias=root.alias, name=root.name, arguments=tuple(arguments),
                                 directives=root.directives, selection_set=root.selection_set)
    return graphql.DocumentNode(definitions=(graphql.OperationDefinitionNode(
        operation=operation.operation, variable_definitions=tuple(definitions),
        selection_set=graphql.SelectionSetNode(selections=(new_root,))),)), variables


PURPOSES = st.sampled_from([p.value for p in Purpose])


def one_in(n: int) -> st.SearchStrategy[bool]:
    """True about once in `n` draws (hypothesis favours the first choice and the bounds)."""
    return st.sampled_from(range(n)).map(lambda drawn: drawn == n - 1)


@st.composite
def requests(draw: st.DrawFn, root: str) -> tuple[Persona, dict[str, Any], dict[str, Any]]:
    """A persona, its headers' extras, and a request body for `root`."""
    persona = draw(st.sampled_from(PERSONAS))
    document = draw(operations(root, broken=draw(one_in(5))))
    variables: dict[str, Any] = {}
    if draw(st.booleans()):
        document, variables = as_variables(document)
    if draw(one_in(10)):
        document = with_aliases(document, draw(st.integers(2, 20)))
    extra: dict[str, Any] = {}
    if not draw(one_in(20)):  # now and then none, or a hostile one
        extra["X-Purpose-Of-Use"] = header_value(draw(PURPOSES | text() if draw(one_in(20))
                                                      else PURPOSES))
    if draw(one_in(5)):
        extra["X-Justification"] = header_value(draw(text()))
    return persona, extra, {"query": graphql.print_ast(document), "variables": variables}


def header_value(value: str) -> bytes:
    """As raw bytes (HTTP carries no control characters in a header; the rest goes through)."""
    return re.sub(rb"[\x00-\x1f\x7f]", b"", value.encode("utf-8", "surrogatepass"))[:4000].strip()


def sent_strings(body: dict[str, Any], extra: dict[str, Any]) -> list[str]:
    sent = [*document_strings(body["query"]), *strings_in(body["variables"])]
    sent += [v.decode(encoding, "replace") for v in extra.values()
             for encoding in ("utf-8", "latin-1")]  # the server reads headers as Latin-1
    return sent


def learn_ids(data: Any) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and (key == "id" or key.endswith("Id")):
                POOL.learn(value)
            else:
                learn_ids(value)
    elif isinstance(data, list):
        for item in data:
            learn_ids(item)


async def send(world: World, root: str, persona: Persona, extra: dict[str, Any],
               body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST one operation, check its answer, and return its status and body."""
    headers = {**world.headers[persona.officer_id], **extra,
               "Content-Type": "application/json"}
    response = await world.client.post(
        "/graphql", content=json.dumps(body, allow_nan=True).encode(), headers=headers)
    TALLY.inputs += 1
    TALLY.operations.add(root)
    TALLY.personas.add(persona.officer_id)
    answer = response.json() if response.headers.get("content-type", "").startswith(
        "application/json") else {}
    codes = sorted({str((e.get("extensions") or {}).get("code"))
                    for e in answer.get("errors") or []}) or ["OK"]
    TALLY.outcomes[",".join(codes)] += 1
    granted = root == "requestEmergencyAccess" and codes == ["OK"]  # now it may see the case
    secrets = None if granted else world.secrets[persona.officer_id]
    found = problems(response, sent_strings(body, extra), secrets)
    assert not found, (f"{root} as {persona.officer_id} ({headers.get('X-Purpose-Of-Use')!r}):"
                       f"\n{json.dumps(body)[:3000]}\n-> {response.status_code} "
                       f"{response.text[:3000]}\n" + "\n".join(found))
    learn_ids(answer.get("data"))
    return response.status_code, answer


@pytest.mark.parametrize("root", QUERIES)
@FUZZ
@given(data=st.data())
async def test_query(world: World, root: str, data: st.DataObject) -> None:
    persona, extra, body = data.draw(requests(root))
    await send(world, root, persona, extra, body)


@pytest.mark.parametrize("root", MUTATIONS)
@FUZZ
@given(data=st.data())
async def test_mutation(world: World, root: str, data: st.DataObject) -> None:
    persona, extra, body = data.draw(requests(root))
    before = await world.counts()
    status, answer = await send(world, root, persona, extra, body)
    if refused_whole(answer, body):
        nodes, relationships, audit = await world.counts()
        assert (nodes, relationships) == before[:2], (
            f"{root} as {persona.officer_id} was refused ({answer['errors']}) but changed the "
            f"graph: nodes {before[0]} -> {nodes}, relationships {before[1]} -> {relationships}"
            f"\n{json.dumps(body)[:3000]}")
        # An oversize body (413) is refused before it is read as an operation: nothing to audit.
        audited = 0 if status == 413 else 1
        assert audit == before[2] + audited, (
            f"{root}: {audit - before[2]} audit events for a refusal answered {status}")
    elif root in WIDENING:
        await world.reload()


def refused_whole(answer: dict[str, Any], body: dict[str, Any]) -> bool:
    """Whether every root field of the operation failed (so none may have written)."""
    errors = answer.get("errors") or []
    if not errors:
        return False
    failed = {e["path"][0] for e in errors if e.get("path")}
    if len(failed) < len(errors):  # an error of the whole operation: nothing ran
        return True
    try:
        [operation] = graphql.parse(body["query"]).definitions
    except (graphql.GraphQLError, ValueError):
        return True
    assert isinstance(operation, graphql.OperationDefinitionNode)
    roots = {(s.alias or s.name).value for s in operation.selection_set.selections
             if isinstance(s, graphql.FieldNode)}
    return roots <= failed


# The plan's reads, asked plainly by every persona (the generated documents seldom get past
# validation with a selection that shows an action's text): nothing the oracle keeps from the
# persona comes back, and each owner agency gets its own action.
PLAN_READS = {
    "actions": "{ actions(first: 100) { edges { node { id text statusBy outcome "
               "offender { id name } ownerAgency { id } } } } }",
    "offender": f'{{ offender(id: "{FUZZ_PLAN.offender_id}") {{ id plan {{ id summary '
                "measures { id text condition { id text } } actions { id text } } "
                "planHistory { edges { node { id summary actions { id text } } } } } }",
}


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.officer_id)
async def test_the_plan_reads_show_each_persona_no_more_than_it_may_see(
    world: World, persona: Persona
) -> None:
    answers = {}
    for root, query in PLAN_READS.items():
        status, answers[root] = await send(world, root, persona,
                                           {"X-Purpose-Of-Use": b"MAPP_MEETING"},
                                           {"query": query, "variables": {}})
        assert status == 200, answers[root]
    if persona.role.value in {"AUDITOR", "ADMIN"}:  # no case data, and so no action
        return
    shown = {e["node"]["text"] for e in answers["actions"]["data"]["actions"]["edges"]}
    assert {a.text for a in FUZZ_PLAN.actions if a.owner_agency_id == persona.agency_id} <= shown
