"""Typed settings, read from MAPPA_* environment variables (and a .env file)."""

import base64
import binascii
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_NEO4J_PASSWORD = "mappa-dev-password"  # noqa: S105 - the local development server's only
DEV_JWT_ISSUER = "mappa-link-dev"  # the issuer of `mappa token`'s development tokens
# The Neo4j release the project runs and is tested on: the local server's jars, compose's image
# and the tests' container (tests/unit/test_container_files.py holds compose to it).
NEO4J_VERSION = "5.26.30"
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class UnsafeSettings(Exception):
    """Production was asked to start with development keys or secrets."""


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """Everything configurable; defaults suit a developer's machine."""

    # A refused value is not echoed in the error: it may be a key or a password.
    model_config = SettingsConfigDict(env_prefix="MAPPA_", env_file=".env", extra="ignore",
                                      hide_input_in_errors=True)

    environment: Environment = Environment.DEVELOPMENT

    # The Neo4j the service talks to. Unset URI: the local server managed by `mappa neo4j`.
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr(DEV_NEO4J_PASSWORD)
    neo4j_database: str = "neo4j"
    neo4j_connect_timeout_s: float = 5.0
    # How long a unit of work retries a deadlock or lock timeout, and how long it keeps trying
    # when Neo4j cannot be reached (short: requests fail fast with UNAVAILABLE while it is away).
    neo4j_max_retry_time_s: float = 15.0
    neo4j_unreachable_retry_s: float = 0.5
    neo4j_pool_size: int = 100

    # The local Neo4j Community server assembled from Maven Central artifacts.
    local_neo4j_version: str = NEO4J_VERSION
    local_neo4j_port: int = 7687
    local_neo4j_heap: str = "2g"
    local_neo4j_pagecache: str = "1g"
    local_neo4j_start_timeout_s: float = 120.0
    # Where the jars of each version are kept (neo4j-<version>/lib); unset means state_dir. Point
    # it at a shared folder so that another state_dir (tests, a second server) downloads nothing.
    local_neo4j_cache_dir: Path | None = None
    state_dir: Path = PROJECT_ROOT / ".mappa"

    queries_dir: Path = PROJECT_ROOT / "queries"
    schema_dir: Path = PROJECT_ROOT / "graph_schema"

    # Bearer tokens. Development signs and verifies with a local key pair kept in state_dir.
    jwt_issuer: str = DEV_JWT_ISSUER
    jwt_audience: str = "mappa-link"
    jwt_default_ttl_s: int = 8 * 3600
    # Production verifies tokens against the agency identity provider's OIDC JWKS.
    oidc_jwks_url: str | None = None
    jwt_algorithms: tuple[str, ...] = ("RS256", "ES256")
    jwks_cache_s: float = 300.0
    # An unknown `kid` refetches the JWKS at most this often (a flood of made-up kids cannot
    # hammer the identity provider).
    jwks_refetch_cooldown_s: float = 30.0
    # An officer found in the graph as an officer of the token's agency is remembered for this
    # long (0: looked up on every request), so a removal takes effect within it.
    officer_cache_s: float = 5.0
    # A token that verified is not checked for signature again for this long (0: every request);
    # it is refused from its exp on all the same.
    verified_token_cache_s: float = 60.0
    # Have Neo4j plan the main reads when the API starts, in the background, rather than on the
    # first request to use each (seconds, for the largest, after Neo4j starts).
    plan_queries_at_start: bool = True
    # Every this many seconds the evaluating API process has Neo4j plan every query again, in the
    # background (CYPHER replan=force), so that plans follow the graph's statistics without a
    # request waiting for its query to be planned again (up to 2 s for the largest, when a count
    # the plan used changed: a first alert, a new emergency grant). Only where Neo4j itself does
    # not replan meanwhile (dbms.cypher.min_replan_interval above this; the local server's is
    # set so). 0: never.
    replan_queries_s: float = 900.0

    # Bounds on one GraphQL operation (QUERY_TOO_COMPLEX beyond them).
    graphql_max_depth: int = 10
    graphql_max_aliases: int = 15
    graphql_max_tokens: int = 2_000
    # The estimated cost of one operation (app/api/cost.py): the explorer's heaviest,
    # a network of 1,000 people, costs about 16,000.
    graphql_max_cost: int = 50_000
    # Request bodies larger than this are refused (413, VALIDATION) before they are read whole.
    graphql_max_body_bytes: int = 1_000_000
    # Operations in flight on one WebSocket connection (RATE_LIMITED beyond).
    graphql_max_subscriptions_per_connection: int = 10
    # Operations per principal (agency and user): a token bucket of `rate_limit_burst` refilled
    # at `rate_limit_per_s` (RATE_LIMITED with Retry-After beyond). Unset: 20 per second with a
    # burst of 100 in production, unlimited elsewhere (the bench and the tests run flat out);
    # 0 turns it off.
    rate_limit_per_s: float | None = None
    rate_limit_burst: int = 100
    # Parsed and validated documents kept, so that a repeated operation is neither parsed nor
    # validated again.
    graphql_document_cache: int = 1_000
    # Whether only the documents the service's own clients send run (trusted documents,
    # app/api/trusted.py: app/api/trusted_documents.json); any other is refused (FORBIDDEN)
    # before it is parsed. Unset: on in production, off elsewhere (GraphiQL's editor, the tests).
    trusted_documents_only: bool | None = None

    # Alert rules (PRODUCT.md section 5): distances in metres, windows in days.
    alert_victim_distance_m: float = 2_000.0
    alert_premises_distance_m: float = 400.0
    alert_missed_appointments: int = 2
    alert_missed_window_days: int = 30
    alert_notification_grace_days: int = 3
    alert_annual_notification_days: int = 365
    # Emergency access (break glass, PRODUCT.md section 4): the grants one officer may hold
    # unrevoked and unexpired at once, and take in any 24 hours; and how long after a grant the
    # lead agency has to review it before EMERGENCY_ACCESS_REVIEW_OVERDUE is raised.
    emergency_max_active_grants: int = 3
    emergency_max_grants_per_day: int = 10
    emergency_review_window_hours: int = 72
    # MAPPA meetings: an invited agency is involved in each case on the agenda (basis
    # MAPPA_MEETING) from the invitation until this many days after the meeting's date.
    meeting_involvement_days: int = 28
    # The alert worker: offenders evaluated per transaction, how long a claim on them lasts
    # before another worker may take them over, and how often an idle worker looks for work
    # written by another process (a write in this process wakes it at once).
    run_worker: bool = True
    worker_batch: int = 200
    worker_lease_s: float = 60.0
    worker_poll_s: float = 0.5
    sweep_batch: int = 500
    sweep_concurrency: int = 2  # batches evaluated at once (Neo4j's cores do the work)
    # Webhooks: each attempt's timeout, attempts before a delivery fails, the exponential
    # backoff (base doubling per attempt, capped, half of it jittered; also the cap on a
    # receiver's Retry-After), and the delivery loop's poll, lease and batch.
    webhook_timeout_s: float = 5.0
    webhook_max_attempts: int = 8
    webhook_backoff_base_s: float = 2.0
    webhook_backoff_cap_s: float = 3_600.0
    webhook_poll_s: float = 1.0
    webhook_lease_s: float = 60.0
    webhook_batch: int = 50
    # Whether webhook URLs may be plain http and reach loopback, link-local, private or
    # multicast addresses. Unset: yes outside production (local receivers), no in production.
    webhook_allow_private_hosts: bool | None = None
    # The key that encrypts webhook signing secrets in Neo4j (Fernet: 32 url-safe base64 bytes).
    # Unset: a development key made on first use in state_dir; production refuses to start.
    webhook_secret_key: SecretStr | None = None
    # After rotateWebhookSecret, how long deliveries are signed with the previous secret too (0:
    # the old one stops at once), so that a receiver can change its secret without a gap.
    webhook_secret_overlap_s: float = 24 * 3600.0
    # Enabled webhooks an agency may have at once (registerWebhook is refused beyond).
    webhooks_per_agency: int = 10

    # The audit log (a Merkle tree, app/audit/): the name its checkpoints carry (their origin
    # line, and the signing key's name); how long the sequencer waits between integrations (an
    # event is in the tree about this long after its commit), how many events one takes in, and
    # how long its lease lasts when its holder stops renewing it.
    audit_origin: str = "mappa-link.local/audit"
    audit_merge_delay_s: float = 0.25
    audit_batch: int = 2_000
    audit_lease_s: float = 10.0
    # The checkpoint signing key, which the database never holds: a signed-note private key
    # (`mappa audit keygen`), given itself or as a file. Unset: a development key made on first
    # use in state_dir; production refuses to start. `audit_signer` names instead a factory
    # (`package.module:function`, called with the settings) of a signer kept elsewhere, a KMS.
    audit_signing_key: SecretStr | None = None
    audit_signing_key_file: Path | None = None
    audit_signer: str | None = None
    # The verifier key `mappa audit verify` checks checkpoints with (unset: the signer's own).
    audit_verifier_key: str | None = None
    # Where each checkpoint is written outside Neo4j (unset: state_dir/audit-checkpoints), and a
    # witness each new checkpoint is sent to (C2SP tlog-witness add-checkpoint), if any.
    audit_checkpoint_dir: Path | None = None
    audit_witness_url: str | None = None

    api_host: str = "127.0.0.1"
    api_port: int = 8000

    @field_validator("neo4j_uri")
    @classmethod
    def _a_bolt_uri(cls, uri: str | None) -> str | None:
        """The service speaks Bolt only (the driver's HTTP support is a preview it does not
        use); refused at start rather than as a connection error. Empty is unset."""
        if uri and uri.partition("://")[0] not in BOLT_SCHEMES:
            raise ValueError("MAPPA_NEO4J_URI must be a Bolt URI such as bolt://host:7687 or "
                             "neo4j://host:7687 (bolt+s:// or neo4j+s:// for TLS)")
        return uri or None

    # /metrics for Prometheus. Unset: on the API's port outside production, off in production.
    # With `metrics_port`, served on a listener of its own (at `metrics_host`, default the
    # API's host) and never on the API's port, in any environment.
    metrics_enabled: bool | None = None
    metrics_port: int | None = None
    metrics_host: str | None = None
    # The backlogs /metrics reads from Neo4j are read again at most this often.
    metrics_backlog_cache_s: float = 5.0
    # Operation names that label metrics, logs and spans as they are: GraphiQL's introspection
    # and the link explorer's; any other operation is labelled by its first root field.
    metrics_operation_names: frozenset[str] = frozenset({
        "IntrospectionQuery", "Search", "Network", "Path", "Common", "Offender", "Marks"})
    # uvicorn's access log (method, path and query string, status, client address), off: each
    # operation has its own line (app/api/operation_log.py).
    access_log: bool = False

    @field_validator("webhook_secret_key")
    @classmethod
    def _a_fernet_key(cls, key: SecretStr | None) -> SecretStr | None:
        """Refused at start rather than at the first webhook: a key that is not 32 bytes in
        url-safe base64 (what `Fernet.generate_key()` prints). Empty is unset."""
        if key is None or not key.get_secret_value():
            return None
        try:
            raw = base64.urlsafe_b64decode(key.get_secret_value().encode())
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != 32:
            raise ValueError("MAPPA_WEBHOOK_SECRET_KEY must be 32 bytes in url-safe base64 "
                             "(a Fernet key)")
        return key

    @property
    def bolt_uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.local_neo4j_port}"

    @property
    def dev_key_dir(self) -> Path:
        return self.state_dir / "dev-keys"

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    @property
    def metrics_on_api_port(self) -> bool:
        if self.metrics_port is not None:
            return False
        return self.metrics_enabled if self.metrics_enabled is not None else not self.is_production

    @property
    def operations_per_s(self) -> float:
        """The rate limit in force: 0 when there is none."""
        if self.rate_limit_per_s is not None:
            return self.rate_limit_per_s
        return 20.0 if self.is_production else 0.0

    @property
    def registered_documents_only(self) -> bool:
        """Whether only registered documents run (`trusted_documents_only` as set or implied)."""
        if self.trusted_documents_only is not None:
            return self.trusted_documents_only
        return self.is_production

    @property
    def webhooks_may_reach_private_hosts(self) -> bool:
        if self.webhook_allow_private_hosts is not None:
            return self.webhook_allow_private_hosts
        return not self.is_production

    def production_problems(self) -> list[str]:
        """Why production may not start with these settings (empty outside production)."""
        if not self.is_production:
            return []
        problems = []
        if not self.oidc_jwks_url:
            problems.append("MAPPA_OIDC_JWKS_URL is unset: tokens must be verified against the "
                            "identity provider's JWKS")
        if self.jwt_issuer == DEV_JWT_ISSUER:
            problems.append(f"MAPPA_JWT_ISSUER is the development issuer '{DEV_JWT_ISSUER}'")
        if self.neo4j_password.get_secret_value() == DEV_NEO4J_PASSWORD:
            problems.append("MAPPA_NEO4J_PASSWORD is the development default")
        if self.webhook_secret_key is None:
            problems.append("MAPPA_WEBHOOK_SECRET_KEY is unset: webhook signing secrets must be "
                            "encrypted under a key of the deployment's own")
        if (self.audit_signing_key is None and self.audit_signing_key_file is None
                and self.audit_signer is None):
            problems.append("no audit checkpoint signer: set MAPPA_AUDIT_SIGNING_KEY(_FILE) or "
                            "MAPPA_AUDIT_SIGNER, a key the database does not hold")
        return problems

    @property
    def checkpoint_dir(self) -> Path:
        return self.audit_checkpoint_dir or self.state_dir / "audit-checkpoints"


@lru_cache
def get_settings() -> Settings:
    return Settings()
