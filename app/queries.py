"""Every query the service runs, declared by name where it is used (each domain's repository,
the alert evaluation queue, the alert rules' table, the migrations) and bound to its file in
queries/ at start-up by `load_all_queries`, which fails fast on a missing or unreferenced file."""

from pathlib import Path

from app.access import repository as access
from app.alerts import queue, rules
from app.alerts import repository as alerts
from app.api.http import backlogs
from app.audit import repository as audit
from app.cases import repository as cases
from app.meetings import repository as meetings
from app.network import repository as network
from app.plans import repository as plans
from app.platform.neo4j import migrations
from app.platform.neo4j.registry import Query, load_queries
from app.reference import repository as reference
from app.webhooks import repository as webhooks

DECLARING_MODULES = (
    access, alerts, audit, backlogs, cases, meetings, migrations, network, plans, queue,
    reference, rules, webhooks,
)


def load_all_queries(queries_dir: Path) -> dict[str, Query]:
    """Bind every declared query to its file; fails fast on a missing or unreferenced file."""
    return load_queries(queries_dir)
