"""Whom a webhook acts as, decided from its owner as the graph has it now (no database): an
officer while it works for the agency in a role it was registered under, a partner system while
its agency exists; and the two queries that read the owner read it alike."""

import re

import pytest

from app.core.enums import AgencyKind, Role
from app.settings import PROJECT_ROOT
from app.webhooks.models import OwnerLapsed, WebhookOwner, acting_as

R = Role


def owner(roles: tuple[Role, ...], officer_role: Role | None, *, agency: bool = True,
          kind: AgencyKind = AgencyKind.POLICE) -> WebhookOwner:
    return WebhookOwner(user_id="u", agency_id="AG", roles=roles, officer_role=officer_role,
                        agency_name="Agency" if agency else None,
                        agency_kind=kind if agency else None)


STANDING = {
    "an officer still of the agency, in its role": (
        owner((R.PUBLIC_PROTECTION_OFFICER,), R.PUBLIC_PROTECTION_OFFICER),
        (R.PUBLIC_PROTECTION_OFFICER,)),
    "an officer registered with two roles, holding one now": (
        owner((R.OFFENDER_MANAGER, R.MAPPA_COORDINATOR), R.OFFENDER_MANAGER,
              kind=AgencyKind.PROBATION),
        (R.OFFENDER_MANAGER,)),
    "a partner system: not in the graph, its agency is": (
        owner((R.PARTNER_SYSTEM,), None, kind=AgencyKind.ELECTRONIC_MONITORING),
        (R.PARTNER_SYSTEM,)),
}


@pytest.mark.parametrize(("who", "roles"), STANDING.values(), ids=list(STANDING))
def test_an_owner_that_stands_acts_with_the_roles_it_holds_now(
    who: WebhookOwner, roles: tuple[Role, ...]
) -> None:
    principal = acting_as(who)
    assert (principal.user_id, principal.agency_id, principal.roles) == ("u", "AG", roles)
    assert principal.field_classes


LAPSED = {
    "an officer no longer of the agency": (
        owner((R.PUBLIC_PROTECTION_OFFICER,), None),
        "the owner u no longer works for AG"),
    "an officer in another role": (
        owner((R.PUBLIC_PROTECTION_OFFICER,), R.INTELLIGENCE_ANALYST),
        "the owner u is now INTELLIGENCE_ANALYST at AG, not PUBLIC_PROTECTION_OFFICER as when "
        "the webhook was registered"),
    "an officer whose agency is gone": (
        owner((R.PUBLIC_PROTECTION_OFFICER,), None, agency=False),
        "the owning agency AG no longer exists"),
    "a partner system whose agency is gone": (
        owner((R.PARTNER_SYSTEM,), None, agency=False),
        "the owning agency AG no longer exists"),
}


@pytest.mark.parametrize(("who", "why"), LAPSED.values(), ids=list(LAPSED))
def test_an_owner_that_no_longer_stands_is_told_why(who: WebhookOwner, why: str) -> None:
    with pytest.raises(OwnerLapsed) as lapse:
        acting_as(who)
    assert str(lapse.value) == why


def test_enqueueing_and_claiming_read_the_owner_alike() -> None:
    projections = []
    for name in ("list_enabled_webhooks", "claim_deliveries"):
        text = " ".join((PROJECT_ROOT / "queries/webhook" / f"{name}.cypher").read_text().split())
        found = re.search(r"\{userId: w\.ownerUserId, .*?officer\.role\]\)\}", text)
        assert found, name
        projections.append(found[0])
    assert projections[0] == projections[1]
