"""The meetings page as its users meet it: the MAPPA coordinator preparing next week's level 2
meeting picks it, reads its agenda (each case's level, open alerts, overdue actions, decision to
come) and the open actions on its cases by owner agency; the housing officer, invited to no
meeting, sees the one action housing owns and nothing of the plan it belongs to."""

from datetime import date, timedelta

import pytest
from playwright.async_api import Page, expect

from seed.demo import HOUSING_ACTION, NEXT_MEETING
from tests.e2e.conftest import ARTIFACTS

AGENDA = {"DEMO-OFF-01": "Darren Holt", "DEMO-OFF-09": "Jason Rigby",
          "DEMO-OFF-12": "Mark Heywood", "DEMO-OFF-14": "Gary Entwistle"}


@pytest.fixture
def meetings_url(explorer_url: str) -> str:
    """/meetings on the explorer's server: the demo scenario with its alerts raised."""
    return explorer_url.removesuffix("/explore") + "/meetings"


async def sign_in(page: Page, url: str, persona: str, purpose: str) -> None:
    await page.goto(url)
    await page.select_option("#persona", persona)
    await page.select_option("#purpose", purpose)
    await page.click("#sign-in button[type=submit]")
    await expect(page.locator("#workspace")).to_be_visible()
    await expect(page.locator("#purpose-shown")).to_have_text(purpose)


async def test_a_coordinator_prepares_next_weeks_level_2_meeting(
    meetings_url: str, page: Page,
) -> None:
    await sign_in(page, meetings_url, "demo.probation.coordinator", "MAPP_MEETING")
    next_week = (date.today() + timedelta(days=7)).isoformat()
    first = page.locator("#meetings button").first
    await expect(first).to_have_attribute("data-meeting", NEXT_MEETING)
    await expect(first).to_contain_text(f"{next_week} · Level 2 · GMP")
    await expect(first).to_contain_text("chair Margaret Doyle")

    await first.click()
    await expect(page.locator("#meeting-title")).to_have_text(
        f"Level 2 meeting · GMP · {next_week}")
    rows = page.locator("#agenda tbody tr")
    await expect(rows).to_have_count(4)
    for offender_id, name in AGENDA.items():
        row = page.locator(f'#agenda tr[data-offender="{offender_id}"]')
        await expect(row.locator(".case")).to_contain_text(name)
        await expect(row.locator(".level")).to_have_text("Level 2")
        await expect(row.locator(".decision")).to_have_text("To decide")
    darren = page.locator('#agenda tr[data-offender="DEMO-OFF-01"]')
    await expect(darren.locator(".alerts")).to_contain_text("PROXIMITY_TO_VICTIM")
    await expect(darren.locator(".overdue-actions")).to_contain_text(
        "Unannounced home visit to check he lives at the temporary address.")
    await expect(darren.locator(".overdue-actions li")).to_have_count(1)

    # The open actions on these four cases, by owner agency: every police one is overdue.
    police = page.locator('#by-agency section[data-agency="AG-DEMO-POLICE"]')
    await expect(police.locator("h4")).to_contain_text("4 open, 4 overdue")
    housing = page.locator('#by-agency section[data-agency="AG-DEMO-HOUSING"]')
    await expect(housing.locator(f'li[data-action="{HOUSING_ACTION}"]')).to_contain_text(
        "Identify settled move-on accommodation")
    await expect(page.locator('#by-agency li[data-offender="DEMO-OFF-04"]')).to_have_count(0)
    await page.screenshot(path=ARTIFACTS / "meetings-coordinator.png", full_page=True)


async def test_a_housing_officer_sees_the_one_action_housing_owns(
    meetings_url: str, page: Page,
) -> None:
    await sign_in(page, meetings_url, "demo.housing.partner", "RISK_MANAGEMENT")
    await expect(page.locator("#meetings")).to_contain_text(
        "No meetings to come that you may see.")
    owed = page.locator("#owed li")
    await expect(owed).to_have_count(1)
    await expect(owed).to_have_attribute("data-action", HOUSING_ACTION)
    await expect(owed).to_contain_text("Identify settled move-on accommodation away from the "
                                       "victim's area.")
    await expect(owed).to_contain_text("case Darren Holt DEMO-OFF-01")
    await page.screenshot(path=ARTIFACTS / "meetings-housing.png", full_page=True)
