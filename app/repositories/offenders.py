"""Need-to-know reads of offenders and the people around them.

Every query decides inside the database which offenders the caller may see (PRODUCT.md section 4)
and withholds the fields of classes the caller lacks, so neither leaves Neo4j.
"""

import re
from collections.abc import Collection
from typing import Any

import neo4j.time
from neo4j.spatial import Point

from app.domain.offenders import (
    CaseloadPage,
    OffenderFilter,
    OffenderRecord,
    PersonHit,
)
from app.graph.driver import Tx, run
from app.graph.registry import Query
from app.policy.principal import Principal
from app.policy.redaction import sees_handling_c

FIND_OFFENDER = Query("offender/find_offender")
LIST_OFFENDERS = Query("offender/list_offenders")
SEARCH_PEOPLE = Query("person/search_people")

_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


_PLAIN = (str, int, float, bool, type(None))


def native(value: Any) -> Any:
    """Neo4j temporals and points as Python values, through maps and lists (plain values, dicts
    and lists, which make up most of a record, are recognised first: a profile has hundreds)."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, dict):
        return {key: native(item) for key, item in value.items()}
    if isinstance(value, Point):  # a tuple: before lists and tuples
        return {"latitude": value.y, "longitude": value.x}  # WGS-84: x is the longitude
    if isinstance(value, list | tuple):
        return [native(item) for item in value]
    if isinstance(value, neo4j.time.Date | neo4j.time.DateTime | neo4j.time.Time):
        return value.to_native()
    return value


def lucene_query(text: str) -> str:
    """Every word of `text` as a term or a prefix, all required; nothing the user types is read
    as Lucene syntax (special characters are escaped; the analyser lower-cases operators)."""
    terms = [_LUCENE_SPECIAL.sub(r"\\\1", word.lower()) for word in text.split()]
    return " AND ".join(f"({term} OR {term}*)" for term in terms)


def access_params(principal: Principal) -> dict[str, Any]:
    """The parameters every visibility check takes: who is asking and the classes they hold."""
    return {
        "agencyId": principal.agency_id,
        "userId": principal.user_id,
        "classes": sorted(principal.field_classes),
    }


async def find_offender(
    tx: Tx, offender_id: str, principal: Principal, fields: Collection[str]
) -> OffenderRecord | None:
    """`fields`: the selected field paths ('victims', 'victims.location'); the lists and linked
    records not among them come back None, unread."""
    rows = await run(
        tx, FIND_OFFENDER, id=offender_id, police=sees_handling_c(principal),
        fields=sorted(fields), **access_params(principal),
    )
    return OffenderRecord.model_validate(native(rows[0]["offender"])) if rows else None


async def list_offenders(
    tx: Tx, principal: Principal, wanted: OffenderFilter,
    after_id: str | None, first: int, *, fields: Collection[str],
) -> CaseloadPage:
    rows = await run(
        tx, LIST_OFFENDERS, after=after_id, limit=first + 1, fields=sorted(fields),
        level=wanted.level, category=wanted.category, area=wanted.area,
        leadAgencyId=wanted.lead_agency_id, text=wanted.text,
        police=sees_handling_c(principal), **access_params(principal),
    )
    (row,) = rows  # the page comes as one list
    offenders = [OffenderRecord.model_validate(native(o)) for o in row["offenders"]]
    return CaseloadPage(offenders=tuple(offenders[:first]), has_next_page=len(offenders) > first)


async def search_people(
    tx: Tx, text: str, first: int, principal: Principal
) -> list[PersonHit]:
    """Every match the caller may see is ranked, by its own names alone (not the index's score,
    which counts hidden people), before the first `first` are kept."""
    rows = await run(
        tx, SEARCH_PEOPLE, terms=lucene_query(text), text=text, first=first,
        **access_params(principal),
    )
    return [PersonHit.model_validate(native(row)) for row in rows]
