"""What an alert tells each caller (PRODUCT.md section 5: "a housing officer learns 'proximity risk
on this case: contact the MAPPA coordinator', not where the victim lives").

Each rule has a full summary, shown to callers holding the class it depends on, and a restricted
one that says only that there is a risk and whom to ask (its row in app/alerts/rules.py). The
counterpart and the distance are withheld inside the query (queries/_fragments/alert_shown.cypher);
`alert_redactions` names them.

Where a location fix placed the offender (every EXCLUSION_ZONE_ENTRY; a NEAR_RESTRICTED_PREMISES
raised from a fix rather than a residence), the alert tells where electronic monitoring put him:
its zone or premises, its distance, its full summary and any note on it need EM_LOCATION besides
their own class.

An alert about an emergency grant shows the grant (who took it, as what, why, its id) only to those
who review the case's grants (app/access/write_rights.py, reviewEmergencyAccess): the query
withholds it from everyone else, and its summary then names no one.

An ACTION_OVERDUE alert goes to the agency that owns its action and to the lead agency
(queries/_fragments/alert_audience.cypher). Its action and its full summary need RISK_PLAN, but
the owner agency reads them without it: the owner exception (docs/plans-design.md section 2), here
`granted`. An owner that is not involved in the case gets the alert on the case's id alone: the
offender's name needs IDENTITY on a case it sees.
"""

from app.access.principal import Principal
from app.access.redaction import PERSON_KIND_CLASS, Redaction, not_granted_reason
from app.alerts.models import AlertRecord
from app.alerts.rules import RULE
from app.cases.models import EmergencyGrant
from app.core.enums import AlertRule, CounterpartType, FieldClass, PersonKind

F = FieldClass
R = AlertRule

GRANT_WITHHELD = ("only the lead agency's officers and the case's MAPPA coordinators see who took "
                  "emergency access and why")
CASE_NOT_SHARED = ("the case is not shared with your agency: it receives this alert because it "
                   "owns the action")

# The class a counterpart of each kind needs (a person: the class of the role they are seen in).
COUNTERPART_CLASS: dict[CounterpartType, FieldClass] = {
    CounterpartType.ZONE: F.CONDITIONS,
    CounterpartType.PREMISES: F.CONDITIONS,
    CounterpartType.ACTION: F.RISK_PLAN,
}


def granted(alert: AlertRecord, principal: Principal) -> frozenset[FieldClass]:
    """The classes the caller reads `alert` under: its own, and RISK_PLAN on an alert about an
    action its agency owns (the owner exception: the action, the full summary and the note)."""
    if alert.action_owned:
        return principal.field_classes | {COUNTERPART_CLASS[CounterpartType.ACTION]}
    return principal.field_classes


def grant_summary(rule: AlertRule, grant: EmergencyGrant) -> str:
    """What a reviewer of the case's grants reads: who took the grant, as what, why, its id."""
    roles = ", ".join(grant.roles) or "no role"
    taken = (f"Emergency access {grant.id} taken by {grant.user_id} ({grant.agency_id}, {roles}) "
             f"at {grant.granted_at.isoformat(timespec='minutes')}")
    if rule is R.EMERGENCY_ACCESS_REVIEW_OVERDUE:
        return f"{taken} is overdue for review: review it"
    purpose = f" for {grant.purpose}" if grant.purpose else ""
    return f'{taken}{purpose}, saying "{grant.justification}": review it'


def summary_classes(alert: AlertRecord) -> set[FieldClass]:
    """What the full summary needs: the rule's class, and EM_LOCATION where a fix placed him."""
    return {RULE[alert.rule].summary.needs, *([F.EM_LOCATION] if alert.placed_by_fix else [])}


def summary(alert: AlertRecord, principal: Principal) -> str:
    if alert.emergency_grant is not None:
        return grant_summary(alert.rule, alert.emergency_grant)
    text = RULE[alert.rule].summary
    if not summary_classes(alert) <= granted(alert, principal):
        return text.restricted
    return text.by_fix if alert.placed_by_fix and text.by_fix else text.full


def distance_class(alert: AlertRecord) -> FieldClass:
    """A distance to a victim tells where they live; any other, where the offender does (or,
    where a fix placed him, also where he was: `placement_class`)."""
    victim = alert.counterpart_role is PersonKind.VICTIM or alert.rule is R.PROXIMITY_TO_VICTIM
    return F.VICTIM_LOCATION if victim else F.OFFENDER_ADDRESS


def placement_class(
    alert: AlertRecord, own: FieldClass, held: frozenset[FieldClass]
) -> FieldClass:
    """The class a part of the alert was withheld for: its own class if the caller lacks it,
    else EM_LOCATION (which an alert a fix placed needs besides)."""
    return F.EM_LOCATION if alert.placed_by_fix and own in held else own


def alert_classes(alert: AlertRecord) -> set[FieldClass]:
    """Every class an alert's full detail belongs to: its summary's, its counterpart's, its
    distance's. A note written on it (acknowledging, resolving) may speak of any of them."""
    classes = summary_classes(alert)
    if alert.counterpart_type is CounterpartType.PERSON:
        role = alert.counterpart_role or PersonKind.OFFENDER
        classes.add(PERSON_KIND_CLASS[role] if role is not PersonKind.OFFENDER else F.IDENTITY)
    elif alert.counterpart_type is not None:
        classes.add(COUNTERPART_CLASS[alert.counterpart_type])
    if alert.distance_recorded:
        classes.add(distance_class(alert))
    return classes


def note_withheld_class(alert: AlertRecord, principal: Principal) -> FieldClass | None:
    """The class for lack of which the caller may not read the alert's note (None: it may)."""
    missing = alert_classes(alert) - granted(alert, principal)
    if not missing:
        return None
    needs = RULE[alert.rule].summary.needs  # the rule's own class names the withholding first
    return needs if needs in missing else sorted(missing)[0]


def alert_redactions(alert: AlertRecord, principal: Principal) -> list[Redaction]:
    """The parts of `alert` the caller is not shown: summary detail, counterpart, distance,
    emergency grant, plan action, offender's name, note."""
    reason, classes = not_granted_reason(principal), granted(alert, principal)
    withheld = []
    text = RULE[alert.rule].summary
    if not summary_classes(alert) <= classes:
        withheld.append(Redaction(field="summary", reason=reason,
                                  field_class=placement_class(alert, text.needs, classes)))
    hidden_counterpart = alert.counterpart_type not in (None, CounterpartType.ACTION) and all(
        shown is None for shown in (alert.person, alert.zone, alert.premises))
    if hidden_counterpart:
        if alert.counterpart_type is CounterpartType.PERSON:
            role = alert.counterpart_role or PersonKind.OFFENDER
            needed = PERSON_KIND_CLASS[role] if role is not PersonKind.OFFENDER else F.IDENTITY
            why = (reason if needed not in classes
                   else "their case is not shared with your agency")
        else:
            assert alert.counterpart_type is not None
            own = COUNTERPART_CLASS[alert.counterpart_type]
            if alert.counterpart_type is CounterpartType.PREMISES and F.OFFENDER_ADDRESS in classes:
                own = F.OFFENDER_ADDRESS  # premises near where he lives show with his address
            needed, why = placement_class(alert, own, classes), reason
        withheld.append(Redaction(field="counterpart", field_class=needed, reason=why))
    if alert.distance_recorded and alert.distance_metres is None:
        withheld.append(Redaction(field="distanceMetres", reason=reason,
                                  field_class=placement_class(alert, distance_class(alert),
                                                              classes)))
    if alert.grant_recorded and alert.emergency_grant is None:
        withheld.append(Redaction(field="emergencyGrant", field_class=F.MAPPA_STATUS,
                                  reason=GRANT_WITHHELD))
    if alert.counterpart_type is CounterpartType.ACTION and alert.action is None:
        withheld.append(Redaction(field="action", reason=reason,
                                  field_class=COUNTERPART_CLASS[CounterpartType.ACTION]))
    if alert.offender.name is None:
        withheld.append(Redaction(
            field="offender.name", field_class=F.IDENTITY,
            reason=reason if F.IDENTITY not in classes or alert.case_visible else CASE_NOT_SHARED))
    if alert.note is not None and (needed_for_note := note_withheld_class(alert, principal)):
        withheld.append(Redaction(field="note", field_class=needed_for_note, reason=reason))
    return withheld
