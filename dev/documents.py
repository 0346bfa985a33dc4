"""`mappa documents`: the documents the service's own clients send, collected from their sources
and registered by hash in app/api/trusted_documents.json (app/api/trusted.py), which production
runs alone. `mappa documents --check` (in `make lint`) fails when the sources and the committed
manifest disagree."""

import ast
import json
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Annotated, Any

import typer
from graphql import parse, print_ast

from app.api.trusted import MANIFEST, document_id
from app.cli import echo, fail
from app.settings import PROJECT_ROOT

WEB_DOCUMENTS = PROJECT_ROOT / "web" / "common" / "documents.js"
GRAPHIQL_EXAMPLES = PROJECT_ROOT / "web" / "graphiql" / "examples"
PARTNER_KIT = PROJECT_ROOT / "examples" / "partner"
# What the bench sends (W1 to W5, and W6/W7's write and subscription), by module and name.
BENCH = {"bench.latency": ("OFFENDER", "CASELOAD", "NETWORK", "PATH", "SEARCH"),
         "bench.alerts": ("RECORD_ADDRESS", "SUBSCRIBE")}
OPERATION_STARTS = ("query", "mutation", "subscription", "{")

# Every document web/common/documents.js exports, printed by Node.js as [where, text] pairs.
PRINT_WEB_DOCUMENTS = """
const d = await import(process.argv[1]);
const found = [['ME', d.ME]];
for (const [group, documents] of [['EXPLORER', d.EXPLORER], ['MEETINGS', d.MEETINGS]]) {
  for (const [name, text] of Object.entries(documents)) found.push([`${group}.${name}`, text]);
}
for (let size = 1; size <= d.MARKS_BATCH; size += 1) found.push([`marks(${size})`, d.marks(size)]);
console.log(JSON.stringify(found));
"""


def _relative(path: Path) -> str:
    return path.relative_to(PROJECT_ROOT).as_posix()


def web_documents() -> list[tuple[str, str]]:
    """The pages' documents (web/common/documents.js), as Node.js evaluates them."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js is needed to read web/common/documents.js: install it "
                           "(make setup needs it too)")
    run = subprocess.run(
        [node, "--input-type=module", "-e", PRINT_WEB_DOCUMENTS, WEB_DOCUMENTS.as_uri()],
        capture_output=True, text=True, check=True, timeout=60)
    where = _relative(WEB_DOCUMENTS)
    return [(f"{where} {name}", text) for name, text in json.loads(run.stdout)]


def graphiql_examples() -> list[tuple[str, str]]:
    """GraphiQL's example tabs, each file's whole text as the tab sends it."""
    return [(_relative(path), path.read_text())
            for path in sorted(GRAPHIQL_EXAMPLES.glob("*.graphql"))]


def partner_kit() -> list[tuple[str, str]]:
    """The partner kit's documents: its scripts' module-level string constants that are
    operations (read from the source: the kit's libraries need not be installed), as its client
    library sends them: `gql` parses a document and sends graphql-core's print of it, not the
    text it was given."""
    found = []
    for path in sorted(PARTNER_KIT.glob("*.py")):
        for node in ast.parse(path.read_text()).body:
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str)
                    and node.value.value.lstrip().startswith(OPERATION_STARTS)):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found.append((f"{_relative(path)} {target.id}",
                                      print_ast(parse(node.value.value))))
    return found


def bench_documents() -> list[tuple[str, str]]:
    """What the bench sends, as it builds it."""
    import importlib  # noqa: PLC0415 - the bench's modules only when collecting

    found = []
    for module_name, names in BENCH.items():
        module = importlib.import_module(module_name)
        where = module_name.replace(".", "/") + ".py"
        found += [(f"{where} {name}", getattr(module, name)) for name in names]
    return found


def collect() -> dict[str, dict[str, Any]]:
    """The manifest the sources make: each document by id, with where it comes from."""
    sources: dict[str, list[str]] = defaultdict(list)
    texts: dict[str, str] = {}
    for where, text in [*web_documents(), *graphiql_examples(), *partner_kit(),
                        *bench_documents()]:
        key = document_id(text)
        texts[key] = text
        sources[key].append(where)
    return {key: {"document": texts[key], "from": sorted(sources[key])}
            for key in sorted(texts)}


def manifest_text(manifest: dict[str, dict[str, Any]]) -> str:
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


def documents(
    check: Annotated[bool, typer.Option("--check", help="Fail if the committed manifest is not "
                                        "what the sources make (for CI).")] = False,
) -> None:
    """Register the documents the service's own clients send (the explorer, the meetings page,
    GraphiQL's examples, the partner kit, the bench) in app/api/trusted_documents.json."""
    wanted = manifest_text(collect())
    if check:
        if not MANIFEST.is_file() or MANIFEST.read_text() != wanted:
            raise fail(f"{_relative(MANIFEST)} is not what the clients' documents make: run "
                       "`mappa documents` and commit it")
        echo(f"{_relative(MANIFEST)} holds the clients' {len(json.loads(wanted))} documents")
        return
    MANIFEST.write_text(wanted)
    echo(f"wrote {_relative(MANIFEST)}")
