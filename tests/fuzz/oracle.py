"""What each demo persona must never see: the demo scenario's strings and ids, each under the field
class that guards it (seed/demo.py, app/access), less what the persona's own cases show it.

A value is secret for a persona when some offender carries it under a class the persona may not
see there (every class, on a case its agency is not involved in, whoever manages it), and no
offender shows it to the persona under a class it may see (a licence condition's standard text,
the line and postcode of Approved Premises two cases each recorded). Ids are secret like the
rest, except to an auditor, whose trail names the subjects of every event.

The fuzz world also holds one emergency grant (`GRANT`, made by tests/fuzz/world.py): who took it
and why are for those who review the case's grants (app/access/write_rights.py) and its holder.
And one risk management plan (`FUZZ_PLAN`) with three actions: the plan is RISK_PLAN on its case,
and each action is RISK_PLAN too except to the agency that owns it (the owner exception), which
sees its text and the case's id even on a case it is not involved in (DWP's).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from app.access.table import field_classes
from app.access.write_rights import Write, held_scopes
from app.alerts.rules import RULE, RULES
from app.core.enums import AlertRule, Role
from app.core.enums import FieldClass as F
from seed.demo import PERSONAS, Persona, demo_batches
from seed.rows import AddressRow, BatchKind, OffenderRow

MIN_SECRET_LENGTH = 6  # shorter values could turn up by chance
# The example in app/core/inputs.py's postcode message happens to be the Approved Premises'.
NAMED_BY_THE_SERVICE = frozenset({"M15 4QX"})


@dataclass(frozen=True)
class FuzzGrant:
    """An emergency grant on a case the police are not in, taken by their officer, expired (so
    it shows him nothing) and unreviewed past the review window, so that both its alerts carry
    it."""

    id: str = "EG-FUZZ-0001"
    offender_id: str = "DEMO-OFF-06"
    user_id: str = "demo.police.ppo"
    agency_id: str = "AG-DEMO-POLICE"
    justification: str = "Fuzz grant: a reported sighting near the school gates this morning"
    hours_ago: int = 80


GRANT = FuzzGrant()


@dataclass(frozen=True)
class FuzzAction:
    id: str
    owner_agency_id: str
    text: str


@dataclass(frozen=True)
class FuzzPlan:
    """An agreed plan on housing's one case, with a measure on its residence condition, and
    actions owed by housing (involved, no RISK_PLAN), DWP (not involved) and the police."""

    id: str = "RMP-FUZZ-0001"
    offender_id: str = "DEMO-OFF-01"
    summary: str = "Fuzz plan: keep Holt away from Clarendon Street, review monthly"
    measure_id: str = "RMP-FUZZ-0001.01"
    measure_condition_id: str = "DEMO-LC-01B"
    measure_text: str = "Fuzz measure: resides only where probation approves"
    actions: tuple[FuzzAction, ...] = (
        FuzzAction("PA-FUZZ-HOUSING", "AG-DEMO-HOUSING", "Fuzz action: move-on bed by Friday"),
        FuzzAction("PA-FUZZ-DWP", "AG-DEMO-DWP", "Fuzz action: check the claim address"),
        FuzzAction("PA-FUZZ-POLICE", "AG-DEMO-POLICE", "Fuzz action: unannounced home visit"),
    )


FUZZ_PLAN = FuzzPlan()


@dataclass(frozen=True)
class Guarded:
    """One value of the scenario, the offender whose case holds it, and the class guarding it."""

    offender_id: str
    field_class: F | None  # None: the record itself (its id), visible with the case
    value: str
    is_id: bool
    owner: str | None = None  # an agency that sees it anyway: it owns the action it is of


def _address(address: AddressRow, field_class: F, offender_id: str) -> Iterator[Guarded]:
    yield Guarded(offender_id, field_class, address["id"], is_id=True)
    for value in (address["line1"], address["postcode"], repr(address["lat"]),
                  repr(address["lon"])):
        yield Guarded(offender_id, field_class, value, is_id=False)


def _offender(o: OffenderRow) -> Iterator[Guarded]:
    oid = o["id"]

    def values(field_class: F | None, *texts: str) -> Iterator[Guarded]:
        for text in texts:
            yield Guarded(oid, field_class, text, is_id=False)

    def ids(field_class: F | None, *identifiers: str) -> Iterator[Guarded]:
        for identifier in identifiers:
            yield Guarded(oid, field_class, identifier, is_id=True)

    yield from ids(None, oid)
    yield from values(F.IDENTITY, o["name"], *o["aliases"], o["dateOfBirth"], o["pnc"],
                      o["visorRef"])
    yield from values(F.OFFENCE_SUMMARY, o["indexOffence"])
    for residence in [o["home"], *o["pastResidences"]]:
        yield from _address(residence["address"], F.OFFENDER_ADDRESS, oid)
    for condition in o["conditions"]:
        yield from ids(F.CONDITIONS, condition["id"], *(z["id"] for z in condition["zones"]))
        yield from values(F.CONDITIONS, condition["text"])
        for zone in condition["zones"]:  # a zone round a victim's home shows where it is
            yield from values(F.CONDITIONS, repr(zone["centreLat"]), repr(zone["centreLon"]),
                              zone["geometry"])
    for contact in o["contacts"]:
        yield from ids(F.CONTACTS, contact["id"])
        yield from values(F.CONTACTS, contact["name"], contact["dateOfBirth"])
        for residence in contact["residences"]:
            yield from _address(residence["address"], F.CONTACTS, oid)
    for victim in o["victims"]:
        yield from ids(F.VICTIM_IDENTITY, victim["id"])
        yield from values(F.VICTIM_IDENTITY, victim["name"], victim["dateOfBirth"])
        yield from _address(victim["address"], F.VICTIM_LOCATION, oid)
    for note in o["healthNotes"]:
        yield from ids(F.HEALTH, note["id"])
        yield from values(F.HEALTH, note["text"])
    if o["lastFix"] is not None:
        yield from values(F.EM_LOCATION, repr(o["lastFix"]["lat"]), repr(o["lastFix"]["lon"]))
    for intervention in o["interventions"]:
        yield from ids(F.SUPERVISION, intervention["id"])
        yield from values(F.SUPERVISION, intervention["name"])
    for event in o["complianceEvents"]:
        yield from ids(F.SUPERVISION, event["id"])
        yield from values(F.SUPERVISION, event["note"])
    for notification in o["notifications"]:
        yield from ids(F.SUPERVISION, notification["id"])
        yield from values(F.SUPERVISION, notification["details"])


def _plan(plan: FuzzPlan) -> Iterator[Guarded]:
    oid = plan.offender_id
    for identifier in (plan.id, plan.measure_id):
        yield Guarded(oid, F.RISK_PLAN, identifier, is_id=True)
    for text in (plan.summary, plan.measure_text):
        yield Guarded(oid, F.RISK_PLAN, text, is_id=False)
    for action in plan.actions:
        yield Guarded(oid, F.RISK_PLAN, action.id, is_id=True, owner=action.owner_agency_id)
        yield Guarded(oid, F.RISK_PLAN, action.text, is_id=False, owner=action.owner_agency_id)
        # Its owner sees which case it is on.
        yield Guarded(oid, None, oid, is_id=True, owner=action.owner_agency_id)


def scenario(as_of: date) -> tuple[list[OffenderRow], list[Guarded]]:
    """The demo offenders and every guarded value of theirs, the fuzz plan's included."""
    offenders = [row for b in demo_batches(as_of) if b.kind is BatchKind.OFFENDERS
                 for row in b.rows]
    return offenders, [*(g for o in offenders for g in _offender(o)), *_plan(FUZZ_PLAN)]


def involved(persona: Persona, offender: OffenderRow, as_of: date) -> bool:
    """The persona's agency has an open involvement in the case (no `until`, or a later one)."""
    return any(i["agencyId"] == persona.agency_id
               and (i["until"] is None or date.fromisoformat(i["until"]) > as_of)
               for i in offender["involvements"])


def sees_case(persona: Persona, offender: OffenderRow, as_of: date) -> bool:
    """The record-level rule of PRODUCT.md section 4 (queries/_fragments/visible_case.cypher) as
    the demo sets it up (`GRANT` has expired): its agency is involved. A case officer's MANAGES
    gives nothing of itself (the rule's officer clause holds only when this one does), so the
    officers the demo names on a case do not enter here."""
    return involved(persona, offender, as_of)


def reviews_grants(persona: Persona, offender: OffenderRow, as_of: date) -> bool:
    """Whether the persona reviews the emergency grants on this case: where its reviewEmergency-
    Access rights hold (its agency leads the case, or is involved in it)."""
    scopes = held_scopes(Write.REVIEW_EMERGENCY_ACCESS, persona.agency_kind, [persona.role])
    return ("LEAD" in scopes and offender["leadAgencyId"] == persona.agency_id) or (
        "INVOLVED" in scopes and involved(persona, offender, as_of))


def owns_overdue_action(persona: Persona, as_of: date) -> bool:
    """Whether the persona's agency owns an OPEN plan action past its due date in the scenario
    (its plans batch, when the demo has one): the owner exception shows it that action's
    ACTION_OVERDUE alert in full, RISK_PLAN or not (app/access/alerts.py)."""
    return any(action["ownerAgencyId"] == persona.agency_id and action["status"] == "OPEN"
               and date.fromisoformat(action["dueOn"]) < as_of
               for batch in demo_batches(as_of) if batch.kind == "PLANS"
               for plan in batch.rows for version in plan["versions"]
               for action in version["actions"])


def secrets_of(persona: Persona, as_of: date) -> frozenset[str]:
    """The values `persona` must never be shown, on the demo scenario as loaded on `as_of`."""
    offenders, guarded = scenario(as_of)
    classes = field_classes(persona.agency_kind, [persona.role])
    visible = {o["id"] for o in offenders if sees_case(persona, o, as_of)}

    def shown(g: Guarded) -> bool:
        if g.owner is not None and g.owner == persona.agency_id and classes:
            return True  # the owner exception (app/access/plans.py)
        return g.offender_id in visible and (g.field_class is None or g.field_class in classes)

    allowed = {g.value for g in guarded if shown(g)}
    hidden = {g.value for g in guarded if not shown(g)
              and not (g.is_id and persona.role is Role.AUDITOR)}
    # An alert's full summary says what only its class may know; the others get a pointer (but
    # the agency that owns an overdue plan action reads its ACTION_OVERDUE alert in full).
    hidden |= {r.summary.full for r in RULES if r.summary.needs not in classes and not (
        r.code is AlertRule.ACTION_OVERDUE and owns_overdue_action(persona, as_of))}
    if F.EM_LOCATION not in classes:  # where a fix placed him (every zone entry is so placed)
        hidden |= {r.summary.by_fix for r in RULES if r.summary.by_fix}
        hidden.add(RULE[AlertRule.EXCLUSION_ZONE_ENTRY].summary.full)
    granted_case = next(o for o in offenders if o["id"] == GRANT.offender_id)
    if persona.officer_id != GRANT.user_id and not reviews_grants(persona, granted_case, as_of):
        hidden.add(GRANT.justification)
        if persona.role is not Role.AUDITOR:
            hidden.add(GRANT.id)
    return frozenset(v for v in hidden - allowed - NAMED_BY_THE_SERVICE
                     if len(v) >= MIN_SECRET_LENGTH)


def all_secrets(as_of: date) -> dict[str, frozenset[str]]:
    return {p.officer_id: secrets_of(p, as_of) for p in PERSONAS}


def demo_ids(as_of: date) -> list[str]:
    """Every id the scenario gives, for the fuzzer to try (a real id reaches further)."""
    batches = demo_batches(as_of)
    _, guarded = scenario(as_of)
    ids = {g.value for g in guarded if g.is_id}
    for batch in batches:
        if batch.kind in (BatchKind.AGENCIES, BatchKind.OFFICERS, BatchKind.PREMISES):
            ids |= {row["id"] for row in batch.rows}
    return sorted(ids)
