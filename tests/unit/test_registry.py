"""The query registry fails fast, and every real query file is well formed."""

import re
from pathlib import Path

import pytest

from app.network.models import MAX_NETWORK_DEPTH, MAX_PATH_DEPTH
from app.network.repository import FIND_NETWORK, FIND_SHORTEST_PATH
from app.platform.neo4j.registry import Query, QueryRegistryError, load_queries
from app.queries import load_all_queries
from app.settings import PROJECT_ROOT

GOOD = "// find a thing\n// params: id\nMATCH (n {id: $id}) RETURN n\n"


def write(root: Path, name: str, text: str) -> None:
    path = root / f"{name}.cypher"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_binds_declared_queries_with_their_params(tmp_path: Path) -> None:
    write(tmp_path, "thing/find_thing", GOOD)
    declared: dict[str, Query] = {}
    query = Query("thing/find_thing", declared)
    load_queries(tmp_path, declared)
    assert "MATCH" in query.text
    assert query.params == {"id"}


def test_declared_query_without_file_fails_fast(tmp_path: Path) -> None:
    declared: dict[str, Query] = {}
    Query("thing/missing", declared)
    with pytest.raises(QueryRegistryError, match="thing/missing"):
        load_queries(tmp_path, declared)


def test_file_no_code_declares_fails_fast(tmp_path: Path) -> None:
    write(tmp_path, "thing/orphan", GOOD)
    with pytest.raises(QueryRegistryError, match="thing/orphan"):
        load_queries(tmp_path, {})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("// params: id\nMATCH (n {id: $id}) RETURN n\n", "first line"),
        ("// find\nMATCH (n {id: $id}) RETURN n\n// x\n", "second line"),
        ("// find\n// params: id\nMATCH (n {id: $other}) RETURN n\n", "other"),
        ("// find\n// params: id, extra\nMATCH (n {id: $id}) RETURN n\n", "extra"),
        ("// find\n// params: none\nMATCH (n {id: $id}) RETURN n\n", "id"),
    ],
)
def test_malformed_header_names_the_file(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path, "thing/bad", text)
    declared: dict[str, Query] = {}
    Query("thing/bad", declared)
    with pytest.raises(QueryRegistryError, match=f"thing/bad.*{message}"):
        load_queries(tmp_path, declared)


def test_tokens_inside_strings_and_comments_are_not_params(tmp_path: Path) -> None:
    write(tmp_path, "thing/quoted", "// find\n// params: id\n"
          "MATCH (n {id: $id}) // not $this\nRETURN n, '$notParam' AS s\n")
    declared: dict[str, Query] = {}
    query = Query("thing/quoted", declared)
    load_queries(tmp_path, declared)
    assert query.params == {"id"}


def test_running_with_wrong_params_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "thing/find_thing", GOOD)
    declared: dict[str, Query] = {}
    query = Query("thing/find_thing", declared)
    load_queries(tmp_path, declared)
    with pytest.raises(QueryRegistryError, match="missing params \\['id'\\]"):
        query.check_params({"oops": 1})


def test_every_project_query_file_is_declared_and_well_formed() -> None:
    queries = load_all_queries(PROJECT_ROOT / "queries")
    files = {p.relative_to(PROJECT_ROOT / "queries").with_suffix("").as_posix()
             for p in (PROJECT_ROOT / "queries").rglob("*.cypher")}
    assert set(queries) == {f for f in files if not f.startswith("_fragments/")}



WALK = ("// people within $depth links\n// params: id, depth\n"
        "MATCH path = ANY SHORTEST (a {id: $id})((x)-[:KNOWS]-(y)){1,3}(b)\n"
        "WHERE length(path) <= $depth RETURN b\n")


def test_a_walk_is_cut_to_the_links_asked_for(tmp_path: Path) -> None:
    write(tmp_path, "thing/walk", WALK)
    declared: dict[str, Query] = {}
    query = Query("thing/walk", declared)
    load_queries(tmp_path, declared)
    assert query.longest_walk == 3
    two = query.walking(2)
    assert "){1,2}(b)" in two.text
    assert "{1,3}" not in two.text
    assert two.params == query.params
    assert two.name == query.name
    assert query.walking(2) is two
    assert "){1,3}(b)" in query.text
    for links in (0, 4):
        with pytest.raises(QueryRegistryError, match="no walk of 1 to"):
            query.walking(links)


def test_the_traversals_walk_as_far_as_a_caller_may_ask() -> None:
    """The quantifier in the Cypher and the range the service accepts are one limit."""
    load_all_queries(PROJECT_ROOT / "queries")
    assert FIND_NETWORK.longest_walk == MAX_NETWORK_DEPTH
    assert FIND_SHORTEST_PATH.longest_walk == MAX_PATH_DEPTH

# Fragments: shared expressions spliced into queries at load time.

SEEN = ("// whether the caller may see a case\n// params: agencyId\n// args: offender\n"
        "// a comment the query does not carry\n"
        "EXISTS { (:Agency {id: $agencyId})-[involvement:INVOLVED_IN]->(offender) }\n")
USES_SEEN = ("// find a visible case\n// params: id, agencyId\n"
             "MATCH (o {id: $id}) WHERE @seen(o) RETURN o\n")


def load_one(root: Path, text: str, **fragments: str) -> Query:
    for name, fragment in fragments.items():
        write(root, f"_fragments/{name}", fragment)
    write(root, "thing/find", text)
    declared: dict[str, Query] = {}
    query = Query("thing/find", declared)
    load_queries(root, declared)
    return query


def test_a_fragment_is_spliced_with_its_argument(tmp_path: Path) -> None:
    query = load_one(tmp_path, USES_SEEN, seen=SEEN)
    assert "WHERE (EXISTS { (:Agency {id: $agencyId})-[involvement:INVOLVED_IN]->(o) }) RETURN o" \
        in query.text
    assert "@" not in query.text
    assert "a comment" not in query.text
    assert query.params == {"id", "agencyId"}


def test_a_fragment_may_splice_another(tmp_path: Path) -> None:
    either = ("// seen or granted\n// params: agencyId, userId\n// args: x\n"
              "@seen(x) OR EXISTS { (:Grant {userId: $userId})-[:TO]->(x) }\n")
    text = ("// find\n// params: id, agencyId, userId\n"
            "MATCH (p {id: $id}) WHERE @either(p) RETURN p\n")
    query = load_one(tmp_path, text, seen=SEEN, either=either)
    assert "((EXISTS { (:Agency {id: $agencyId})-[involvement:INVOLVED_IN]->(p) }) OR EXISTS { " \
        "(:Grant {userId: $userId})-[:TO]->(p) })" in query.text


def test_markers_in_strings_and_comments_are_left_alone(tmp_path: Path) -> None:
    text = USES_SEEN + "// see @seen(o)\n"
    text = text.replace("RETURN o", "RETURN o, '@seen(o)' AS s")
    query = load_one(tmp_path, text, seen=SEEN)
    assert "'@seen(o)' AS s" in query.text
    assert "// see @seen(o)" in query.text


def test_the_params_line_names_the_fragments_params_too(tmp_path: Path) -> None:
    text = USES_SEEN.replace("// params: id, agencyId", "// params: id")
    with pytest.raises(QueryRegistryError, match=r"thing/find: params line .*'agencyId'"):
        load_one(tmp_path, text, seen=SEEN)


@pytest.mark.parametrize(("use", "message"), [
    ("@unknown(o)", r"thing/find: no fragment 'unknown'"),
    ("@seen(o, p)", r"thing/find: @seen takes 1 argument\(s\) \(offender\), given 2"),
    ("@seen()", r"thing/find: @seen takes 1 argument\(s\) \(offender\), given 0"),
    ("@seen(o.id)", r"thing/find: @seen takes variable names, not 'o.id'"),
    ("@seen(o", r"thing/find: an '@' that is no fragment marker"),
    ("@seen(o) AND (involvement)--()", r"thing/find: @seen binds \['involvement'\]"),
])
def test_a_wrong_marker_names_the_query_and_what_is_wrong(
    tmp_path: Path, use: str, message: str
) -> None:
    with pytest.raises(QueryRegistryError, match=message):
        load_one(tmp_path, USES_SEEN.replace("@seen(o)", use), seen=SEEN)


@pytest.mark.parametrize(("fragment", "message"), [
    (SEEN.replace("// args: offender\n", ""), r"_fragments/seen: third line must be '// args"),
    (SEEN.replace("// args: offender", "// args: a.b"), r"_fragments/seen: args must be variable"),
    (SEEN.replace("// params: agencyId", "// params: none"), r"_fragments/seen: params line"),
    (SEEN.replace("(offender)", "(offender) AND @seen(offender)"), r"_fragments/seen: uses itself"),
])
def test_a_malformed_fragment_names_itself(tmp_path: Path, fragment: str, message: str) -> None:
    with pytest.raises(QueryRegistryError, match=message):
        load_one(tmp_path, USES_SEEN, seen=fragment)


def test_a_fragment_no_query_uses_fails_fast(tmp_path: Path) -> None:
    with pytest.raises(QueryRegistryError, match=r"fragments no query uses: \['seen'\]"):
        load_one(tmp_path, GOOD, seen=SEEN)


def test_queries_elsewhere_may_splice_the_services_fragments(tmp_path: Path) -> None:
    """The seed's queries, in their own folder, splice the service's rules, not all of them."""
    write(tmp_path / "service", "_fragments/seen", SEEN)
    write(tmp_path / "service", "_fragments/unused", SEEN)
    write(tmp_path / "seed", "find", USES_SEEN)
    declared: dict[str, Query] = {}
    query = Query("find", declared)
    load_queries(tmp_path / "seed", declared, fragments_dir=tmp_path / "service" / "_fragments")
    assert "@seen" not in query.text
    assert "INVOLVED_IN" in query.text


def test_no_cypher_runs_outside_repositories_and_the_platform() -> None:
    app = PROJECT_ROOT / "app"
    runs = re.compile(r"\b(tx|session|driver)\.(run|execute_query|execute_read|execute_write)\(")
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for path in app.rglob("*.py")
        if path.name not in {"repository.py", "queue.py"} and path.parent.name != "neo4j"
        and runs.search(path.read_text())
    ]
    assert offenders == []
