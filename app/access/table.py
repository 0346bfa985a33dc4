"""Which field classes each agency kind and role may see on a case it can see (PRODUCT.md s.4).

One row per line: changing what a role sees is a one-line change here.
"""

from app.core.enums import AgencyKind as K
from app.core.enums import FieldClass as F
from app.core.enums import Role as R

ALL = frozenset(F)
RESPONSIBLE_AUTHORITY = frozenset({K.POLICE, K.PROBATION, K.PRISON})

# (agency kind or None for "any agency", role) -> classes granted
CLASSES: dict[tuple[K | None, R], frozenset[F]] = {
    (K.POLICE, R.PUBLIC_PROTECTION_OFFICER): ALL - {F.HEALTH},
    (K.POLICE, R.INTELLIGENCE_ANALYST): frozenset({
        F.IDENTITY, F.MAPPA_STATUS, F.OFFENCE_SUMMARY, F.OFFENDER_ADDRESS, F.CONDITIONS,
        F.RISK_SUMMARY, F.CONTACTS, F.INTELLIGENCE, F.VICTIM_IDENTITY, F.SUPERVISION}),
    (K.PROBATION, R.OFFENDER_MANAGER): ALL - {F.HEALTH, F.VICTIM_LOCATION},
    (K.YOUTH_JUSTICE, R.OFFENDER_MANAGER): ALL - {F.HEALTH, F.VICTIM_LOCATION},
    (K.PROBATION, R.VICTIM_LIAISON_OFFICER): frozenset({
        F.IDENTITY, F.MAPPA_STATUS, F.CONDITIONS, F.VICTIM_IDENTITY, F.VICTIM_LOCATION,
        F.RISK_PLAN}),
    (K.PRISON, R.OFFENDER_MANAGER): frozenset({
        F.IDENTITY, F.MAPPA_STATUS, F.OFFENCE_SUMMARY, F.CONDITIONS, F.RISK_SUMMARY, F.CONTACTS,
        F.SUPERVISION, F.RISK_PLAN}),
    **{(kind, R.MAPPA_COORDINATOR): frozenset({
        F.IDENTITY, F.MAPPA_STATUS, F.OFFENCE_SUMMARY, F.OFFENDER_ADDRESS, F.CONDITIONS,
        F.RISK_SUMMARY, F.CONTACTS, F.SUPERVISION, F.RISK_PLAN})
       for kind in RESPONSIBLE_AUTHORITY},
    (K.HOUSING, R.PARTNER_OFFICER): frozenset({F.IDENTITY, F.MAPPA_STATUS, F.OFFENDER_ADDRESS}),
    (K.CHILDRENS_SERVICES, R.PARTNER_OFFICER): frozenset({
        F.IDENTITY, F.MAPPA_STATUS, F.OFFENCE_SUMMARY, F.OFFENDER_ADDRESS, F.RISK_SUMMARY,
        F.CONTACTS}),
    (K.HEALTH, R.PARTNER_OFFICER): frozenset({
        F.IDENTITY, F.MAPPA_STATUS, F.RISK_SUMMARY, F.HEALTH}),
    (K.DWP, R.PARTNER_OFFICER): frozenset({F.IDENTITY, F.MAPPA_STATUS}),
    (K.ELECTRONIC_MONITORING, R.PARTNER_SYSTEM): frozenset({
        F.IDENTITY, F.OFFENDER_ADDRESS, F.CONDITIONS, F.EM_LOCATION}),
    (None, R.AUDITOR): frozenset(),
    (None, R.ADMIN): frozenset(),
}


def field_classes(kind: K, roles: tuple[R, ...] | list[R]) -> frozenset[F]:
    """The union of the classes each of the principal's roles grants at its agency kind."""
    granted: set[F] = set()
    for role in roles:
        granted |= CLASSES.get((kind, role), CLASSES.get((None, role), frozenset()))
    return frozenset(granted)
