"""The per-request GraphQL context: the app's graph and settings, and who is asking."""

from dataclasses import dataclass

from strawberry.fastapi import BaseContext

from app.domain.errors import DomainError
from app.graph.driver import Graph
from app.policy.principal import Principal
from app.settings import Settings


@dataclass
class Context(BaseContext):
    graph: Graph
    settings: Settings
    principal: Principal | None = None
    refusal: DomainError | None = None

    def __post_init__(self) -> None:
        super().__init__()

    def require_principal(self) -> Principal:
        if self.principal is None:
            raise self.refusal or DomainError("no principal")
        return self.principal
