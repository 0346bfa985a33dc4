"""The service's Prometheus metrics, one process's each (every replica is scraped on its own).

No label carries personal data or anything a caller chose freely: each is one of a bounded set
(an operation as `operation_label` names it, an error code, an alert rule, a delivery outcome, a
transport)."""

from prometheus_client import Counter, Gauge, Histogram

# The codes an operation can end with (README, "Error codes"), and OK; anything else is OTHER.
OUTCOMES = frozenset({
    "OK", "UNAUTHENTICATED", "FORBIDDEN", "PURPOSE_REQUIRED", "NOT_FOUND", "VALIDATION",
    "CONFLICT", "QUERY_TOO_COMPLEX", "RATE_LIMITED", "UNAVAILABLE", "INTERNAL",
})


def outcome_label(code: str) -> str:
    return code if code in OUTCOMES else "OTHER"


OPERATION_SECONDS = Histogram(
    "mappa_graphql_operation_duration_seconds",
    "Time to answer a GraphQL query or mutation, from the request's arrival (its token checked "
    "and its audit event written included), by operation and outcome code",
    ["operation", "outcome"],
)
OPERATIONS_REFUSED = Counter(
    "mappa_operations_refused_total",
    "Operations refused before anything ran (token, purpose, rate, bounds, malformed or "
    "invalid documents, WebSocket connection_init), by code and transport",
    ["code", "transport"],
)
AUDIT_APPEND_SECONDS = Histogram(
    "mappa_audit_append_seconds",
    "Time an operation waits for its audit event to be durable in Neo4j (group commit)",
)
AUDIT_APPEND_FAILURES = Counter(
    "mappa_audit_append_failures_total",
    "Audit events that could not be written (their operations answered UNAVAILABLE)",
)
AUDIT_MERGE_DELAY_SECONDS = Histogram(
    "mappa_audit_merge_delay_seconds",
    "From an audit event's time to its integration into the Merkle tree by this process's "
    "sequencer (the log's merge delay)",
    buckets=(0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 2.0, 5.0, 10.0, 30.0),
)
AUDIT_TREE_SIZE = Gauge(
    "mappa_audit_tree_size",
    "Events in the audit log's Merkle tree after this process's latest integration",
)
AUDIT_CHECKPOINTS_PUBLISHED = Counter(
    "mappa_audit_checkpoints_published_total",
    "Signed audit checkpoints written outside Neo4j, by sink (folder, witness)",
    ["sink"],
)
AUDIT_SEQUENCER_FAILURES = Counter(
    "mappa_audit_sequencer_failures_total",
    "Integrations that failed (retried at the next turn): Neo4j away, the signer refusing",
)
EVALUATION_QUEUE_DEPTH = Gauge(
    "mappa_evaluation_queue_depth",
    "Offenders waiting for their alert rules to run again (the durable queue in Neo4j, all "
    "processes' writes; NaN while Neo4j cannot be read)",
)
EVALUATION_QUEUE_OLDEST_SECONDS = Gauge(
    "mappa_evaluation_queue_oldest_age_seconds",
    "How long the oldest waiting evaluation request has waited (0 when none waits)",
)
ALERTS_RAISED = Counter(
    "mappa_alerts_raised_total", "Alerts raised by this process's evaluations, by rule",
    ["rule"],
)
WEBHOOK_DELIVERIES = Counter(
    "mappa_webhook_deliveries_total",
    "Webhook delivery attempts by this process, by outcome: DELIVERED (2xx), RETRY (failed, "
    "another attempt scheduled), FAILED (the last attempt failed, or 410), DROPPED (not sent: "
    "the webhook is disabled or its owner may no longer see the case)",
    ["outcome"],
)
WEBHOOK_BACKLOG = Gauge(
    "mappa_webhook_delivery_backlog",
    "Webhook deliveries waiting to be sent or retried (all processes'; NaN while Neo4j cannot "
    "be read)",
)
WEBSOCKET_CONNECTIONS = Gauge(
    "mappa_websocket_connections_open", "graphql-transport-ws connections open",
)
WEBSOCKET_OPERATIONS = Gauge(
    "mappa_websocket_operations_open",
    "Operations running on WebSocket connections, alertRaised subscriptions above all",
)
QUERY_REPLANS = Counter(
    "mappa_query_replans_total",
    "Queries this process had Neo4j plan again in the background (MAPPA_REPLAN_QUERIES_S)",
)
NEO4J_SESSIONS = Gauge(
    "mappa_neo4j_sessions_in_use",
    "Neo4j sessions open, each holding at most one of the driver's pooled connections",
)
NEO4J_POOL_SIZE = Gauge(
    "mappa_neo4j_pool_max_size", "The driver's connection pool size (MAPPA_NEO4J_POOL_SIZE)",
)
