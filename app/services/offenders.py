"""Reading offenders under need-to-know: one round trip per use case; the queries decide who and
what the caller may see, this layer refuses what cannot be asked."""

from collections.abc import Collection

from app.domain.errors import Forbidden, Invalid
from app.domain.offenders import CaseloadPage, OffenderFilter, OffenderRecord, PersonHit
from app.graph.driver import Graph
from app.policy.principal import Principal
from app.policy.redaction import FILTER_FIELDS, not_granted_reason, refused_filters
from app.repositories import offenders as repository

MAX_SEARCH_TEXT = 200


async def read_offender(
    graph: Graph, principal: Principal, offender_id: str, fields: Collection[str]
) -> OffenderRecord | None:
    """The offender as the caller may see it; None alike when absent and when not visible.
    `fields`: the field paths selected (what is not selected is not read)."""
    return await graph.read_one(repository.find_offender, offender_id, principal, fields)


async def read_caseload(
    graph: Graph, principal: Principal, wanted: OffenderFilter, after_id: str | None, first: int,
    *, fields: Collection[str],
) -> CaseloadPage:
    """A page of the offenders the caller may see, in id order after `after_id`, with the
    selected `fields`."""
    used = wanted.model_dump(by_alias=True, exclude_none=True)
    refused = refused_filters(principal, used)
    if refused:
        needs = ", ".join(f"filter.{f} needs {FILTER_FIELDS[f].value}" for f in refused)
        raise Forbidden(f"{needs}: {not_granted_reason(principal)}")
    return await graph.read_one(repository.list_offenders, principal, wanted, after_id, first,
                            fields=fields)


async def search_people(
    graph: Graph, principal: Principal, text: str, first: int
) -> list[PersonHit]:
    """People the caller may see whose name or alias matches `text`, best match first."""
    if not any(character.isalnum() for character in text):
        raise Invalid("text must contain at least one letter or digit", field="text")
    if len(text) > MAX_SEARCH_TEXT:
        raise Invalid(f"text must be at most {MAX_SEARCH_TEXT} characters", field="text")
    return await graph.read_one(repository.search_people, text, first, principal)
