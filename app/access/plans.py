"""The risk management plan under need-to-know (docs/plans-design.md section 2): the plan is class
RISK_PLAN, a measure shows what it refers to only under that thing's own class, and the owner
exception: an agency that owns an action always sees that action, and may mark it DONE, even
without RISK_PLAN and without being involved in the case.

The Cypher half is queries/_fragments/owned_action.cypher (and visible_action.cypher, which joins
it to the case's rule); the measures' classes reach the queries as the `measureClasses`
parameter, from `MEASURE_REFERENCE` here.
"""

from collections.abc import Iterable

from app.access.principal import Principal
from app.access.redaction import Redaction, not_granted_reason
from app.core.enums import FieldClass as F
from app.core.enums import MeasureKind, PlanActionStatus

# A measure's reference: the PlanMeasure field that shows it, and the class it needs.
MEASURE_REFERENCE: dict[MeasureKind, tuple[str, F]] = {
    MeasureKind.CONDITION: ("condition", F.CONDITIONS),
    MeasureKind.RESIDENCE: ("residence", F.OFFENDER_ADDRESS),
    MeasureKind.INTERVENTION: ("intervention", F.SUPERVISION),
    MeasureKind.SUPERVISION: ("officer", F.MAPPA_STATUS),
}

# What the owner agency of an action sees of it without RISK_PLAN (PlanAction's fields; the
# case's name only through IDENTITY on a case it may see). The rest is RISK_PLAN.
OWNER_FIELDS = frozenset({"id", "offender", "text", "dueOn", "overdue", "status", "statusAt",
                          "outcome", "ownerAgency", "ownerOfficer", "redactions"})
ACTION_RISK_PLAN_FIELDS = ("statusBy",)

OWNER_EXCEPTION = ("shown to its owner agency without the plan (the owner exception): the rest "
                   "of the action is RISK_PLAN")
CASE_NOT_SEEN = "the case is not one the caller may see: its owner agency sees the action alone"


def measure_classes() -> dict[str, str]:
    """The `measureClasses` parameter: each kind of measure's reference class, by kind."""
    return {kind.value: field_class.value for kind, (_, field_class) in MEASURE_REFERENCE.items()}


def owner_may_set(current: PlanActionStatus, wanted: PlanActionStatus) -> bool:
    """The owner agency may mark its action DONE (again, to correct the outcome), unless it was
    CANCELLED: cancelling, and reopening, are plan decisions for the lead or a coordinator."""
    return wanted is PlanActionStatus.DONE and current is not PlanActionStatus.CANCELLED


def action_redactions(
    principal: Principal, *, plan_shown: bool, name_shown: bool
) -> tuple[Redaction, ...]:
    """What of an action the caller is not shown: RISK_PLAN fields when it sees the action by the
    owner exception alone, the case's name without IDENTITY on a case it sees."""
    found: list[Redaction] = []
    if not name_shown:
        reason = (not_granted_reason(principal) if F.IDENTITY not in principal.field_classes
                  else CASE_NOT_SEEN)
        found.append(Redaction(field="offender.name", field_class=F.IDENTITY, reason=reason))
    if not plan_shown:
        found += [Redaction(field=name, field_class=F.RISK_PLAN, reason=OWNER_EXCEPTION)
                  for name in ACTION_RISK_PLAN_FIELDS]
    return tuple(found)


def measure_redactions(
    principal: Principal, measures: Iterable[tuple[MeasureKind, bool]]
) -> tuple[Redaction, ...]:
    """The references withheld among a plan's measures (kind, whether it refers to anything):
    one redaction per field, as `measures.condition`."""
    withheld: dict[str, F] = {}
    for kind, refers in measures:
        if refers and kind in MEASURE_REFERENCE:
            name, field_class = MEASURE_REFERENCE[kind]
            if field_class not in principal.field_classes:
                withheld[f"measures.{name}"] = field_class
    reason = not_granted_reason(principal)
    return tuple(Redaction(field=name, field_class=field_class, reason=reason)
                 for name, field_class in sorted(withheld.items()))
