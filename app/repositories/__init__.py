"""The only code that runs Cypher (with app/graph for migrations), one module per aggregate."""

from pathlib import Path

from app.alerts import rules as alert_rules
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

# The modules that declare queries: the alert rules declare their own in their rows.
DECLARING_MODULES = (
    alert_rules, alerts, audit, backlogs, case_writes, evaluation, migrations, network,
    offenders, principal, reference, rules, seed, webhooks,
)


def load_all_queries(queries_dir: Path) -> dict[str, Query]:
    """Bind every declared query to its file; fails fast on a missing or unreferenced file."""
    return load_queries(queries_dir)
