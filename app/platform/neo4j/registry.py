"""Named Cypher queries: each file in queries/ is declared once in code and loaded at start-up.

A repository declares `FIND_X = Query("aggregate/find_x")`; `load_queries()` reads every
`queries/**/*.cypher`, and fails fast when a declared query has no file, a file is declared by no
code, or a file's `// params:` line disagrees with the `$tokens` its text uses.

A rule that several queries share is written once, as a fragment in `queries/_fragments/`: one
Cypher expression, under a third header line `// args: a, b` naming the variables it takes. A query
(or another fragment) writes `@name(x, y)`, which is not Cypher, so a text that missed splicing
fails loudly; at load time the marker becomes the fragment's expression, in parentheses, with `x`
and `y` for `a` and `b`. A params line names the parameters its fragments bring too. A fragment's
own variables must be names the text around its marker does not use, so that a spliced rule never
quietly matches the query's variables instead of its own; a fragment no query uses is refused.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FRAGMENTS_DIR = "_fragments"

_PARAM_TOKEN = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_STRING_OR_COMMENT = r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*"
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_STRINGS_AND_COMMENTS = re.compile(_STRING_OR_COMMENT)
# A string or comment (group 1, left as it is), or a fragment marker: name (2) and arguments (3).
_PIECE = re.compile(rf"({_STRING_OR_COMMENT})|@([A-Za-z_]\w*)\(([^()]*)\)")
_VARIABLE_NAME = re.compile(r"[A-Za-z_]\w*")
# A walk's quantifier, `){1,N}`: a quantified path pattern of one to N links.
_WALK = re.compile(r"\)\{1,(\d+)\}")
# A name that may be a variable: not a property key, parameter, label, type or marker.
_NAME = re.compile(r"(?<![\w.$:@`])[A-Za-z_]\w*")
# Where an expression binds a variable: `(name:`, `[name:`, `(name)`, `AS name`, `[name IN`.
_BINDING = re.compile(
    r"(?<![\w)\]])[(\[]\s*(?!(?i:EXISTS|COUNT|COLLECT)\b)([A-Za-z_]\w*)\s*(?=[:)\]{])"
    r"|\bAS\s+([A-Za-z_]\w*)|\[\s*([A-Za-z_]\w*)\s+IN\b"
)


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
        self._walks: dict[int, Query] = {}
        declared[name] = self

    @property
    def text(self) -> str:
        if self._text is None:
            raise QueryRegistryError(f"query {self.name!r} used before load_queries()")
        return self._text

    def bind(self, text: str, params: frozenset[str]) -> None:
        self._text = text
        self.params = params
        self._walks = {}

    @property
    def longest_walk(self) -> int | None:
        """N, when the text walks `{1,N}` links (once); else None."""
        bounds = _WALK.findall(self.text)
        return int(bounds[0]) if len(bounds) == 1 else None

    def walking(self, links: int) -> "Query":
        """This query with its walk, written `{1,N}` for the most links any caller may ask for,
        cut to `{1,links}`. Cypher takes no parameter in a quantifier, and a walk bounded only by
        a WHERE after it explores every link up to N first: seven times the work for a network
        of depth 2 walked as 3, on the bench's graph. The text keeps that WHERE, so it answers
        alike either way."""
        longest = self.longest_walk
        if longest is None or not 1 <= links <= longest:
            raise QueryRegistryError(f"query {self.name!r} has no walk of 1 to {links} links")
        if links not in self._walks:
            variant = self._walks[links] = Query(self.name, declared={})
            variant.bind(_WALK.sub(f"){{1,{links}}}", self.text), self.params)
        return self._walks[links]

    def check_params(self, given: dict[str, Any]) -> None:
        if given.keys() != self.params:
            missing = sorted(self.params - given.keys())
            extra = sorted(given.keys() - self.params)
            raise QueryRegistryError(
                f"query {self.name!r}: missing params {missing}, unexpected params {extra}"
            )

    def __repr__(self) -> str:
        return f"Query({self.name!r})"


@dataclass(frozen=True)
class Fragment:
    """One shared expression: the variables it takes, and its text with its own markers spliced."""

    args: tuple[str, ...]
    body: str
    bound: frozenset[str]  # the variables it binds inside itself
    uses: frozenset[str]  # the fragments it splices


def _code_only(text: str) -> str:
    """The text without its strings, comments and markers."""
    return _PIECE.sub(" ", text)


def _names_outside_strings(text: str, replace: Callable[[str], str]) -> str:
    pieces = _STRING.split(text)
    strings = _STRING.findall(text)
    out = [_NAME.sub(lambda m: replace(m[0]), pieces[0])]
    for string, piece in zip(strings, pieces[1:], strict=True):
        out += [string, _NAME.sub(lambda m: replace(m[0]), piece)]
    return "".join(out)


def _markers(text: str) -> frozenset[str]:
    """The names of the fragments a text splices."""
    return frozenset(m[2] for m in _PIECE.finditer(text) if m[2] is not None)


def _header(name: str, lines: list[str]) -> frozenset[str]:
    if len(lines) < 3 or not lines[0].startswith("// ") or len(lines[0].strip()) <= 3:
        raise QueryRegistryError(f"{name}: first line must be '// <purpose>'")
    if not lines[1].startswith("// params:"):
        raise QueryRegistryError(f"{name}: second line must be '// params: a, b' (or none)")
    declared_text = lines[1].removeprefix("// params:").strip()
    return frozenset(
        p.strip() for p in declared_text.split(",") if p.strip() and declared_text != "none"
    )


def _checked_params(name: str, declared: frozenset[str], text: str) -> frozenset[str]:
    used = frozenset(_PARAM_TOKEN.findall(_STRINGS_AND_COMMENTS.sub("", text)))
    if declared != used:
        raise QueryRegistryError(
            f"{name}: params line declares {sorted(declared)} but the query uses {sorted(used)}"
        )
    return declared


def splice(name: str, text: str, fragments: dict[str, Fragment]) -> str:
    """`text` with each `@fragment(args)` marker replaced by that fragment's expression."""
    own_names = frozenset(_NAME.findall(_code_only(text)))

    def expand(match: re.Match[str]) -> str:
        if match[1] is not None:
            return match[0]
        fragment = fragments.get(match[2])
        if fragment is None:
            raise QueryRegistryError(f"{name}: no fragment {match[2]!r} in {FRAGMENTS_DIR}/")
        given = [arg.strip() for arg in match[3].split(",")] if match[3].strip() else []
        if len(given) != len(fragment.args):
            raise QueryRegistryError(
                f"{name}: @{match[2]} takes {len(fragment.args)} argument(s) "
                f"({', '.join(fragment.args)}), given {len(given)}"
            )
        for arg in given:
            if not _VARIABLE_NAME.fullmatch(arg):
                raise QueryRegistryError(
                    f"{name}: @{match[2]} takes variable names, not {arg!r}")
        clashes = sorted(fragment.bound & own_names)
        if clashes:
            raise QueryRegistryError(
                f"{name}: @{match[2]} binds {clashes}, which the text around it uses too")
        arguments = dict(zip(fragment.args, given, strict=True))
        return "(" + _names_outside_strings(
            fragment.body, lambda word: arguments.get(word, word)) + ")"

    spliced = _PIECE.sub(expand, text)
    if "@" in _STRINGS_AND_COMMENTS.sub("", spliced):
        raise QueryRegistryError(f"{name}: an '@' that is no fragment marker '@name(args)'")
    return spliced


def parse_query_file(
    name: str, text: str, fragments: dict[str, Fragment]
) -> tuple[str, frozenset[str]]:
    """Check one query file's header and splice its fragments: its text and its parameters."""
    declared = _header(name, text.splitlines())
    spliced = splice(name, text, fragments)
    body = "\n".join(spliced.splitlines()[2:])
    return spliced, _checked_params(name, declared, body)


def load_fragments(folder: Path) -> dict[str, Fragment]:
    """Every fragment in `folder`, each with the fragments it uses spliced in."""
    texts = {path.stem: path.read_text(encoding="utf-8")
             for path in sorted(folder.glob("*.cypher"))}
    fragments: dict[str, Fragment] = {}

    def resolve(name: str, using: tuple[str, ...]) -> None:
        if name in fragments or name not in texts:
            return
        label = f"{FRAGMENTS_DIR}/{name}"
        if name in using:
            raise QueryRegistryError(f"{label}: uses itself ({' -> '.join((*using, name))})")
        lines = texts[name].splitlines()
        declared = _header(label, lines)
        if len(lines) < 4 or not lines[2].startswith("// args:"):
            raise QueryRegistryError(f"{label}: third line must be '// args: a, b'")
        args = tuple(a.strip() for a in lines[2].removeprefix("// args:").split(",") if a.strip())
        if not args or not all(_VARIABLE_NAME.fullmatch(a) for a in args):
            raise QueryRegistryError(f"{label}: args must be variable names")
        own = _STRINGS_AND_COMMENTS.sub(  # its comments are for its readers, not the queries'
            lambda m: "" if m[0].startswith("//") else m[0], "\n".join(lines[3:]))
        uses = _markers(own)
        for used in uses:
            resolve(used, (*using, name))
        body = "\n".join(line for line in splice(label, own, fragments).splitlines()
                         if line.strip()).strip()
        _checked_params(label, declared, body)
        bound = {next(g for g in m.groups() if g) for m in _BINDING.finditer(_code_only(body))}
        fragments[name] = Fragment(args=args, body=body, bound=frozenset(bound - set(args)),
                                   uses=uses)

    for name in texts:
        resolve(name, ())
    return fragments


def load_queries(
    root: Path, declared: dict[str, Query] | None = None, fragments_dir: Path | None = None,
) -> dict[str, Query]:
    """Bind every declared query to its file, fragments spliced; fail on any disagreement.

    The fragments are `root`'s own (`_fragments/`), each of which some query must use; or
    another folder's (`fragments_dir`), of which these queries may use any (the seed's queries
    splice the service's rules, e.g. how a place is keyed)."""
    declared = DECLARED if declared is None else declared
    fragments = load_fragments(fragments_dir or root / FRAGMENTS_DIR)
    files = {
        path.relative_to(root).with_suffix("").as_posix(): path
        for path in sorted(root.rglob("*.cypher"))
        if path.relative_to(root).parts[0] != FRAGMENTS_DIR
    }
    missing = sorted(declared.keys() - files.keys())
    if missing:
        raise QueryRegistryError(f"declared queries with no file in {root}: {missing}")
    unreferenced = sorted(files.keys() - declared.keys())
    if unreferenced:
        raise QueryRegistryError(f"query files no code declares: {unreferenced}")
    used = {name for fragment in fragments.values() for name in fragment.uses}
    for name, path in files.items():
        text = path.read_text(encoding="utf-8")
        used |= _markers(text)
        declared[name].bind(*parse_query_file(name, text, fragments))
    unused = sorted(fragments.keys() - used)
    if unused and fragments_dir is None:
        raise QueryRegistryError(f"fragments no query uses: {unused}")
    return dict(declared)
