"""The only code that runs Cypher (with app/graph for migrations), one module per aggregate."""

from pathlib import Path

from app.graph import migrations
from app.graph.registry import Query, load_queries
from app.repositories import (
    alerts,
    audit,
    backlogs,
    case_writes,
    evaluation,
    network,
    offenders,
    principal,
    reference,
    rules,
    seed,
    webhooks,
)

DECLARING_MODULES = (
    alerts, audit, backlogs, case_writes, evaluation, migrations, network, offenders, principal,
    reference, rules, seed, webhooks,
)


def load_all_queries(queries_dir: Path) -> dict[str, Query]:
    """Bind every declared query to its file; fails fast on a missing or unreferenced file."""
    return load_queries(queries_dir)
