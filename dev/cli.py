"""The development commands of `mappa`: the local Neo4j server, the demo and synthetic data, the
quick start and the benchmark. They come with a development install (an entry point in the
`mappa.commands` group that `app.cli` reads); a production install has none of them, nor the
packages they need (dev/, seed/, bench/)."""

import time
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from app.access.tokens import issue_dev_token
from app.audit.sinks import set_aside
from app.cli import (
    check_api_port,
    echo,
    err,
    fail,
    out,
    run_async,
    serve,
    sweep_with_progress,
    with_graph,
)
from app.core.enums import Role
from app.core.errors import Conflict
from app.platform.neo4j import migrations
from app.platform.neo4j.driver import Graph
from app.settings import get_settings
from dev import local_neo4j
from dev.documents import documents

if TYPE_CHECKING:
    from seed.load import LoadReport

neo4j_cli = typer.Typer(no_args_is_help=True, help="The local Neo4j server (no Docker needed).")

SEED_RETRY_S = 300.0  # how long a seed write retries a deadlock
DEMO_LOADED = "demo scenario already loaded (`mappa seed --demo --reset` reloads it)"


def register(cli: typer.Typer) -> None:
    """Add the development commands to `mappa`."""
    cli.add_typer(neo4j_cli, name="neo4j")
    cli.command()(seed)
    cli.command()(up)
    cli.command("bench")(bench_command)
    cli.command()(documents)


@neo4j_cli.command("start")
def neo4j_start() -> None:
    """Assemble (first time only) and start the local Neo4j; returns once Bolt answers."""
    try:
        local_neo4j.start(get_settings(), echo=echo)
    except local_neo4j.LocalNeo4jError as error:
        raise fail(str(error)) from None


@neo4j_cli.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j that `mappa neo4j start` started."""
    local_neo4j.stop(get_settings(), echo=echo)


@neo4j_cli.command("status")
def neo4j_status() -> None:
    """Whether the local Neo4j runs, its pid, port and folder."""
    s = local_neo4j.status(get_settings())
    state = f"running (pid {s.pid})" if s.running else "stopped"
    out.print(f"Neo4j {s.version} {state} at {s.uri}; home {s.home}", highlight=False)
    if not s.running:
        raise typer.Exit(code=3)


def seed(
    demo: Annotated[bool, typer.Option("--demo", help="Load the named demo scenario.")] = False,
    offenders: Annotated[
        int | None,
        typer.Option(min=1, max=1_000_000, help="Load a synthetic national population of N."),
    ] = None,
    seed_value: Annotated[
        int, typer.Option("--seed", help="Random seed: the same seed gives the same graph.")
    ] = 1,
    reset: Annotated[
        bool, typer.Option("--reset", help="Empty the graph first (migrations kept); a "
                           "population on the local server replaces its database by import.")
    ] = False,
    as_of: Annotated[
        str | None, typer.Option(help="Date the data is generated relative to (default today).")
    ] = None,
) -> None:
    """Load demo or synthetic data. A population goes into the local server's empty graph (or
    with --reset) by neo4j-admin's bulk import, the server restarted around it; into any other
    graph, and the demo always, by batched UNWIND writes."""
    if demo == (offenders is not None):
        raise typer.BadParameter("give exactly one of --demo or --offenders N")
    from seed.load import (  # noqa: PLC0415 - heavy
        demo_is_loaded,
        import_chosen,
        load_demo,
        load_population,
        reset_graph,
        why_unwind,
    )

    try:
        reference = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        raise typer.BadParameter(
            f"{as_of!r} is not a date (YYYY-MM-DD)", param_hint="--as-of"
        ) from None
    settings = get_settings()

    def set_aside_checkpoints() -> None:
        if (kept := set_aside(settings.checkpoint_dir)) is not None:
            out.print(f"the audit log went with it; its checkpoints are kept in {kept}")

    async def choose(graph: Graph) -> str | None:
        await migrations.migrate(graph, settings.schema_dir)
        return await import_chosen(graph, settings, replace=reset) if offenders else None

    if offenders is not None and (why := run_async(with_graph(settings, choose))) is not None:
        out.print(f"seeding path: {why}", highlight=False)
        if reset:  # the database, and the audit log in it, are replaced
            set_aside_checkpoints()
        import_and_sweep(offenders, seed_value, reference)
        return

    async def work(graph: Graph) -> None:
        if offenders is not None:
            out.print(f"seeding path: {why_unwind(settings)}", highlight=False)
        if reset:
            started = time.perf_counter()
            await reset_graph(graph)
            out.print(f"graph emptied in {time.perf_counter() - started:.1f} s")
            set_aside_checkpoints()
        elif demo and await demo_is_loaded(graph):
            out.print(DEMO_LOADED)
            return
        try:
            if demo:
                report = await load_demo(graph, reference)
            else:
                assert offenders is not None
                with Progress(
                    TextColumn("seeding offenders"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err,
                ) as bar:
                    task = bar.add_task("seed", total=offenders)
                    report = await load_population(
                        graph, offenders, seed_value, reference,
                        progress=lambda done, _total: bar.update(task, completed=done),
                    )
        except Conflict:
            raise Conflict("the graph already holds records this load would create (an "
                           "earlier load, or one cut short): `--reset` empties the graph "
                           "(migrations kept) and loads again") from None
        print_report(report)
        await sweep_with_progress(graph, settings)

    # A batch job, not a request: its concurrent writers meet on the agencies' dense nodes, and a
    # deadlock retried for a request's 15 s can outlast that on a busy machine.
    run_async(with_graph(settings.model_copy(update={"neo4j_max_retry_time_s": max(
        settings.neo4j_max_retry_time_s, SEED_RETRY_S)}), work))


def import_and_sweep(offenders: int, seed_value: int, reference: date) -> None:
    """`mappa seed --offenders N` by bulk import (seed.load.import_population), then the sweep
    that follows any load."""
    from seed.load import import_population  # noqa: PLC0415 - heavy

    settings = get_settings()
    try:
        with Progress(TextColumn("seeding offenders"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=err) as bar:
            task = bar.add_task("seed", total=offenders)
            report = run_async(import_population(
                settings, offenders, seed_value, reference, echo=echo,
                progress=lambda done, _total: bar.update(task, completed=done)))
    except local_neo4j.LocalNeo4jError as error:
        raise fail(str(error)) from None
    print_report(report)

    async def after(graph: Graph) -> None:
        await sweep_with_progress(graph, settings)

    run_async(with_graph(settings, after))


def print_report(report: "LoadReport") -> None:
    out.print(
        f"loaded {report.nodes:,} nodes and {report.relationships:,} relationships "
        f"in {report.seconds:.1f} s ({report.nodes_per_second:,.0f} nodes/s, "
        f"{report.relationships_per_second:,.0f} relationships/s)",
        highlight=False,
    )
    if report.phases:
        out.print("  " + ", ".join(f"{phase} {seconds:.1f} s"
                                   for phase, seconds in report.phases.items()),
                  highlight=False)


def up() -> None:
    """The quick start: local Neo4j, migrations, the demo scenario, then serve the API."""
    from seed.demo import PERSONAS  # noqa: PLC0415
    from seed.load import demo_is_loaded, load_demo  # noqa: PLC0415

    settings = get_settings()
    check_api_port(settings.api_host, settings.api_port)
    neo4j_start()

    persona = next(p for p in PERSONAS if p.role == Role.PUBLIC_PROTECTION_OFFICER)

    async def work(graph: Graph) -> None:
        for m in await migrations.migrate(graph, settings.schema_dir):
            out.print(f"applied {m.path.name}", highlight=False)
        if await demo_is_loaded(graph):
            out.print(DEMO_LOADED)
            return
        report = await load_demo(graph, date.today())
        out.print(
            f"demo scenario loaded: {report.nodes} nodes, {report.relationships} relationships"
        )
        await sweep_with_progress(graph, settings)

    run_async(with_graph(settings, work))
    dev_token = issue_dev_token(
        settings, persona.officer_id, persona.agency_id, [Role(persona.role)]
    )
    base = f"http://{settings.api_host}:{settings.api_port}"
    out.print(
        f"\n[bold]MAPPA Link[/] on {base}\n"
        f"  GraphiQL   {base}/graphql\n"
        f"  readiness  {base}/readyz\n\n"
        f"Development token for {persona.name} ({persona.description}):\n\n{dev_token}\n\n"
        "Send it as 'Authorization: Bearer <token>' with 'X-Purpose-Of-Use: RISK_MANAGEMENT'.\n"
        "Other personas: mappa token --user ID --agency ID --role ROLE  "
        "(ids listed in README.md).\n",
        highlight=False, soft_wrap=True,
    )
    serve(None, None)


def bench_command(
    offenders: Annotated[int, typer.Option(min=1_000, max=1_000_000,
                                           help="Offenders in the seeded graph.")] = 100_000,
    quick: Annotated[bool, typer.Option("--quick", help="5,000 offenders and few requests: "
                                        "a smoke test, not figures to quote.")] = False,
    peer: Annotated[bool, typer.Option(help="Also measure the @neo4j/graphql peer (Node).")
                    ] = True,
    reseed: Annotated[bool, typer.Option("--reseed", help="Seed again even if the bench "
                                         "graph holds this population (times W9).")] = False,
    set_reference: Annotated[bool, typer.Option(
        "--set-reference", help="Make this full run's yardsticks the reference that later runs "
        "are judged against (bench/results/reference-yardsticks.json).")] = False,
) -> None:
    """Benchmark every workload on its own seeded Neo4j (.mappa/bench): the service beside the
    same Cypher run directly and beside @neo4j/graphql; report in bench/results/."""
    try:
        from bench import run  # noqa: PLC0415 - bench/ is in a checkout, not in the package
        from bench.latency import AnswersDiffer  # noqa: PLC0415
    except ImportError as error:
        raise fail(f"mappa bench runs from a checkout of the project: {error}") from None
    if set_reference and quick:
        raise fail("--set-reference takes a full run's yardsticks, not a quick run's.")
    try:
        echo(f"report: {run.main(offenders, quick, peer, reseed, set_reference)}")
    except AnswersDiffer as error:
        raise fail(f"mappa bench: {error}") from None
