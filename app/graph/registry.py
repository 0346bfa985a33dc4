"""Named Cypher queries: each file in queries/ is declared once in code and loaded at start-up.

A repository declares `FIND_X = Query("aggregate/find_x")`; `load_queries()` reads every
`queries/**/*.cypher`, and fails fast when a declared query has no file, a file is declared by no
code, or a file's `// params:` line disagrees with the `$tokens` its text uses.
"""

import re
from pathlib import Path
from typing import Any

_PARAM_TOKEN = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_STRING_OR_COMMENT = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*")


class QueryRegistryError(RuntimeError):
    """The queries folder and the queries the code declares do not agree."""


DECLARED: dict[str, "Query"] = {}  # every Query the code declares, by name


class Query:
    """A reference to one named query file; its text is bound by `load_queries`."""

    def __init__(self, name: str, declared: dict[str, "Query"] | None = None) -> None:
        declared = DECLARED if declared is None else declared
        if name in declared:
            raise QueryRegistryError(f"query {name!r} is declared twice")
        self.name = name
        self.params: frozenset[str] = frozenset()
        self._text: str | None = None
        declared[name] = self

    @property
    def text(self) -> str:
        if self._text is None:
            raise QueryRegistryError(f"query {self.name!r} used before load_queries()")
        return self._text

    def bind(self, text: str, params: frozenset[str]) -> None:
        self._text = text
        self.params = params

    def check_params(self, given: dict[str, Any]) -> None:
        if given.keys() != self.params:
            missing = sorted(self.params - given.keys())
            extra = sorted(given.keys() - self.params)
            raise QueryRegistryError(
                f"query {self.name!r}: missing params {missing}, unexpected params {extra}"
            )

    def __repr__(self) -> str:
        return f"Query({self.name!r})"


def parse_query_file(name: str, text: str) -> frozenset[str]:
    """Check the header of one query file and return its declared parameters."""
    lines = text.splitlines()
    if len(lines) < 3 or not lines[0].startswith("// ") or len(lines[0].strip()) <= 3:
        raise QueryRegistryError(f"{name}: first line must be '// <purpose>'")
    if not lines[1].startswith("// params:"):
        raise QueryRegistryError(f"{name}: second line must be '// params: a, b' (or none)")
    declared_text = lines[1].removeprefix("// params:").strip()
    declared = frozenset(
        p.strip() for p in declared_text.split(",") if p.strip() and declared_text != "none"
    )
    body = _STRING_OR_COMMENT.sub("", "\n".join(lines[2:]))
    used = frozenset(_PARAM_TOKEN.findall(body))
    if declared != used:
        raise QueryRegistryError(
            f"{name}: params line declares {sorted(declared)} but the query uses {sorted(used)}"
        )
    return declared


def load_queries(root: Path, declared: dict[str, Query] | None = None) -> dict[str, Query]:
    """Bind every declared query to its file; fail on any disagreement."""
    declared = DECLARED if declared is None else declared
    files = {
        path.relative_to(root).with_suffix("").as_posix(): path
        for path in sorted(root.rglob("*.cypher"))
    }
    missing = sorted(declared.keys() - files.keys())
    if missing:
        raise QueryRegistryError(f"declared queries with no file in {root}: {missing}")
    unreferenced = sorted(files.keys() - declared.keys())
    if unreferenced:
        raise QueryRegistryError(f"query files no code declares: {unreferenced}")
    for name, path in files.items():
        text = path.read_text(encoding="utf-8")
        declared[name].bind(text, parse_query_file(name, text))
    return dict(declared)
