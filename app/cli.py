"""The `mappa` command: migrations, reference data, tokens, the API server and its worker, the
audit chain and the schema contract; a development install adds its own commands (dev/cli.py)."""

import asyncio
import getpass
import logging.config
import re
import sys
import time
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
import uvicorn
from pydantic import ValidationError
from pydantic_settings import SettingsError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from app.access.tokens import issue_dev_token
from app.alerts.queue import count_offenders
from app.alerts.worker import SweepResult, sweep
from app.api.http.metrics import metrics_listener
from app.audit.checkpoint import generate_key
from app.audit.models import AuditEntry, ChainStatus
from app.audit.signing import verifier_key
from app.audit.sinks import read_folder, read_log
from app.audit.verify import verify_log
from app.core.enums import AgencyKind, AuditAction, Purpose, Role
from app.core.errors import DomainError, Forbidden, Unavailable
from app.observability.logs import log_config
from app.observability.tracing import configure_tracing
from app.platform.entry_points import installed
from app.platform.neo4j import migrations
from app.platform.neo4j.driver import Graph, open_graph
from app.platform.neo4j.errors import CredentialsRefused
from app.platform.ports import port_is_free
from app.platform.uow import UnitOfWork
from app.queries import load_all_queries
from app.reference import service as reference
from app.reference.models import AgencyRecord, CaseOfficerRecord
from app.runtime import running
from app.settings import Settings, UnsafeSettings, get_settings
from app.webhooks.delivery import SecretCipher, seal_clear_secrets

T = TypeVar("T")

cli = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)
audit_cli = typer.Typer(no_args_is_help=True, help="The audit trail (DPA 2018 s.62).")
cli.add_typer(audit_cli, name="audit")
agency_cli = typer.Typer(no_args_is_help=True, help="Agencies (reference data for operators).")
cli.add_typer(agency_cli, name="agency")
officer_cli = typer.Typer(no_args_is_help=True, help="Case officers (reference data).")
cli.add_typer(officer_cli, name="officer")
alerts_cli = typer.Typer(no_args_is_help=True, help="Alerts (PRODUCT.md section 5).")
cli.add_typer(alerts_cli, name="alerts")

out = Console()
err = Console(stderr=True)

# What a refused MAPPA_* value must be, by the kind of refusal (pydantic's error types).
SETTING_MUST_BE = {
    "int_parsing": "a whole number", "int_from_float": "a whole number",
    "float_parsing": "a number", "bool_parsing": "true or false",
}


def fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return typer.Exit(code=1)


def echo(message: str) -> None:
    out.print(message, markup=False, highlight=False)


def run_async(main: Coroutine[Any, Any, T]) -> T:
    """Run a command's coroutine, turning expected failures into a clear message and exit 1
    (in the project's words: an Unavailable's detail, the driver's, is for logs)."""
    try:
        return asyncio.run(main)
    except DomainError as error:
        raise fail(error.message) from None
    except UnsafeSettings as error:
        raise fail(str(error)) from None


async def with_graph(settings: Settings, work: Callable[[Graph], Awaitable[T]]) -> T:
    """Open the driver, check Neo4j answers (fast failure when it is down), run `work`."""
    load_all_queries(settings.queries_dir)
    local = settings.neo4j_uri is None
    async with open_graph(settings) as graph:
        try:
            await graph.verify()
        except CredentialsRefused:
            raise Unavailable(
                f"Neo4j at {settings.bolt_uri} refused user {settings.neo4j_user!r} with the "
                f"password given: check MAPPA_NEO4J_USER and MAPPA_NEO4J_PASSWORD"
                + (" (the local server keeps the password its data folder was first started "
                   "with)" if local else "")
            ) from None
        except Unavailable:
            raise Unavailable(
                f"Neo4j is not answering at {settings.bolt_uri}: "
                + ("start the local server with `mappa neo4j start`" if local
                   else "check MAPPA_NEO4J_URI and that the server is running")
            ) from None
        return await work(graph)


def check_api_port(host: str, port: int) -> None:
    """Fail before anything starts when the API's port is taken (uvicorn would say it in its
    own words, after starting the app)."""
    if not port_is_free(host, port):
        raise fail(f"port {port} on {host} is already in use by another program, so the API "
                   f"cannot listen on it: stop that program, or serve on another port with "
                   f"--port or MAPPA_API_PORT")


def settings_problems(error: ValidationError | SettingsError) -> str:
    """Refused MAPPA_* values in the project's words: which variable, and what it must be."""
    if isinstance(error, SettingsError):  # a list or mapping setting that is not JSON
        field = re.search(r'field "(\w+)"', str(error))
        name = f"MAPPA_{field[1].upper()}" if field else "a MAPPA_* setting"
        return f"{name} must be written as JSON, e.g. [\"RS256\", \"ES256\"]"
    problems = []
    for problem in error.errors():
        name = "MAPPA_" + str(problem["loc"][0]).upper() if problem["loc"] else "MAPPA_*"
        context = problem.get("ctx", {})
        if problem["type"] == "value_error":
            problems.append(str(context["error"]))  # our validators' own words, name included
        elif problem["type"] == "enum":
            problems.append(f"{name} must be one of {context['expected']}")
        else:
            must_be = SETTING_MUST_BE.get(problem["type"], "a value of another kind")
            problems.append(f"{name} must be {must_be}")
    return "; ".join(problems)


@audit_cli.command("verify")
def audit_verify(
    checkpoint: Annotated[list[Path] | None, typer.Option(
        "--checkpoint", help="A checkpoint kept outside Neo4j (a file as /audit/checkpoint "
        "served it, or a folder sink's checkpoints.jsonl); may be given again.")] = None,
) -> None:
    """Recompute the audit log's Merkle tree; check it against every signed checkpoint in Neo4j,
    in the checkpoint folder and given; name the first altered or missing event (exit 1)."""
    settings = get_settings()
    held = [("the checkpoint folder", note) for note in read_folder(settings.checkpoint_dir)]
    for file in checkpoint or []:
        try:
            text = file.read_text()
        except OSError as error:
            raise fail(f"cannot read {file}: {error.strerror}") from None
        held += ([(str(file), note) for note in read_log(text)] if file.suffix == ".jsonl"
                 else [(str(file), text)])

    async def verify(graph: Graph) -> ChainStatus:
        return await verify_log(graph, verifier_key(settings), held)

    status = run_async(with_graph(settings, verify))
    if status.ok:
        waiting = f" ({status.pending:,} waiting to enter it)" if status.pending else ""
        out.print(f"audit log intact: {status.length:,} events{waiting}, checked against "
                  f"{len(held):,} checkpoints held outside Neo4j", highlight=False)
        return
    where = f" at event {status.first_broken_id}" if status.first_broken_id else ""
    raise fail(f"audit log broken{where}: {status.detail} ({status.length:,} events verified)")


@audit_cli.command("key")
def audit_key() -> None:
    """Print the verifier key of this deployment's checkpoints (C2SP signed-note), to give to
    auditors and witnesses."""
    out.print(verifier_key(get_settings()), highlight=False, soft_wrap=True)


@audit_cli.command("keygen")
def audit_keygen(
    name: Annotated[str, typer.Option(help="The log's name: its checkpoints' origin line.")],
) -> None:
    """Make a checkpoint signing key: the private key (for MAPPA_AUDIT_SIGNING_KEY, kept out of
    Neo4j) on the first line, its verifier key on the second."""
    signer_key, verifier = generate_key(name)
    out.print(f"{signer_key}\n{verifier}", highlight=False, soft_wrap=True)


def operator_entry(operation: str, subject_id: str, created: bool) -> AuditEntry:
    """An operator's bootstrap write, audited like any other: who ran it and what it made."""
    return AuditEntry.now(
        user_id=f"operator:{getpass.getuser()}", agency_id=None, roles=(),
        purpose=Purpose.ADMINISTRATION.value, action=AuditAction.COLLECTION, operation=operation,
        subject_ids=(subject_id,), outcome="OK" if created else "UNCHANGED",
    )


Reference = TypeVar("Reference", AgencyRecord, CaseOfficerRecord)


def bootstrap(
    operation: str,
    ensure: Callable[[UnitOfWork, dict[str, Any]], Awaitable[tuple[Reference, bool]]],
    wanted: dict[str, Any],
) -> tuple[Reference, bool]:
    """Migrate, then create the record unless it exists as given, audited as the operator's."""
    settings = get_settings()

    async def work(graph: Graph) -> tuple[Reference, bool]:
        await migrations.migrate(graph, settings.schema_dir)
        async with running(graph, settings) as runtime:
            return await ensure(runtime.unit_of_work(
                lambda made: operator_entry(operation, made[0].id, made[1])), wanted)

    return run_async(with_graph(settings, work))


@agency_cli.command("create")
def agency_create(
    id_: Annotated[str, typer.Option("--id", help="Agency id, e.g. AG-GMP-POLICE.")],
    name: Annotated[str, typer.Option(help="Agency name.")],
    kind: Annotated[AgencyKind, typer.Option(help="Agency kind.")],
    area: Annotated[str, typer.Option(help="Criminal justice area code (NATIONAL for a "
                                           "national provider).")],
) -> None:
    """Create an agency, so that its first ADMIN can sign in (idempotent)."""
    agency, created = bootstrap("cli agency create", reference.ensure_agency,
                                {"id": id_, "name": name, "kind": kind, "area": area})
    state = "created" if created else "already exists, unchanged"
    echo(f"agency {agency.id} ({agency.name}, {agency.kind}, {agency.area}) {state}")


@officer_cli.command("create")
def officer_create(
    id_: Annotated[str, typer.Option("--id", help="Officer id (the `sub` of their tokens).")],
    name: Annotated[str, typer.Option(help="Officer name.")],
    agency: Annotated[str, typer.Option(help="The agency id they work for.")],
    role: Annotated[Role, typer.Option(help="Their role.")],
) -> None:
    """Create a case officer of an existing agency (idempotent)."""
    officer, created = bootstrap("cli officer create", reference.ensure_case_officer,
                                 {"id": id_, "name": name, "agency_id": agency, "role": role})
    state = "created" if created else "already exists, unchanged"
    echo(f"case officer {officer.id} ({officer.name}, {officer.role}) of {agency} {state}")


@cli.command()
def migrate() -> None:
    """Apply pending graph_schema/ migrations in order (a no-op when none is pending), then seal
    any webhook signing secret still stored in clear (Cypher cannot encrypt)."""
    settings = get_settings()

    async def work(graph: Graph) -> tuple[list[migrations.Migration], int]:
        applied = await migrations.migrate(graph, settings.schema_dir)
        return applied, await seal_clear_secrets(graph, SecretCipher(settings))

    applied, sealed = run_async(with_graph(settings, work))
    if not applied:
        out.print("Schema is up to date: nothing to apply.")
    for m in applied:
        out.print(f"applied {m.path.name}", highlight=False)
    if sealed:
        out.print(f"sealed {sealed} webhook signing secrets stored in clear", highlight=False)


async def sweep_with_progress(graph: Graph, settings: Settings) -> SweepResult:
    """Run every alert rule over the whole graph, showing progress; print what it changed."""
    total = await graph.read(count_offenders)
    started = time.perf_counter()
    with Progress(
        TextColumn("evaluating alert rules"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err,
    ) as bar:
        task = bar.add_task("sweep", total=total)
        result = await sweep(graph, settings,
                             progress=lambda done: bar.update(task, completed=done.offenders))
    out.print(
        f"alert sweep: {result.offenders:,} offenders in {time.perf_counter() - started:.1f} s, "
        f"{result.raised:,} alerts raised, {result.resolved:,} resolved", highlight=False,
    )
    return result


@alerts_cli.command("sweep")
def alerts_sweep() -> None:
    """Run every alert rule over the whole graph, in batches (raises and resolves alerts)."""
    settings = get_settings()

    async def work(graph: Graph) -> None:
        await migrations.migrate(graph, settings.schema_dir)
        await sweep_with_progress(graph, settings)

    run_async(with_graph(settings, work))


@cli.command()
def worker() -> None:
    """Run the alert worker alone (scale-out): evaluate the queue and deliver webhooks; logs in
    JSON lines, and /metrics on MAPPA_METRICS_PORT when it is set."""
    settings = get_settings()
    logging.config.dictConfig(log_config())
    configure_tracing()

    async def work(graph: Graph) -> None:
        await migrations.migrate(graph, settings.schema_dir)
        async with (running(graph, settings, evaluates=True) as runtime,
                    metrics_listener(graph, settings)):
            assert runtime.worker is not None, "a runtime that evaluates has a worker"
            out.print(f"alert worker {runtime.worker.name}: evaluating the queue, delivering "
                      "webhooks")
            await runtime.wait()

    run_async(with_graph(settings, work))


@cli.command()
def token(
    user: Annotated[str, typer.Option(help="The case officer or system id (sub).")],
    agency: Annotated[str, typer.Option(help="The agency id.")],
    role: Annotated[list[Role], typer.Option(help="A role; repeat for several.")],
    ttl: Annotated[int | None, typer.Option(min=60, max=7 * 24 * 3600, help="Seconds.")] = None,
) -> None:
    """Print a signed development token."""
    try:
        print(issue_dev_token(get_settings(), user, agency, role, ttl))
    except Forbidden as refused:  # production
        raise fail(refused.message) from None


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Default MAPPA_API_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="Default MAPPA_API_PORT.")] = None,
) -> None:
    """Serve the API (GraphQL at /graphql, /healthz, /readyz)."""
    settings = get_settings()
    if problems := settings.production_problems():
        raise fail("production refuses to start: " + "; ".join(problems))
    host, port = host or settings.api_host, port or settings.api_port
    check_api_port(host, port)
    uvicorn.run(
        "app.main:create_app", factory=True, host=host, port=port,
        log_config=log_config(settings.access_log), access_log=settings.access_log,
    )


schema_cli = typer.Typer(help="Print the GraphQL schema the API serves (`make schema` writes it "
                                "to schema.graphql); `check` compares it with the last release.")
cli.add_typer(schema_cli, name="schema")


@schema_cli.callback(invoke_without_command=True)
def schema(context: typer.Context) -> None:
    """Print the schema the API serves (`make schema` writes it to schema.graphql)."""
    from app.api.contract import served_schema  # noqa: PLC0415 - the whole API

    if context.invoked_subcommand is None:
        sys.stdout.write(served_schema(get_settings()))


@schema_cli.command("check")
def schema_check(
    released: Annotated[Path | None, typer.Option(help="The last release's schema.")] = None,
    changelog: Annotated[Path | None, typer.Option(help="The changelog.")] = None,
) -> None:
    """Check schema.graphql against the API and the last release (exit 1 on a problem).

    It must be the schema served, and CHANGELOG.md's newest entry must list every breaking change
    since schema.released.graphql; dangerous changes are reported."""
    from app.api import contract  # noqa: PLC0415 - the whole API

    released_file = released or contract.RELEASED_FILE
    changelog_file = changelog or contract.CHANGELOG_FILE
    try:
        current, before, log = (path.read_text() for path in (
            contract.SCHEMA_FILE, released_file, changelog_file))
    except OSError as error:
        raise fail(f"cannot read {error.filename}: {error.strerror}") from None
    if current != contract.served_schema(get_settings()):
        raise fail(f"{contract.SCHEMA_FILE.name} is not the schema the API serves: run "
                   "`make schema` and commit it")
    found = contract.changes(before, current, log)
    # Plain lines, unwrapped: the changes are to be copied into the changelog as they are.
    typer.echo(f"{contract.SCHEMA_FILE.name} is the schema served; since {released_file.name}: "
               f"{len(found.breaking)} breaking change(s), {len(found.dangerous)} dangerous.")
    for change in found.breaking:
        typer.echo(f"  breaking{'' if change in found.unrecorded else ' (recorded)'}: {change}")
    for change in found.dangerous:
        typer.echo(f"  dangerous (list it in {changelog_file.name} if partners should know): "
                   f"{change}")
    if found.unrecorded:
        typer.echo(f"Not in the newest entry of {changelog_file.name}:\n"
                   + "\n".join(f"- {change}" for change in found.unrecorded))
        raise fail(f"{len(found.unrecorded)} breaking change(s) unrecorded: list each in the "
                   f"newest entry of {changelog_file.name}, in the words above")


def main() -> None:
    """`mappa`: the operator commands above, and those the installed packages add (entry points
    `mappa.commands`: a development install's neo4j, seed, up and bench, from dev/)."""
    for register in installed("mappa.commands"):
        register(cli)
    try:
        cli()
    except (ValidationError, SettingsError) as error:  # raised by get_settings() in a command
        raise SystemExit(fail(settings_problems(error)).exit_code) from None


if __name__ == "__main__":
    main()
