"""The HTTP layer under hostile requests, through the running server: bodies that are not JSON or
not an operation, wrong content types, batches, huge variables, GET with query strings, other
methods, and a WebSocket sent what is not JSON. Every answer is a 4xx or a clean JSON answer
(tests/fuzz/checks.py), never a 500."""

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from websockets.asyncio.client import connect

from seed.demo import PERSONAS
from tests.api.live import PROTOCOL
from tests.fuzz.checks import problems
from tests.fuzz.hostile import text
from tests.fuzz.world import FUZZ, TALLY, World

PPO = PERSONAS[0]
OPERATION = "query($t: String!) { searchPeople(text: $t) { score } }"
CONTENT_TYPES = (
    "application/json", "application/json; charset=latin-1", "application/graphql",
    "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
    "application/graphql-response+json", "", "application/json, text/plain",
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text(), inner, max_size=4),
    max_leaves=20,
)


@st.composite
def bodies(draw: st.DrawFn) -> bytes:  # noqa: PLR0911 (one return per kind of body)
    """Raw request bodies: bytes, JSON of any shape, operations with odd members, deep nesting,
    huge variables, batches."""
    kind = draw(st.integers(0, 6))
    if kind == 0:
        return draw(st.binary(max_size=2_000))
    if kind == 1:
        return json.dumps(draw(json_values), allow_nan=True).encode()
    if kind == 2:  # an operation whose members are anything
        members = draw(st.dictionaries(
            st.sampled_from(["query", "variables", "operationName", "extensions", "id"]),
            json_values, max_size=4))
        return json.dumps(members, allow_nan=True).encode()
    if kind == 3:  # nesting, in the body or in a variable
        depth = draw(st.integers(10, 200_000))
        opener, closer = draw(st.sampled_from([(b"[", b"]"), (b'{"a":', b"}")]))
        inner = opener * depth + b"1" + closer * depth
        if draw(st.booleans()):
            return inner
        return b'{"query": "%s", "variables": {"t": %s}}' % (OPERATION.encode(), inner)
    if kind == 4:  # a variable as large as the body limit allows, or larger
        size = draw(st.sampled_from([10_000, 500_000, 999_000, 1_200_000]))
        return json.dumps({"query": OPERATION, "variables": {"t": "x" * size}}).encode()
    if kind == 5:  # a batch
        operation = {"query": OPERATION, "variables": {"t": draw(text())}}
        return json.dumps([operation] * draw(st.integers(0, 50))).encode()
    return json.dumps({"query": OPERATION, "variables": {"t": draw(text())}}).encode()


def check(response: Any, sent: list[str]) -> None:
    TALLY.http_requests += 1
    found = problems(response, sent, secrets=None)
    assert not found, f"{response.status_code} {response.text[:2000]}\n" + "\n".join(found)


@FUZZ
@given(body=bodies(), content_type=st.sampled_from(CONTENT_TYPES))
async def test_post_bodies(world: World, body: bytes, content_type: str) -> None:
    headers = {**world.headers[PPO.officer_id], "X-Purpose-Of-Use": "RISK_MANAGEMENT"}
    if content_type:
        headers["Content-Type"] = content_type
    response = await world.client.post("/graphql", content=body, headers=headers)
    check(response, [body.decode("utf-8", "replace")])


@FUZZ
@given(params=st.dictionaries(
    st.sampled_from(["query", "variables", "operationName", "extensions"]),
    text() | st.sampled_from([OPERATION, "{ version }", "mutation { addPremises }", "{"]),
    max_size=4))
async def test_get_query_strings(world: World, params: dict[str, str]) -> None:
    headers = {**world.headers[PPO.officer_id], "X-Purpose-Of-Use": "RISK_MANAGEMENT"}
    clean = {k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace")[:2_000]
             for k, v in params.items()}  # a URL has room for a few kilobytes
    response = await world.client.get("/graphql", params=clean, headers=headers)
    check(response, list(clean.values()))


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"])
async def test_other_methods(world: World, method: str) -> None:
    response = await world.client.request(method, "/graphql", content=b"{}")
    assert response.status_code < 500


@pytest.mark.parametrize("message", [
    b"\x00\xff", "not json", "[" * 100_000, json.dumps({"type": "connection_init",
                                                        "payload": {"authorization": "\ud800"}}),
], ids=["binary", "text", "deep", "half-a-surrogate-pair"])
async def test_websocket_messages_that_are_not_json(world: World, message: str | bytes) -> None:
    """The connection is closed with a 44xx code; the server carries on."""
    url = str(world.client.base_url).replace("http", "ws", 1) + "/graphql"
    async with connect(url, subprotocols=[PROTOCOL]) as socket:  # type: ignore[list-item]
        await socket.send(message)
        await socket.wait_closed()
        assert socket.close_code is not None
        assert 4400 <= socket.close_code < 4500
    TALLY.http_requests += 1
    response = await world.client.get("/healthz")
    assert response.status_code == 200
