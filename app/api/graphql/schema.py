"""The GraphQL schema (PRODUCT.md section 6); resolvers stay thin."""

from importlib.metadata import version as package_version

import strawberry
from strawberry.tools import merge_types
from strawberry.types import Info

from app.api.graphql.audit import AuditQuery
from app.api.graphql.context import Context
from app.api.graphql.extensions import AuditOperation, Authenticate, CodedErrors
from app.domain.enums import AgencyKind, FieldClass, Purpose, Role

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


Query = merge_types("Query", (CoreQuery, AuditQuery))

schema = strawberry.Schema(query=Query, extensions=[AuditOperation, CodedErrors, Authenticate])
