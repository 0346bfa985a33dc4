"""The GraphQL schema (PRODUCT.md section 6); resolvers stay thin."""

from dataclasses import replace
from datetime import date, datetime
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
from strawberry.schema.types.base_scalars import DateDefinition, DateTimeDefinition
from strawberry.types import ExecutionContext, Info

from app.alerts.graphql import AlertQuery
from app.alerts.mutations import AlertMutation
from app.alerts.subscriptions import AlertSubscription
from app.api.extensions import (
    AuditOperation,
    Authenticate,
    CachedDocuments,
    CodedErrors,
    Costs,
    Documents,
    Observed,
    OperationCost,
    RegisteredDocuments,
    Traced,
)
from app.api.trusted import TrustedDocuments
from app.audit.graphql import AuditQuery
from app.cases.emergency import EmergencyMutation, EmergencyQuery
from app.cases.graphql import OffenderQuery
from app.cases.mutations import CaseMutation
from app.core.enums import AgencyKind, FieldClass, Purpose, Role
from app.core.errors import DomainError
from app.graphql.context import Context
from app.graphql.descriptions import class_fields, described_enum
from app.meetings.graphql import MeetingQuery
from app.meetings.mutations import MeetingMutation
from app.network.graphql import NetworkQuery
from app.observability.tracing import tracing_on
from app.plans.graphql import PlanQuery
from app.plans.mutations import PlanMutation
from app.reference.mutations import ReferenceMutation
from app.settings import Settings
from app.webhooks.graphql import WebhookQuery
from app.webhooks.mutations import WebhookMutation

RFC_3339_DATES = "https://www.rfc-editor.org/rfc/rfc3339#section-5.6"
# Strawberry's own Date and DateTime (the same parsing and printing), described, and naming the
# specification they follow.
DATE = replace(
    DateDefinition, specified_by_url=RFC_3339_DATES,
    description="A calendar date: RFC 3339's full-date, as in 2024-03-01.")
DATE_TIME = replace(
    DateTimeDefinition, specified_by_url=RFC_3339_DATES,
    description="An instant: RFC 3339's date-time, with its offset from UTC, as in "
    "2024-03-01T09:30:00+00:00. An instant written without its offset is refused (VALIDATION).")

F = FieldClass
described_enum(AgencyKind, "What kind of agency a principal works for, which with its role "
               "decides the field classes it is granted.", {
    AgencyKind.POLICE: "A police force (Responsible Authority).",
    AgencyKind.PROBATION: "The probation service (Responsible Authority).",
    AgencyKind.PRISON: "The prison service (Responsible Authority).",
    AgencyKind.YOUTH_JUSTICE: "A youth justice service, for offenders under 18.",
    AgencyKind.HOUSING: "A local authority's housing service (duty to co-operate).",
    AgencyKind.CHILDRENS_SERVICES: "A local authority's children's services (duty to "
                                   "co-operate).",
    AgencyKind.HEALTH: "A health provider, such as a mental health trust (duty to co-operate).",
    AgencyKind.DWP: "The Department for Work and Pensions (duty to co-operate).",
    AgencyKind.ELECTRONIC_MONITORING: "An electronic monitoring provider, reporting where "
                                      "tagged offenders are.",
})
described_enum(FieldClass, "A need-to-know class: every field of a case belongs to one. A "
               "field of a class the caller is not granted is null, and named in its object's "
               "`redactions`. `me { fieldClasses }` lists the caller's.", {
    F.IDENTITY: f"Who an offender is. {class_fields(F.IDENTITY)}",
    F.MAPPA_STATUS: "Where the case stands in MAPPA, and who shares it. "
                    f"{class_fields(F.MAPPA_STATUS)}",
    F.OFFENCE_SUMMARY: f"What the offender was convicted of. {class_fields(F.OFFENCE_SUMMARY)}",
    F.OFFENDER_ADDRESS: "Where the offender lives and has lived, with the coordinates, and "
                        f"distances from his home. {class_fields(F.OFFENDER_ADDRESS)}",
    F.CONDITIONS: "Licence conditions, with their zones' geometry, and the zones and premises "
                  f"alerts name. {class_fields(F.CONDITIONS)}",
    F.RISK_SUMMARY: "Risk of serious harm, overall and by group. "
                    f"{class_fields(F.RISK_SUMMARY)}",
    F.CONTACTS: "Named contacts and household members, children included. "
                f"{class_fields(F.CONTACTS)}",
    F.INTELLIGENCE: "Graded intelligence associations between people (those graded handling "
                    f"code C go to police principals only). {class_fields(F.INTELLIGENCE)}",
    F.VICTIM_IDENTITY: "Who the offender's victims are. "
                       f"{class_fields(F.VICTIM_IDENTITY)}",
    F.VICTIM_LOCATION: "Where victims live (their protected addresses and coordinates), and "
                       f"distances to them. {class_fields(F.VICTIM_LOCATION)}",
    F.HEALTH: f"Health notes. {class_fields(F.HEALTH)}",
    F.EM_LOCATION: "Where electronic monitoring placed the offender, and what an alert a "
                   f"location fix raised says of it. {class_fields(F.EM_LOCATION)}",
    F.SUPERVISION: "Interventions, compliance and sex-offender notifications. "
                   f"{class_fields(F.SUPERVISION)}",
    F.RISK_PLAN: "The risk management plan: its versions, measures and actions, and the "
                 "plan decisions and minutes of MAPPA meetings. An agency that owns an action "
                 "sees that action without this class.",
})
described_enum(Purpose, "Why the caller is asking (the X-Purpose-Of-Use header, or `purpose` "
               "in a WebSocket's connection_init): kept in the audit trail with every "
               "operation.", {
    Purpose.RISK_MANAGEMENT: "Managing the risk an offender poses.",
    Purpose.MAPP_MEETING: "Preparing or holding a MAPP (level 2 or 3) meeting.",
    Purpose.SAFEGUARDING: "Safeguarding a child or an adult at risk.",
    Purpose.VICTIM_SAFETY: "Keeping a victim safe and informed.",
    Purpose.INVESTIGATION: "Investigating an offence.",
    Purpose.PARTNER_INTEGRATION: "A partner system's automated exchange (alerts, location "
                                 "fixes).",
    Purpose.AUDIT: "Auditing disclosures (the audit trail).",
    Purpose.ADMINISTRATION: "Administering agencies, officers and webhooks.",
})
described_enum(Role, "A principal's role (the token's `roles`); with its agency kind, it "
               "decides the field classes granted and the writes allowed.", {
    Role.PUBLIC_PROTECTION_OFFICER: "A police public protection officer managing offenders "
                                    "in the community.",
    Role.INTELLIGENCE_ANALYST: "A police intelligence analyst exploring links between people.",
    Role.OFFENDER_MANAGER: "A probation, prison or youth justice practitioner supervising "
                           "offenders.",
    Role.VICTIM_LIAISON_OFFICER: "A probation victim liaison officer keeping victims "
                                 "informed.",
    Role.MAPPA_COORDINATOR: "A MAPPA coordinator of a Responsible Authority agency, preparing "
                            "meetings and overseeing cases.",
    Role.PARTNER_OFFICER: "An officer of a duty-to-co-operate agency (housing, children's "
                          "services, health, DWP).",
    Role.PARTNER_SYSTEM: "A partner's system (such as electronic monitoring), not a person.",
    Role.AUDITOR: "An information governance auditor: reads the audit trail, never case data.",
    Role.ADMIN: "An administrator of agencies, case officers and webhooks: never case data.",
})


@strawberry.type(description="The caller's agency.")
class AgencyRef:
    id: strawberry.ID = strawberry.field(description="The agency's id (the token's `agency`).")
    name: str = strawberry.field(description="The agency's name.")
    kind: AgencyKind = strawberry.field(description="What kind of agency it is.")


@strawberry.type(description="Who the service takes the caller to be, from its token and "
                 "purpose of use, and what it may see.")
class Principal:
    user_id: str = strawberry.field(description="The token's subject: a case officer's or a "
                                    "system's id.")
    agency: AgencyRef = strawberry.field(description="The agency the caller acts for.")
    roles: list[Role] = strawberry.field(description="The caller's roles.")
    purpose: Purpose = strawberry.field(description="The purpose of use given with this "
                                        "request.")
    field_classes: list[FieldClass] = strawberry.field(
        description="The field classes the caller's agency kind and roles are granted on the "
        "cases it may see; fields of any other class come back null.")


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


@strawberry.type(description="What a principal may read: its own standing, cases and the people "
                 "around them, links between people, alerts, webhooks, emergency grants and "
                 "(auditors) the audit trail. Everything is read through the need-to-know rule: "
                 "a record the caller may not see is answered exactly as one that does not "
                 "exist.")
class Query(CoreQuery, AuditQuery, OffenderQuery, NetworkQuery, AlertQuery, WebhookQuery,
            EmergencyQuery, PlanQuery,
            MeetingQuery):
    pass


# Every mutation's answer is nullable (`-> X | None`, though none returns None): when one of
# several aliased mutations fails, its answer is null beside the others', whose writes committed;
# a non-null one would null the whole `data` and hide what was written.
@strawberry.type(description="Writes. Each is audited with the operation, and each is allowed "
                 "only to the roles and agencies its description names: a write the caller may "
                 "not make is FORBIDDEN on a case it may see, NOT_FOUND on one it may not, and "
                 "changes nothing; bad input is a VALIDATION error naming the field.")
class Mutation(ReferenceMutation, CaseMutation, EmergencyMutation, WebhookMutation, AlertMutation,
               PlanMutation,
               MeetingMutation):
    pass


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
    registered = RegisteredDocuments(TrustedDocuments.load(), settings.graphql_max_tokens)
    return MappaSchema(
        query=Query,
        mutation=Mutation,
        subscription=AlertSubscription,
        scalar_overrides={date: DATE, datetime: DATE_TIME},
        # Partner systems and GraphiQL send the same documents again and again: parse and
        # validate each once (that was most of what our Python cost a request); in production
        # only the registered ones (app/api/trusted.py) are parsed at all. The cached
        # validation runs first, then the cost of what passed it, so that Authenticate's
        # refusal replaces either.
        extensions=[
            partial(Observed, settings.metrics_operation_names),
            *([partial(Traced, settings.metrics_operation_names)] if tracing_on() else []),
            AuditOperation, CodedErrors,
            partial(MaxTokensLimiter, max_token_count=settings.graphql_max_tokens),
            partial(AddValidationRules, rules),
            partial(CachedDocuments, Documents(settings.graphql_document_cache), registered,
                    settings.registered_documents_only),
            partial(OperationCost, settings.graphql_max_cost,
                    Costs(settings.graphql_document_cache), registered),
            Authenticate,
        ],
    )
