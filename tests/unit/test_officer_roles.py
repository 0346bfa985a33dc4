"""Which roles must name a case officer of the token's agency (PRODUCT.md section 4), transcribed
here independently of app/access/principal.py."""

import pytest

from app.access.principal import OFFICER_ROLES
from app.core.enums import Role

MUST_BE_OFFICERS = {"PUBLIC_PROTECTION_OFFICER", "INTELLIGENCE_ANALYST", "OFFENDER_MANAGER",
                    "VICTIM_LIAISON_OFFICER", "MAPPA_COORDINATOR", "PARTNER_OFFICER"}


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_case_working_roles_must_be_officers_and_the_others_need_only_an_agency(
    role: Role,
) -> None:
    assert (role in OFFICER_ROLES) == (role.value in MUST_BE_OFFICERS)
