"""Need-to-know reads of offenders and the people around them, and the case-data writes.

Every read decides inside the database which offenders the caller may see (PRODUCT.md section 4)
and withholds the fields of classes the caller lacks, so neither leaves Neo4j.

The writes come in kin, each beside the facts it is decided on (one named query each): the case
and who shares it; the people around it; its conditions and the places they bar; its
supervision; emergency access. Every write query matches its case again with the caller's
relation that allows it (an open `INVOLVED_IN` of the caller's agency, for case data), so a write
never lands in a case the caller lost in between; a write that finds no such case returns None
(or False).
"""

import re
from collections.abc import Collection
from datetime import date
from typing import Any, NamedTuple

import neo4j.time
from neo4j import AsyncManagedTransaction
from neo4j.spatial import Point
from neo4j.time import Date

from app.access.principal import Principal
from app.access.redaction import sees_handling_c
from app.access.write_rights import CaseAccess
from app.cases.models import (
    AddInterventionInput,
    AddLicenceConditionInput,
    AddNamedContactInput,
    AddPremisesInput,
    AddressInput,
    AddVictimInput,
    AgencyInvolvement,
    AssignCaseOfficerInput,
    CaseloadPage,
    CreateOffenderInput,
    EmergencyGrant,
    InvolveAgencyInput,
    InvolvementChanged,
    LinkAssociationInput,
    NotificationBasis,
    OffenderCreated,
    OffenderFilter,
    OffenderRecord,
    OfficerFacts,
    PersonCase,
    PersonCases,
    PersonHit,
    RecordAddressInput,
    RecordComplianceEventInput,
    RecordNotificationInput,
    RecordRiskAssessmentInput,
    RequestEmergencyAccessInput,
    ReviewEmergencyAccessInput,
    SetMappaLevelInput,
    WithdrawAgencyInput,
    ZoneInput,
)
from app.core import geometry
from app.core.enums import MappaCategory, MappaLevel
from app.platform.neo4j.driver import Tx, run
from app.platform.neo4j.registry import Query

FIND_OFFENDER = Query("offender/find_offender")
LIST_OFFENDERS = Query("offender/list_offenders")
SEARCH_PEOPLE = Query("person/search_people")
_NAME_FIELDS = ("name", "aliases")  # the full-text index person_names's fields a text is matched in
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
    """Every word of `text` as a term or a prefix of the name or an alias, all required; nothing
    the user types is read as Lucene syntax (special characters are escaped; the analyser
    lower-cases operators), nor matches the index's other field (the people's searchKeys)."""
    terms = [_LUCENE_SPECIAL.sub(r"\\\1", word.lower()) for word in text.split()]
    return " AND ".join(
        "(" + " OR ".join(f"{field}:{term}{prefix}" for field in _NAME_FIELDS
                          for prefix in ("", "*")) + ")"
        for term in terms)


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


# The caller's relation to a case, which every write is authorised on.

def _date(value: Date | date | None) -> date | None:
    return value.to_native() if isinstance(value, Date) else value


FIND_OFFENDER_ACCESS = Query("case/find_offender_access")


async def find_offender_access(
    tx: AsyncManagedTransaction, offender_id: str, agency_id: str, user_id: str
) -> CaseAccess | None:
    found = await find_offenders_access(tx, [offender_id], agency_id, user_id)
    return found.get(offender_id)


async def find_offenders_access(
    tx: AsyncManagedTransaction, offender_ids: list[str], agency_id: str, user_id: str
) -> dict[str, CaseAccess]:
    """The caller's relation to each existing offender's case, by offender id."""
    rows = await run(tx, FIND_OFFENDER_ACCESS, offenderIds=offender_ids, agencyId=agency_id,
                     userId=user_id)
    return {row["offenderId"]: CaseAccess(visible=row["visible"], involved=row["involved"],
                                          lead=row["lead"]) for row in rows}


FIND_PERSON_CASES = Query("case/find_person_cases")


async def find_person_cases(
    tx: AsyncManagedTransaction, person_id: str, agency_id: str, user_id: str
) -> PersonCases | None:
    rows = await run(tx, FIND_PERSON_CASES, personId=person_id, agencyId=agency_id,
                     userId=user_id)
    if not rows:
        return None
    return PersonCases(
        is_offender=rows[0]["isOffender"], is_victim=rows[0]["isVictim"],
        cases=tuple(PersonCase(offender_id=r["offenderId"], route=r["route"],
                               involved=r["involved"], visible=r["visible"]) for r in rows),
        resident_from=_date(rows[0]["residentFrom"]), located_from=_date(rows[0]["locatedFrom"]),
    )


# The case and who shares it: a new case, the agencies involved, its officers, its level.

FIND_OFFENDER_BY_PNC = Query("case/find_offender_by_pnc")


async def offender_with_pnc(tx: AsyncManagedTransaction, pnc: str) -> str | None:
    """The id of the offender recorded under `pnc`, visible to the caller or not."""
    rows = await run(tx, FIND_OFFENDER_BY_PNC, pnc=pnc)
    return str(rows[0]["id"]) if rows else None


CREATE_OFFENDER = Query("case/create_offender")


async def create_offender(
    tx: AsyncManagedTransaction, data: CreateOffenderInput, *, offender_id: str,
    agency_id: str,
) -> OffenderCreated | None:
    """The new case, led by `agency_id`; None when there is no such agency."""
    rows = await run(
        tx, CREATE_OFFENDER, offenderId=offender_id, agencyId=agency_id, name=data.name,
        dateOfBirth=data.date_of_birth, category=data.category.value, level=data.level.value,
        indexOffence=data.index_offence, pnc=data.pnc,
        registeredSexOffender=data.category is MappaCategory.CATEGORY_1,
    )
    if not rows:
        return None
    return OffenderCreated(id=offender_id, name=data.name, category=data.category,
                           level=data.level, lead_agency_id=agency_id, area=rows[0]["area"])


FIND_AGENCY_INVOLVEMENT = Query("case/find_agency_involvement")


async def find_agency_involvement(
    tx: AsyncManagedTransaction, offender_id: str, agency_id: str
) -> AgencyInvolvement | None:
    rows = await run(tx, FIND_AGENCY_INVOLVEMENT, offenderId=offender_id, agencyId=agency_id)
    if not rows:
        return None
    involvement = rows[0]["involvement"] or {}
    return AgencyInvolvement(
        agency_id=rows[0]["agencyId"], lead=rows[0]["lead"], basis=involvement.get("basis"),
        since=_date(involvement.get("since")), until=_date(involvement.get("until")),
    )


def _involvement(offender_id: str, agency_id: str, row: dict[str, Any]) -> InvolvementChanged:
    return InvolvementChanged(offender_id=offender_id, agency_id=agency_id, basis=row["basis"],
                       since=_date(row["since"]), until=_date(row["until"]))


INVOLVE_AGENCY = Query("case/involve_agency")


async def involve_agency(
    tx: AsyncManagedTransaction, data: InvolveAgencyInput, *, caller_agency_id: str
) -> InvolvementChanged | None:
    rows = await run(tx, INVOLVE_AGENCY, offenderId=data.offender_id, agencyId=caller_agency_id,
                     involvedAgencyId=data.agency_id, basis=data.basis, until=data.until)
    return _involvement(data.offender_id, data.agency_id, rows[0]) if rows else None


WITHDRAW_AGENCY = Query("case/withdraw_agency")


async def withdraw_agency(
    tx: AsyncManagedTransaction, data: WithdrawAgencyInput, *, caller_agency_id: str
) -> InvolvementChanged | None:
    rows = await run(tx, WITHDRAW_AGENCY, offenderId=data.offender_id, agencyId=caller_agency_id,
                     withdrawnAgencyId=data.agency_id)
    return _involvement(data.offender_id, data.agency_id, rows[0]) if rows else None


FIND_CASE_OFFICER = Query("case/find_case_officer")


async def find_case_officer(
    tx: AsyncManagedTransaction, offender_id: str, officer_id: str
) -> OfficerFacts | None:
    rows = await run(tx, FIND_CASE_OFFICER, offenderId=offender_id, officerId=officer_id)
    if not rows:
        return None
    return OfficerFacts(role=rows[0]["role"], agency_id=rows[0]["agencyId"],
                        agency_involved=rows[0]["agencyInvolved"])


ASSIGN_CASE_OFFICER = Query("case/assign_case_officer")


async def assign_case_officer(
    tx: AsyncManagedTransaction, data: AssignCaseOfficerInput, *, agency_id: str
) -> tuple[date | None] | None:
    """(since,) of the MANAGES, or None when the case is not one the agency is involved in."""
    rows = await run(tx, ASSIGN_CASE_OFFICER, offenderId=data.offender_id, agencyId=agency_id,
                     officerId=data.officer_id)
    return (_date(rows[0]["since"]),) if rows else None


SET_MAPPA_LEVEL = Query("case/set_mappa_level")


async def set_mappa_level(
    tx: AsyncManagedTransaction, data: SetMappaLevelInput, *, agency_id: str,
    meeting_id: str | None = None,
) -> tuple[MappaLevel | None] | None:
    """(previous level,), or None when the case is not one the agency is involved in.
    `meeting_id`: the MAPPA meeting that decided it, if one did."""
    rows = await run(tx, SET_MAPPA_LEVEL, offenderId=data.offender_id, agencyId=agency_id,
                     level=data.level.value, reason=data.reason, meetingId=meeting_id)
    if not rows:
        return None
    previous = rows[0]["previous"]
    return (MappaLevel(previous) if previous else None,)


# The people around the case: where they live, victims, named contacts, associations.

def _address(address: AddressInput, address_id: str) -> dict[str, Any]:
    return {"id": address_id, "line1": address.line1, "town": address.town,
            "postcode": address.postcode, "latitude": address.latitude,
            "longitude": address.longitude}


class ResidenceRecorded(NamedTuple):
    """A residence (or protected address) written: its new address, the addresses whose
    residences it ended, and the offenders whose cases have someone living now where it or an
    ended one is (their shared-address rules may change; none for a protected address)."""

    address_id: str
    ended_address_ids: tuple[str, ...]
    sharing_offender_ids: tuple[str, ...]


RECORD_RESIDENCE = Query("case/record_residence")


async def record_residence(
    tx: AsyncManagedTransaction, data: RecordAddressInput, *, agency_id: str,
    address_id: str,
) -> ResidenceRecorded | None:
    a = data.address
    rows = await run(
        tx, RECORD_RESIDENCE, personId=data.person_id, agencyId=agency_id, addressId=address_id,
        line1=a.line1, town=a.town, postcode=a.postcode, latitude=a.latitude,
        longitude=a.longitude, kind=data.kind.value, **{"from": data.from_},
    )
    if not rows:
        return None
    return ResidenceRecorded(str(rows[0]["addressId"]), tuple(rows[0]["endedAddressIds"]),
                             tuple(rows[0]["sharingOffenderIds"]))


RECORD_VICTIM_LOCATION = Query("case/record_victim_location")


async def record_victim_location(
    tx: AsyncManagedTransaction, data: RecordAddressInput, *, agency_id: str,
    address_id: str,
) -> ResidenceRecorded | None:
    a = data.address
    rows = await run(
        tx, RECORD_VICTIM_LOCATION, personId=data.person_id, agencyId=agency_id,
        addressId=address_id, line1=a.line1, town=a.town, postcode=a.postcode,
        latitude=a.latitude, longitude=a.longitude, **{"from": data.from_},
    )
    if not rows:
        return None
    return ResidenceRecorded(str(rows[0]["addressId"]), tuple(rows[0]["endedAddressIds"]), ())


ADD_VICTIM = Query("case/add_victim")


async def add_victim(
    tx: AsyncManagedTransaction, data: AddVictimInput, *, agency_id: str, victim_id: str,
    address_id: str | None,
) -> bool:
    rows = await run(
        tx, ADD_VICTIM, offenderId=data.offender_id, agencyId=agency_id, victimId=victim_id,
        name=data.name, dateOfBirth=data.date_of_birth,
        address=_address(data.address, address_id) if data.address and address_id else None,
    )
    return bool(rows)


class ContactAdded(NamedTuple):
    """A named contact written: the address they live at, if any, and the offenders whose cases
    have someone living now where they do (their shared-address rules may change)."""

    address_id: str | None
    sharing_offender_ids: tuple[str, ...]


ADD_NAMED_CONTACT = Query("case/add_named_contact")


async def add_named_contact(
    tx: AsyncManagedTransaction, data: AddNamedContactInput, *, agency_id: str,
    contact_id: str, address_id: str | None,
) -> ContactAdded | None:
    """None when refused."""
    rows = await run(
        tx, ADD_NAMED_CONTACT, offenderId=data.offender_id, agencyId=agency_id,
        contactId=contact_id, name=data.name, dateOfBirth=data.date_of_birth,
        relationship=data.relationship, householdMember=data.household_member,
        address=_address(data.address, address_id) if data.address and address_id else None,
    )
    if not rows:
        return None
    return ContactAdded(rows[0]["addressId"], tuple(rows[0]["sharingOffenderIds"]))


LINK_ASSOCIATION = Query("case/link_association")


async def link_association(
    tx: AsyncManagedTransaction, data: LinkAssociationInput, *, agency_id: str,
    user_id: str,
) -> bool:
    rows = await run(
        tx, LINK_ASSOCIATION, personAId=data.person_a_id, personBId=data.person_b_id,
        agencyId=agency_id, userId=user_id, source=data.grading.source,
        information=data.grading.information, handling=data.handling,
        observedAt=data.observed_at,
    )
    return bool(rows)


# Licence conditions, with their zones, and the premises they may bar.

def _zone(zone: ZoneInput, zone_id: str) -> dict[str, Any]:
    """A zone as MODEL.md stores it: GeoJSON (a counter-clockwise ring, or a circle's centre),
    a centre point inside it, and its bounding box."""
    if zone.polygon is not None:
        ring = geometry.counter_clockwise(zone.polygon)
        centre_lon, centre_lat = geometry.interior_point(ring)
        box = geometry.ring_box(ring)
        shape, text, radius = "POLYGON", geometry.polygon_geojson(ring), None
    elif zone.centre is not None and zone.radius_metres is not None:
        centre_lat, centre_lon = zone.centre.latitude, zone.centre.longitude
        box = geometry.circle_box(centre_lat, centre_lon, zone.radius_metres)
        shape, text = "CIRCLE", geometry.point_geojson(centre_lat, centre_lon)
        radius = zone.radius_metres
    else:
        raise ValueError("a zone is a polygon or a circle")  # ZoneInput makes sure of it
    return {"id": zone_id, "kind": zone.kind, "shape": shape, "geometry": text,
            "centreLat": centre_lat, "centreLon": centre_lon, "radiusMetres": radius,
            "south": box.south, "west": box.west, "north": box.north, "east": box.east}


ADD_LICENCE_CONDITION = Query("case/add_licence_condition")


async def add_licence_condition(
    tx: AsyncManagedTransaction, data: AddLicenceConditionInput, *, agency_id: str,
    condition_id: str, zone_id: str | None,
) -> bool:
    rows = await run(
        tx, ADD_LICENCE_CONDITION, offenderId=data.offender_id, agencyId=agency_id,
        conditionId=condition_id, kind=data.kind.value, text=data.text,
        validFrom=data.valid_from, validTo=data.valid_to,
        premisesKind=data.premises_kind.value if data.premises_kind else None,
        protectedPersonId=data.protected_person_id,
        zone=_zone(data.zone, zone_id) if data.zone is not None and zone_id else None,
    )
    return bool(rows)


CREATE_PREMISES = Query("case/create_premises")


async def create_premises(
    tx: AsyncManagedTransaction, data: AddPremisesInput, *, premises_id: str,
    agency_id: str, reach_metres: float,
) -> tuple[str | None, tuple[str, ...]] | None:
    """(area, offenders it may concern), or None when the agency is unknown."""
    rows = await run(
        tx, CREATE_PREMISES, premisesId=premises_id, agencyId=agency_id, name=data.name,
        kind=data.kind.value, latitude=data.latitude, longitude=data.longitude,
        reachMetres=reach_metres,
    )
    if not rows:
        return None
    return rows[0]["area"], tuple(rows[0]["offenderIds"])


# Supervision: risk assessments, interventions, compliance, notifications.

RECORD_RISK_ASSESSMENT = Query("case/record_risk_assessment")


async def record_risk_assessment(
    tx: AsyncManagedTransaction, data: RecordRiskAssessmentInput, *, agency_id: str,
    assessment_id: str, overall: str,
) -> bool:
    rows = await run(
        tx, RECORD_RISK_ASSESSMENT, offenderId=data.offender_id, agencyId=agency_id,
        assessmentId=assessment_id, tool=data.tool, assessedOn=data.assessed_on,
        overall=overall, children=data.children.value, publicAtLarge=data.public_at_large.value,
        knownAdult=data.known_adult.value, staff=data.staff.value,
    )
    return bool(rows)


ADD_INTERVENTION = Query("case/add_intervention")


async def add_intervention(
    tx: AsyncManagedTransaction, data: AddInterventionInput, *, agency_id: str,
    intervention_id: str, status: str,
) -> bool:
    rows = await run(
        tx, ADD_INTERVENTION, offenderId=data.offender_id, agencyId=agency_id,
        interventionId=intervention_id, kind=data.kind.value, name=data.name, status=status,
        start=data.start, end=data.end,
    )
    return bool(rows)


RECORD_COMPLIANCE_EVENT = Query("case/record_compliance_event")


async def record_compliance_event(
    tx: AsyncManagedTransaction, data: RecordComplianceEventInput, *, agency_id: str,
    event_id: str, recorded_by: str,
) -> bool:
    rows = await run(
        tx, RECORD_COMPLIANCE_EVENT, offenderId=data.offender_id, agencyId=agency_id,
        eventId=event_id, kind=data.kind.value, at=data.at, outcome=data.outcome,
        note=data.note, recordedBy=recorded_by,
    )
    return bool(rows)


FIND_NOTIFICATION_BASIS = Query("case/find_notification_basis")


async def find_notification_basis(
    tx: AsyncManagedTransaction, offender_id: str, made_on: date
) -> NotificationBasis | None:
    rows = await run(tx, FIND_NOTIFICATION_BASIS, offenderId=offender_id, madeOn=made_on)
    if not rows:
        return None
    return NotificationBasis(
        registered_sex_offender=rows[0]["registeredSexOffender"],
        last_renewal=_date(rows[0]["lastRenewal"]), last_move=_date(rows[0]["lastMove"]),
    )


RECORD_NOTIFICATION = Query("case/record_notification")


async def record_notification(
    tx: AsyncManagedTransaction, data: RecordNotificationInput, *, agency_id: str,
    notification_id: str, due_on: date,
) -> bool:
    rows = await run(
        tx, RECORD_NOTIFICATION, offenderId=data.offender_id, agencyId=agency_id,
        notificationId=notification_id, kind=data.kind.value, madeOn=data.made_on,
        dueOn=due_on, details=data.details,
    )
    return bool(rows)


# Emergency access (break glass): a grant, its revocation and review, a case's grants.

def _grant(row: dict[str, Any]) -> EmergencyGrant:
    return EmergencyGrant.model_validate(native(row))


FIND_EMERGENCY_GRANT = Query("case/find_emergency_grant")


async def find_emergency_grant(
    tx: AsyncManagedTransaction, grant_id: str, agency_id: str, user_id: str
) -> tuple[EmergencyGrant, CaseAccess] | None:
    rows = await run(tx, FIND_EMERGENCY_GRANT, grantId=grant_id, agencyId=agency_id,
                     userId=user_id)
    if not rows:
        return None
    row = rows[0]
    access = CaseAccess(visible=row["visible"], involved=row["involved"], lead=row["lead"],
                        grantee=row["grantee"])
    return _grant(row["grant"]), access


class GrantCounts(NamedTuple):
    """The caller's grants when it asked for one: unrevoked and unexpired, and taken in the last
    24 hours (the one just made not counted); `grant` when it was made."""

    active: int
    today: int
    grant: EmergencyGrant | None


GRANT_EMERGENCY_ACCESS = Query("case/grant_emergency_access")


async def grant_emergency_access(
    tx: AsyncManagedTransaction, data: RequestEmergencyAccessInput, *, grant_id: str,
    agency_id: str, user_id: str, roles: list[str], purpose: str, hours: int, max_active: int,
    max_per_day: int,
) -> GrantCounts | None:
    """None when the case is one the caller's agency is involved in (or no offender's)."""
    rows = await run(
        tx, GRANT_EMERGENCY_ACCESS, grantId=grant_id, offenderId=data.offender_id,
        agencyId=agency_id, userId=user_id, roles=roles, purpose=purpose,
        justification=data.justification, hours=hours, maxActive=max_active,
        maxPerDay=max_per_day,
    )
    if not rows:
        return None
    row = rows[0]
    return GrantCounts(active=row["active"], today=row["today"],
                       grant=_grant(row["grant"]) if row["grant"] else None)


REVOKE_EMERGENCY_ACCESS = Query("case/revoke_emergency_access")


async def revoke_emergency_access(
    tx: AsyncManagedTransaction, grant_id: str, *, agency_id: str, user_id: str
) -> EmergencyGrant | None:
    rows = await run(tx, REVOKE_EMERGENCY_ACCESS, grantId=grant_id, agencyId=agency_id,
                     userId=user_id)
    return _grant(rows[0]["grant"]) if rows else None


REVIEW_EMERGENCY_ACCESS = Query("case/review_emergency_access")


async def review_emergency_access(
    tx: AsyncManagedTransaction, data: ReviewEmergencyAccessInput, *, agency_id: str,
    user_id: str, grant_scopes: list[str],
) -> tuple[bool, EmergencyGrant] | None:
    """(whether this review was recorded, the grant as it stands); None when the caller may not
    review it."""
    rows = await run(tx, REVIEW_EMERGENCY_ACCESS, grantId=data.id, agencyId=agency_id,
                     userId=user_id, grantScopes=grant_scopes, outcome=data.outcome.value,
                     note=data.note)
    return (bool(rows[0]["reviewed"]), _grant(rows[0]["grant"])) if rows else None


LIST_EMERGENCY_GRANTS = Query("case/list_emergency_grants")


async def list_emergency_grants(
    tx: Tx, offender_id: str, after_id: str | None, limit: int
) -> list[EmergencyGrant]:
    """Grants on the case, newest first, after the grant `after_id`."""
    rows = await run(tx, LIST_EMERGENCY_GRANTS, offenderId=offender_id, after=after_id,
                     limit=limit)
    return [_grant(row["grant"]) for row in rows]
