"""Hypothesis strategies for hostile scalars, as GraphQL value nodes for hypothesis-graphql's
`custom_scalars` (which also replace its built-in String, ID, Int and Float): Cypher fragments,
quotes, unicode that breaks naive code, very long text, numbers at and past every bound; mixed
with real ids and plausible values, so that inputs also get past validation and reach the
graph."""

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta

import graphql
from hypothesis import strategies as st
from hypothesis_graphql import nodes

CYPHER_FRAGMENTS = (
    "' OR 1=1 //",
    '" OR ""="',
    "}) MATCH (n) DETACH DELETE n //",
    "'}) MATCH (o:Person:Offender) RETURN o.name //",
    "x` RETURN 1 //",
    "`Offender`",
    "$id",
    "$principal.agencyId",
    "{id: $id}",
    "') RETURN count(*) AS n //",
    "*/ MATCH (n) SET n.x = 1 /*",
    "1; CALL db.labels() YIELD label RETURN label",
    "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    "\\' OR 1=1 //",
    "${jndi:ldap://127.0.0.1/a}",
    "<script>alert(1)</script>",
    "../../../../etc/passwd",
    "%s%s%s%n",
    "null",
    "undefined",
    "NaN",
    "-0",
)
QUOTES = ("'", '"', "`", "\\", "\\\\", "''", '""', "\\u0000", "\\n", "\\'")
UNICODE = (
    "\u202eredro\u202c",  # right-to-left override
    "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",  # Hebrew and Arabic
    "Z\u0351\u0352\u0357\u0350\u0346\u0313\u0300\u0300\u0301\u0336",  # combining marks
    "e" + "\u0301" * 300,
    "\x00",
    "a\x00b",
    "\ufeff\u200b\u200d\u2060",  # byte-order mark, zero widths
    "\ud800",  # a lone surrogate (JSON can carry it as an escape)
    "\udfff\ud800",
    "\U0001f9e8\U0001f469\u200d\U0001f467\u200d\U0001f466",  # emoji, a ZWJ family
    "\uffff\ufffe",
    "\r\n\t\x0b\x0c\x1b[31m",
    "\u0130\u0131\u00df\ufb00",  # case mapping that changes length
    "\u2028\u2029",
)
PLAUSIBLE = (  # values the str-typed inputs accept, so that a call can get past validation
    "EXCLUSION", "INCLUSION", "MAPPA_CATEGORY", "DUTY_TO_COOPERATE", "LICENCE_CONDITION",
    "SAFEGUARDING", "PARTNER", "CHILD", "FRIEND", "WARNING", "RECALL", "NONE", "A", "C", "E",
    "P", "OASys", "GMP", "NATIONAL", "M15 4QX", "m1 1ae", "12/1234567A", "http://127.0.0.1:9/hook",
    "https://127.0.0.1:9/hook", "Fuzz Person", "1 Fuzz Street", "Manchester",
)


def text() -> st.SearchStrategy[str]:
    """Hostile text: fragments alone or glued to anything, unicode, long runs."""
    fragment = st.sampled_from(CYPHER_FRAGMENTS + QUOTES + UNICODE)
    anything = st.text(st.characters(codec=None), max_size=40)  # surrogates included
    glued = st.lists(fragment | anything | st.sampled_from(PLAUSIBLE), min_size=2, max_size=5)
    long_run = st.tuples(fragment | st.sampled_from(PLAUSIBLE), st.integers(200, 5_000))
    return st.one_of(
        fragment,
        st.sampled_from(PLAUSIBLE),
        anything,
        glued.map("".join),
        long_run.map(lambda piece_times: piece_times[0] * piece_times[1]),
    )


def identifiers(pool: Callable[[], Sequence[str]]) -> st.SearchStrategy[str]:
    """A real id from `pool` (read when drawn: it grows as the fuzz learns ids), or a hostile
    one."""
    real = st.integers(0, 2**20).map(lambda i: (ids := pool())[i % len(ids)])
    return st.one_of(
        real, real, real,
        st.tuples(real, st.sampled_from(CYPHER_FRAGMENTS + QUOTES + UNICODE)).map("".join),
        text(),
    )


INT_BOUNDS = (0, 1, -1, 2, 3, 4, 10, 100, 101, 1000, 2**31 - 1, -(2**31))


def int_nodes() -> st.SearchStrategy[graphql.ValueNode]:
    """In range, at the bounds, and past 32 bits (which GraphQL's Int refuses)."""
    return st.one_of(
        st.sampled_from(INT_BOUNDS),
        st.integers(-5, 12),
        st.integers(-(2**31), 2**31 - 1),
        st.integers(2**31, 2**80) | st.integers(-(2**80), -(2**31) - 1),
    ).map(nodes.Int)


FLOAT_LITERALS = ("1e308", "-1e308", "1e309", "-1e309", "5e-324", "0.0", "-0.0", "90.0000001",
                  "-90.0000001", "180.0000001", "1e-7", "53.4808", "-2.2426")


def float_nodes() -> st.SearchStrategy[graphql.ValueNode]:
    """Around Manchester, at the degree bounds, huge, tiny and past what a double holds."""
    manchester = st.tuples(st.floats(53.3, 53.6), st.floats(-2.4, -2.0))
    return st.one_of(
        st.sampled_from(FLOAT_LITERALS).map(lambda v: graphql.FloatValueNode(value=v)),
        manchester.map(lambda p: p[0]).map(nodes.Float),
        manchester.map(lambda p: p[1]).map(nodes.Float),
        st.sampled_from((90.0, -90.0, 180.0, -180.0, 50_000.0, 50_000.1)).map(nodes.Float),
        st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float),
    )


def date_texts(today: date) -> st.SearchStrategy[str]:
    recent = st.integers(-400, 3000).map(lambda days: (today - timedelta(days=days)).isoformat())
    return st.one_of(
        recent, recent,
        st.dates().map(date.isoformat),
        st.sampled_from(("2024-02-30", "0000-01-01", "9999-12-31", "-0001-01-01", "2024-1-1",
                         "1899-12-31", "1900-01-01", "20240101", "2024-W01-1", "today")),
        text(),
    )


def datetime_texts(today: date) -> st.SearchStrategy[str]:
    now = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
    recent = st.integers(-3600, 86_400 * 60).map(lambda s: (now - timedelta(seconds=s)).isoformat())
    return st.one_of(
        recent, recent,
        st.datetimes(timezones=st.just(UTC)).map(datetime.isoformat),
        st.datetimes().map(datetime.isoformat),  # naive: no offset
        st.sampled_from(("2024-01-01T25:00:00Z", "2024-01-01T00:00:00+25:00",
                         "9999-12-31T23:59:59.999999+00:00", "0001-01-01T00:00:00Z",
                         "2024-01-01 00:00", "1700000000")),
        text(),
    )


def custom_scalars(
    pool: Callable[[], Sequence[str]], today: date
) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """Every scalar of the schema, built-in ones included."""
    return {
        "String": text().map(nodes.String),
        "ID": identifiers(pool).map(nodes.String),
        "Int": int_nodes(),
        "Float": float_nodes(),
        "Boolean": st.booleans().map(nodes.Boolean),
        "Date": date_texts(today).map(nodes.String),
        "DateTime": datetime_texts(today).map(nodes.String),
    }
