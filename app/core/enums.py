"""The enums of the GraphQL contract (PRODUCT.md section 6), shared by every layer."""

from collections.abc import Iterable
from enum import StrEnum


def listed(names: Iterable[object], last: str = "or") -> str:
    """'A, B or C' of the names (enum members or text), in the order given: how descriptions
    list the values a field takes."""
    words = [str(name) for name in names]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


class Purpose(StrEnum):
    RISK_MANAGEMENT = "RISK_MANAGEMENT"
    MAPP_MEETING = "MAPP_MEETING"
    SAFEGUARDING = "SAFEGUARDING"
    VICTIM_SAFETY = "VICTIM_SAFETY"
    INVESTIGATION = "INVESTIGATION"
    PARTNER_INTEGRATION = "PARTNER_INTEGRATION"
    AUDIT = "AUDIT"
    ADMINISTRATION = "ADMINISTRATION"


class AgencyKind(StrEnum):
    POLICE = "POLICE"
    PROBATION = "PROBATION"
    PRISON = "PRISON"
    YOUTH_JUSTICE = "YOUTH_JUSTICE"
    HOUSING = "HOUSING"
    CHILDRENS_SERVICES = "CHILDRENS_SERVICES"
    HEALTH = "HEALTH"
    DWP = "DWP"
    ELECTRONIC_MONITORING = "ELECTRONIC_MONITORING"


class Role(StrEnum):
    PUBLIC_PROTECTION_OFFICER = "PUBLIC_PROTECTION_OFFICER"
    INTELLIGENCE_ANALYST = "INTELLIGENCE_ANALYST"
    OFFENDER_MANAGER = "OFFENDER_MANAGER"
    VICTIM_LIAISON_OFFICER = "VICTIM_LIAISON_OFFICER"
    MAPPA_COORDINATOR = "MAPPA_COORDINATOR"
    PARTNER_OFFICER = "PARTNER_OFFICER"
    PARTNER_SYSTEM = "PARTNER_SYSTEM"
    AUDITOR = "AUDITOR"
    ADMIN = "ADMIN"


class MappaCategory(StrEnum):
    CATEGORY_1 = "CATEGORY_1"
    CATEGORY_2 = "CATEGORY_2"
    CATEGORY_3 = "CATEGORY_3"
    CATEGORY_4 = "CATEGORY_4"


class MappaLevel(StrEnum):
    LEVEL_1 = "LEVEL_1"
    LEVEL_2 = "LEVEL_2"
    LEVEL_3 = "LEVEL_3"


class RiskLevel(StrEnum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    VERY_HIGH = "VERY_HIGH"


class ConditionKind(StrEnum):
    NO_CONTACT = "NO_CONTACT"
    EXCLUSION_ZONE = "EXCLUSION_ZONE"
    RESIDENCE = "RESIDENCE"
    CURFEW = "CURFEW"
    NO_UNSUPERVISED_CONTACT_WITH_CHILDREN = "NO_UNSUPERVISED_CONTACT_WITH_CHILDREN"
    OUT_OF_BOUNDS_PREMISES_TYPE = "OUT_OF_BOUNDS_PREMISES_TYPE"
    NON_ASSOCIATION_WITH_SEX_OFFENDERS = "NON_ASSOCIATION_WITH_SEX_OFFENDERS"


class PremisesKind(StrEnum):
    SCHOOL = "SCHOOL"
    PLAYGROUND = "PLAYGROUND"
    NURSERY = "NURSERY"
    YOUTH_CLUB = "YOUTH_CLUB"


class ResidenceKind(StrEnum):
    HOME = "HOME"
    APPROVED_PREMISES = "APPROVED_PREMISES"
    TEMPORARY = "TEMPORARY"
    PROPOSED = "PROPOSED"


class InterventionKind(StrEnum):
    ACCREDITED_PROGRAMME = "ACCREDITED_PROGRAMME"
    DRUG = "DRUG"
    ALCOHOL = "ALCOHOL"
    OTHER = "OTHER"


class ComplianceKind(StrEnum):
    MISSED_APPOINTMENT = "MISSED_APPOINTMENT"
    LATE_FOR_CURFEW = "LATE_FOR_CURFEW"
    CONDITION_BREACH = "CONDITION_BREACH"
    POSITIVE_TEST = "POSITIVE_TEST"


class NotificationKind(StrEnum):
    INITIAL = "INITIAL"
    ANNUAL = "ANNUAL"
    ADDRESS_CHANGE = "ADDRESS_CHANGE"
    TRAVEL = "TRAVEL"
    HOUSEHOLD_WITH_CHILD = "HOUSEHOLD_WITH_CHILD"
    BANK_CARD = "BANK_CARD"
    IDENTITY_DOCUMENT = "IDENTITY_DOCUMENT"


class AlertRule(StrEnum):
    PROXIMITY_TO_VICTIM = "PROXIMITY_TO_VICTIM"
    RESIDENCE_IN_EXCLUSION_ZONE = "RESIDENCE_IN_EXCLUSION_ZONE"
    EXCLUSION_ZONE_ENTRY = "EXCLUSION_ZONE_ENTRY"
    NEAR_RESTRICTED_PREMISES = "NEAR_RESTRICTED_PREMISES"
    PROHIBITED_CONTACT = "PROHIBITED_CONTACT"
    OFFENDER_ASSOCIATION = "OFFENDER_ASSOCIATION"
    CHILD_IN_HOUSEHOLD = "CHILD_IN_HOUSEHOLD"
    VICTIM_IN_NETWORK = "VICTIM_IN_NETWORK"
    RISK_ESCALATION = "RISK_ESCALATION"
    NON_COMPLIANCE = "NON_COMPLIANCE"
    NOTIFICATION_OVERDUE = "NOTIFICATION_OVERDUE"
    EMERGENCY_ACCESS = "EMERGENCY_ACCESS"
    EMERGENCY_ACCESS_REVIEW_OVERDUE = "EMERGENCY_ACCESS_REVIEW_OVERDUE"
    ACTION_OVERDUE = "ACTION_OVERDUE"
    REVIEW_OVERDUE = "REVIEW_OVERDUE"


class EmergencyReviewOutcome(StrEnum):
    """The lead agency's (or MAPPA coordinator's) finding on an emergency grant."""

    JUSTIFIED = "JUSTIFIED"
    UNJUSTIFIED = "UNJUSTIFIED"


class AlertStatus(StrEnum):
    OPEN = "OPEN"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    RESOLVED = "RESOLVED"


class Severity(StrEnum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"


class FieldClass(StrEnum):
    IDENTITY = "IDENTITY"
    MAPPA_STATUS = "MAPPA_STATUS"
    OFFENCE_SUMMARY = "OFFENCE_SUMMARY"
    OFFENDER_ADDRESS = "OFFENDER_ADDRESS"
    CONDITIONS = "CONDITIONS"
    RISK_SUMMARY = "RISK_SUMMARY"
    CONTACTS = "CONTACTS"
    INTELLIGENCE = "INTELLIGENCE"
    VICTIM_IDENTITY = "VICTIM_IDENTITY"
    VICTIM_LOCATION = "VICTIM_LOCATION"
    HEALTH = "HEALTH"
    EM_LOCATION = "EM_LOCATION"
    SUPERVISION = "SUPERVISION"
    RISK_PLAN = "RISK_PLAN"


class AuditAction(StrEnum):
    """The kinds of processing DPA 2018 s.62 requires to be logged."""

    CONSULTATION = "CONSULTATION"
    DISCLOSURE = "DISCLOSURE"
    COLLECTION = "COLLECTION"
    ALTERATION = "ALTERATION"
    ERASURE = "ERASURE"


class PersonKind(StrEnum):
    """Through which role a person was found: the class that let the caller see them."""

    OFFENDER = "OFFENDER"
    VICTIM = "VICTIM"
    NAMED_CONTACT = "NAMED_CONTACT"


class CounterpartType(StrEnum):
    PERSON = "PERSON"
    ZONE = "ZONE"
    PREMISES = "PREMISES"
    # An emergency grant (EMERGENCY_ACCESS and its review): shown as the alert's emergencyGrant,
    # to those who review the case's grants, never as its counterpart.
    GRANT = "GRANT"
    # A plan action (ACTION_OVERDUE): shown as the alert's action, to its owner agency and to
    # callers holding RISK_PLAN, never as its counterpart.
    ACTION = "ACTION"


class NodeKind(StrEnum):
    """What a node of a network or path is: a person by the role that lets the caller see them,
    or an address."""

    OFFENDER = "OFFENDER"
    VICTIM = "VICTIM"
    NAMED_CONTACT = "NAMED_CONTACT"
    ADDRESS = "ADDRESS"


class LinkType(StrEnum):
    OFFENDED_AGAINST = "OFFENDED_AGAINST"
    HAS_CONTACT = "HAS_CONTACT"
    HOUSEHOLD_MEMBER_OF = "HOUSEHOLD_MEMBER_OF"
    ASSOCIATES_WITH = "ASSOCIATES_WITH"
    RESIDES_AT = "RESIDES_AT"
    LOCATED_AT = "LOCATED_AT"


class PlanStatus(StrEnum):
    """Where a version of a risk management plan stands."""

    DRAFT = "DRAFT"
    AGREED = "AGREED"
    SUPERSEDED = "SUPERSEDED"


class PlanActionStatus(StrEnum):
    OPEN = "OPEN"
    DONE = "DONE"
    CANCELLED = "CANCELLED"


class MeetingStatus(StrEnum):
    SCHEDULED = "SCHEDULED"
    HELD = "HELD"
    CANCELLED = "CANCELLED"


class MeasureKind(StrEnum):
    """What a plan's measure rests on in the graph."""

    CONDITION = "CONDITION"
    RESIDENCE = "RESIDENCE"
    INTERVENTION = "INTERVENTION"
    SUPERVISION = "SUPERVISION"
    OTHER = "OTHER"
