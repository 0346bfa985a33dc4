"""The case-data mutations (PRODUCT.md section 6): inputs derived from app/cases/models.py, one
payload per mutation naming what it made or changed (derived from the record the write returns),
and thin resolvers that call app/cases/service.py and say what was collected or altered for the
audit event."""

from datetime import date, datetime
from functools import partial
from typing import Annotated

import strawberry
from strawberry.types import Info

from app.access.write_rights import Write, authorise_outside_case
from app.cases import models
from app.cases import service as writes
from app.core.enums import FieldClass as F
from app.graphql.context import Context
from app.graphql.derived import shown
from app.graphql.descriptions import allowed, write_description
from app.graphql.writes import ALTERATION, COLLECTION, input_type, write_made


@input_type(models.AddressInput, "An address, with where it is on the map.")
class AddressInput:
    pass


@input_type(models.Coordinates, "A point on the map (WGS 84).")
class CoordinatesInput:
    pass


@input_type(models.ZoneInput, "A polygon ([lon, lat] positions, closed, not self-intersecting) "
            "or a circle (centre and radiusMetres).")
class ZoneInput:
    kind: str
    polygon: list[list[float]] | None


@input_type(models.Grading, "The 3x5x2 intelligence grading: source 1..3, information A..E.")
class GradingInput:
    information: str


@input_type(models.CreateOffenderInput, "A new case.")
class CreateOffenderInput:
    pass


@input_type(models.InvolveAgencyInput, "An agency to involve in a case.")
class InvolveAgencyInput:
    offender_id: strawberry.ID
    agency_id: strawberry.ID
    basis: str


@input_type(models.WithdrawAgencyInput, "An agency to withdraw from a case.")
class WithdrawAgencyInput:
    offender_id: strawberry.ID
    agency_id: strawberry.ID


@input_type(models.AssignCaseOfficerInput, "A case officer to make manage a case.")
class AssignCaseOfficerInput:
    offender_id: strawberry.ID
    officer_id: strawberry.ID


@input_type(models.SetMappaLevelInput, "A case's new MAPPA level.")
class SetMappaLevelInput:
    offender_id: strawberry.ID


@input_type(models.RecordAddressInput, "Where a person lives from a date.")
class RecordAddressInput:
    person_id: strawberry.ID


@input_type(models.AddVictimInput, "A victim of the offender.")
class AddVictimInput:
    offender_id: strawberry.ID


@input_type(models.AddNamedContactInput, "A named contact or household member of the offender.")
class AddNamedContactInput:
    offender_id: strawberry.ID
    relationship: str


@input_type(models.LinkAssociationInput, "A graded intelligence association between two people.")
class LinkAssociationInput:
    person_a_id: strawberry.ID
    person_b_id: strawberry.ID
    handling: str
    observed_at: datetime


@input_type(models.AddLicenceConditionInput, "A licence condition: a NO_CONTACT one names a "
            "protected person, an EXCLUSION_ZONE one a zone, an OUT_OF_BOUNDS_PREMISES_TYPE one "
            "a kind of premises.")
class AddLicenceConditionInput:
    offender_id: strawberry.ID
    protected_person_id: strawberry.ID | None


@input_type(models.AddPremisesInput, "Premises where children gather.")
class AddPremisesInput:
    pass


@input_type(models.RecordRiskAssessmentInput, "A risk of serious harm assessment, by group.")
class RecordRiskAssessmentInput:
    offender_id: strawberry.ID


@input_type(models.AddInterventionInput, "An intervention the offender attends.")
class AddInterventionInput:
    offender_id: strawberry.ID


@input_type(models.RecordComplianceEventInput, "A compliance event.")
class RecordComplianceEventInput:
    offender_id: strawberry.ID
    at: datetime
    outcome: str


@input_type(models.RecordNotificationInput, "A registered sexual offender's notification.")
class RecordNotificationInput:
    offender_id: strawberry.ID


# Payloads: what each mutation made or changed, derived from the records the writes return.


@strawberry.experimental.pydantic.type(
    model=models.OffenderCreated, all_fields=True,
    description="A case opened: the new offender, led by the caller's agency.")
class CreateOffenderPayload:
    id: strawberry.ID
    lead_agency_id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=models.InvolvementChanged, all_fields=True,
    description="An agency's involvement in a case, as it now stands.")
class InvolvementPayload:
    offender_id: strawberry.ID
    agency_id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=models.CaseOfficerAssigned, all_fields=True,
    description="A case officer now managing a case.")
class AssignCaseOfficerPayload:
    offender_id: strawberry.ID
    officer_id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=models.MappaLevelSet, all_fields=True, description="A case's MAPPA level, changed.")
class SetMappaLevelPayload:
    offender_id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=models.AddressRecorded, all_fields=True,
    description="An address recorded for a person.")
class RecordAddressPayload:
    person_id: strawberry.ID
    address_id: strawberry.ID
    from_: date = strawberry.field(name="from")
    ended_address_ids: list[strawberry.ID]


@strawberry.experimental.pydantic.type(
    model=models.VictimAdded, all_fields=True, description="A victim added to a case.")
class AddVictimPayload:
    id: strawberry.ID
    offender_id: strawberry.ID
    address_id: strawberry.ID | None


@strawberry.experimental.pydantic.type(
    model=models.NamedContactAdded, all_fields=True,
    description="A named contact added to a case.")
class AddNamedContactPayload:
    id: strawberry.ID
    offender_id: strawberry.ID
    address_id: strawberry.ID | None


@strawberry.experimental.pydantic.type(
    model=models.AssociationLinked, all_fields=True, description="An association linked.")
class LinkAssociationPayload:
    person_a_id: strawberry.ID
    person_b_id: strawberry.ID
    source_agency: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=models.LicenceConditionAdded, all_fields=True,
    description="A licence condition added.")
class AddLicenceConditionPayload:
    id: strawberry.ID
    offender_id: strawberry.ID
    protected_person_id: strawberry.ID | None
    zone_id: strawberry.ID | None


@strawberry.experimental.pydantic.type(
    model=models.PremisesAdded, all_fields=True, description="Premises added.")
class AddPremisesPayload:
    id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=models.RiskAssessmentRecorded, all_fields=True,
    description="A risk assessment recorded.")
class RecordRiskAssessmentPayload:
    id: strawberry.ID
    offender_id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=models.InterventionAdded, all_fields=True, description="An intervention added.")
class AddInterventionPayload:
    id: strawberry.ID
    offender_id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=models.ComplianceEventRecorded, all_fields=True,
    description="A compliance event recorded.")
class RecordComplianceEventPayload:
    id: strawberry.ID
    offender_id: strawberry.ID


@strawberry.experimental.pydantic.type(
    model=models.NotificationRecorded, all_fields=True,
    description="A notification recorded.")
class RecordNotificationPayload:
    id: strawberry.ID
    offender_id: strawberry.ID


@strawberry.type
class CaseMutation:
    @strawberry.mutation(description=write_description(
        Write.CREATE_OFFENDER, "Open a case led by the caller's agency."))
    async def create_offender(
        self, info: Info[Context, None],
        input: Annotated[CreateOffenderInput, strawberry.argument(
            description="The offender.")],
    ) -> CreateOffenderPayload | None:
        made = await write_made(info, writes.create_offender, input, action=COLLECTION,
                                classes=[F.IDENTITY, F.MAPPA_STATUS, F.OFFENCE_SUMMARY],
                                subjects=lambda r: [r.id],
                                first=partial(authorise_outside_case, Write.CREATE_OFFENDER))
        return shown(CreateOffenderPayload, made)

    @strawberry.mutation(description=write_description(
        Write.INVOLVE_AGENCY, "Involve an agency in a case from today (or change the basis or "
        "end of its open involvement): its principals may then see the case."))
    async def involve_agency(
        self, info: Info[Context, None],
        input: Annotated[InvolveAgencyInput, strawberry.argument(
            description="The case, the agency and why.")],
    ) -> InvolvementPayload | None:
        made = await write_made(info, writes.involve_agency, input, action=ALTERATION,
                                classes=[F.MAPPA_STATUS], subjects=lambda r: [r.offender_id])
        return shown(InvolvementPayload, made)

    @strawberry.mutation(description=write_description(
        Write.WITHDRAW_AGENCY, "End an agency's involvement in a case today; its officers stop "
        "managing it."))
    async def withdraw_agency(
        self, info: Info[Context, None],
        input: Annotated[WithdrawAgencyInput, strawberry.argument(
            description="The case and the agency.")],
    ) -> InvolvementPayload | None:
        made = await write_made(info, writes.withdraw_agency, input, action=ALTERATION,
                                classes=[F.MAPPA_STATUS], subjects=lambda r: [r.offender_id])
        return shown(InvolvementPayload, made)

    @strawberry.mutation(description=write_description(
        Write.ASSIGN_CASE_OFFICER, "Make a case officer of an involved agency manage a case."))
    async def assign_case_officer(
        self, info: Info[Context, None],
        input: Annotated[AssignCaseOfficerInput, strawberry.argument(
            description="The case and the officer.")],
    ) -> AssignCaseOfficerPayload | None:
        made = await write_made(info, writes.assign_case_officer, input, action=ALTERATION,
                                classes=[F.MAPPA_STATUS], subjects=lambda r: [r.offender_id])
        return shown(AssignCaseOfficerPayload, made)

    @strawberry.mutation(description=write_description(
        Write.SET_MAPPA_LEVEL, "Set a case's MAPPA level, saying why."))
    async def set_mappa_level(
        self, info: Info[Context, None],
        input: Annotated[SetMappaLevelInput, strawberry.argument(
            description="The case, the level and why.")],
    ) -> SetMappaLevelPayload | None:
        made = await write_made(info, writes.set_mappa_level, input, action=ALTERATION,
                                classes=[F.MAPPA_STATUS], subjects=lambda r: [r.offender_id])
        return shown(SetMappaLevelPayload, made)

    @strawberry.mutation(description=write_description(
        Write.RECORD_ADDRESS, "Record where an offender, contact or victim lives; the current "
        "address ends when the new one begins.") + " A victim's is a protected address "
        f"(VICTIM_LOCATION), which only {allowed(Write.RECORD_VICTIM_ADDRESS)} may record.")
    async def record_address(
        self, info: Info[Context, None],
        input: Annotated[RecordAddressInput, strawberry.argument(
            description="Who, where and from when.")],
    ) -> RecordAddressPayload | None:
        made = await write_made(
            info, writes.record_address, input, action=COLLECTION,
            classes=lambda r: [F.VICTIM_LOCATION if r.protected else F.OFFENDER_ADDRESS],
            subjects=lambda r: [r.person_id, r.address_id],
        )
        return shown(RecordAddressPayload, made)

    @strawberry.mutation(description=write_description(
        Write.ADD_VICTIM, "Add a victim to a case, with their protected address if known."))
    async def add_victim(
        self, info: Info[Context, None],
        input: Annotated[AddVictimInput, strawberry.argument(description="The victim.")],
    ) -> AddVictimPayload | None:
        made = await write_made(
            info, writes.add_victim, input, action=COLLECTION,
            classes=lambda r: [F.VICTIM_IDENTITY, *([F.VICTIM_LOCATION] if r.address_id else [])],
            subjects=lambda r: [r.offender_id, r.id, r.address_id],
        )
        return shown(AddVictimPayload, made)

    @strawberry.mutation(description=write_description(
        Write.ADD_NAMED_CONTACT, "Add a named contact (or household member) to a case."))
    async def add_named_contact(
        self, info: Info[Context, None],
        input: Annotated[AddNamedContactInput, strawberry.argument(
            description="The contact.")],
    ) -> AddNamedContactPayload | None:
        made = await write_made(info, writes.add_named_contact, input, action=COLLECTION,
                                classes=[F.CONTACTS],
                                subjects=lambda r: [r.offender_id, r.id, r.address_id])
        return shown(AddNamedContactPayload, made)

    @strawberry.mutation(description=write_description(
        Write.LINK_ASSOCIATION, "Link two people by a graded intelligence association."))
    async def link_association(
        self, info: Info[Context, None],
        input: Annotated[LinkAssociationInput, strawberry.argument(
            description="The two people and the grading.")],
    ) -> LinkAssociationPayload | None:
        made = await write_made(info, writes.link_association, input, action=COLLECTION,
                                classes=[F.INTELLIGENCE],
                                subjects=lambda r: [r.person_a_id, r.person_b_id])
        return shown(LinkAssociationPayload, made)

    @strawberry.mutation(description=write_description(
        Write.ADD_LICENCE_CONDITION, "Add a licence condition, with its zone or protected "
        "person."))
    async def add_licence_condition(
        self, info: Info[Context, None],
        input: Annotated[AddLicenceConditionInput, strawberry.argument(
            description="The condition.")],
    ) -> AddLicenceConditionPayload | None:
        made = await write_made(info, writes.add_licence_condition, input, action=COLLECTION,
                                classes=[F.CONDITIONS],
                                subjects=lambda r: [r.offender_id, r.id, r.zone_id])
        return shown(AddLicenceConditionPayload, made)

    @strawberry.mutation(description=write_description(
        Write.ADD_PREMISES, "Add premises (school, playground, nursery, youth club), which "
        "OUT_OF_BOUNDS_PREMISES_TYPE conditions are checked against."))
    async def add_premises(
        self, info: Info[Context, None],
        input: Annotated[AddPremisesInput, strawberry.argument(description="The premises.")],
    ) -> AddPremisesPayload | None:
        made = await write_made(info, writes.add_premises, input, action=COLLECTION, classes=[],
                                subjects=lambda r: [r.id],
                                first=partial(authorise_outside_case, Write.ADD_PREMISES))
        return shown(AddPremisesPayload, made)

    @strawberry.mutation(description=write_description(
        Write.RECORD_RISK_ASSESSMENT, "Record a risk assessment; overall is the highest "
        "group."))
    async def record_risk_assessment(
        self, info: Info[Context, None],
        input: Annotated[RecordRiskAssessmentInput, strawberry.argument(
            description="The assessment.")],
    ) -> RecordRiskAssessmentPayload | None:
        made = await write_made(info, writes.record_risk_assessment, input, action=COLLECTION,
                                classes=[F.RISK_SUMMARY], subjects=lambda r: [r.offender_id, r.id])
        return shown(RecordRiskAssessmentPayload, made)

    @strawberry.mutation(description=write_description(
        Write.ADD_INTERVENTION, "Add an intervention the offender attends."))
    async def add_intervention(
        self, info: Info[Context, None],
        input: Annotated[AddInterventionInput, strawberry.argument(
            description="The intervention.")],
    ) -> AddInterventionPayload | None:
        made = await write_made(info, writes.add_intervention, input, action=COLLECTION,
                                classes=[F.SUPERVISION], subjects=lambda r: [r.offender_id, r.id])
        return shown(AddInterventionPayload, made)

    @strawberry.mutation(description=write_description(
        Write.RECORD_COMPLIANCE_EVENT, "Record a compliance event and its outcome."))
    async def record_compliance_event(
        self, info: Info[Context, None],
        input: Annotated[RecordComplianceEventInput, strawberry.argument(
            description="The event.")],
    ) -> RecordComplianceEventPayload | None:
        made = await write_made(info, writes.record_compliance_event, input, action=COLLECTION,
                                classes=[F.SUPERVISION], subjects=lambda r: [r.offender_id, r.id])
        return shown(RecordComplianceEventPayload, made)

    @strawberry.mutation(description=write_description(
        Write.RECORD_NOTIFICATION, "Record a registered sexual offender's notification."))
    async def record_notification(
        self, info: Info[Context, None],
        input: Annotated[RecordNotificationInput, strawberry.argument(
            description="The notification.")],
    ) -> RecordNotificationPayload | None:
        made = await write_made(info, writes.record_notification, input, action=COLLECTION,
                                classes=[F.SUPERVISION], subjects=lambda r: [r.offender_id, r.id])
        return shown(RecordNotificationPayload, made)
