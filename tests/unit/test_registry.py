"""The query registry fails fast, and every real query file is well formed."""

import re
from pathlib import Path

import pytest

from app.graph.registry import Query, QueryRegistryError, load_queries
from app.repositories import load_all_queries
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
    assert set(queries) == files


def test_no_cypher_runs_outside_repositories_and_graph() -> None:
    app = PROJECT_ROOT / "app"
    runs = re.compile(r"\b(tx|session|driver)\.(run|execute_query|execute_read|execute_write)\(")
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for path in app.rglob("*.py")
        if path.parent.name not in {"repositories", "graph"} and runs.search(path.read_text())
    ]
    assert offenders == []
