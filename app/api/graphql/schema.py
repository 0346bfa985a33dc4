"""The GraphQL schema (PRODUCT.md section 6); resolvers stay thin."""

from functools import partial
from importlib.metadata import version as package_version

import strawberry
from graphql import GraphQLError, NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext, Info

from app.api.graphql.alerts import AlertQuery
from app.api.graphql.audit import AuditQuery
from app.api.graphql.context import Context
from app.api.graphql.emergency import EmergencyQuery
from app.api.graphql.extensions import (
    AuditOperation,
    Authenticate,
    CachedDocuments,
    CodedErrors,
    Costs,
    Documents,
    Observed,
    OperationCost,
    Traced,
)
from app.api.graphql.mutations import AlertMutation, CaseMutation
from app.api.graphql.network import NetworkQuery
from app.api.graphql.offenders import OffenderQuery
from app.api.graphql.subscriptions import AlertSubscription
from app.api.graphql.webhooks import WebhookQuery
from app.domain.enums import AgencyKind, FieldClass, Purpose, Role
from app.domain.errors import DomainError
from app.observability.tracing import tracing_on
from app.settings import Settings

for contract_enum in (AgencyKind, FieldClass, Purpose, Role):
    strawberry.enum(contract_enum)


@strawberry.type
class AgencyRef:
    id: strawberry.ID
    name: str
    kind: AgencyKind


@strawberry.type
class Principal:
    user_id: str
    agency: AgencyRef
    roles: list[Role]
    purpose: Purpose
    field_classes: list[FieldClass]


@strawberry.type
class CoreQuery:
    @strawberry.field(description="Who the service takes the caller to be, and what they may see.")
    def me(self, info: Info[Context, None]) -> Principal:
        p = info.context.require_principal()
        return Principal(
            user_id=p.user_id,
            agency=AgencyRef(id=strawberry.ID(p.agency_id), name=p.agency_name, kind=p.agency_kind),
            roles=list(p.roles),
            purpose=p.purpose,
            field_classes=sorted(p.field_classes),
        )

    @strawberry.field(description="The version of the MAPPA Link service.")
    def version(self) -> str:
        return package_version("mappa-link")


Query = merge_types("Query", (CoreQuery, AuditQuery, OffenderQuery, NetworkQuery, AlertQuery,
                             WebhookQuery, EmergencyQuery))
# Every mutation's answer is nullable (`-> X | None`, though none returns None): when one of
# several aliased mutations fails, its answer is null beside the others', whose writes committed;
# a non-null one would null the whole `data` and hide what was written.
Mutation = merge_types("Mutation", (CaseMutation, AlertMutation))



class MappaSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log only what went wrong on our side, with its traceback; a refusal or bad input is
        the caller's, answered and audited, not an error of the service."""
        ours = [e for e in errors
                if e.original_error is not None
                and not isinstance(e.original_error, DomainError | GraphQLError)]
        super().process_errors(ours, execution_context)


def build_schema(settings: Settings) -> strawberry.Schema:
    """The schema with the operation bounds of `settings`; no introspection in production;
    traced when this process records spans (app/observability/tracing.py), else not even a
    no-op tracer runs per resolver.

    Extension order matters: on the way out, errors get their codes before the audit reads them,
    and the operation's log line reads the answer last, as it leaves.
    """
    # The bounds' validation rules are made once, so that a document's validation can be
    # cached (rules made per request would make every request validate again).
    rules = [
        *QueryDepthLimiter(max_depth=settings.graphql_max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases).validation_rules,
    ]
    if settings.is_production:
        rules.append(NoSchemaIntrospectionCustomRule)
    return MappaSchema(
        query=Query,
        mutation=Mutation,
        subscription=AlertSubscription,
        # Partner systems and GraphiQL send the same documents again and again: parse and
        # validate each once (that was most of what our Python cost a request). The cached
        # validation runs first, then the cost of what passed it, so that Authenticate's
        # refusal replaces either.
        extensions=[
            partial(Observed, settings.metrics_operation_names),
            *([partial(Traced, settings.metrics_operation_names)] if tracing_on() else []),
            AuditOperation, CodedErrors,
            partial(MaxTokensLimiter, max_token_count=settings.graphql_max_tokens),
            partial(AddValidationRules, rules),
            partial(CachedDocuments, Documents(settings.graphql_document_cache)),
            partial(OperationCost, settings.graphql_max_cost,
                    Costs(settings.graphql_document_cache)),
            Authenticate,
        ],
    )
