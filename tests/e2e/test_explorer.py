"""The link explorer as its users meet it: a police analyst searches, expands, finds a path and
common associates and sees alert markers; a housing officer opening the same case sees only what
housing may see, with what is withheld marked, and nothing restricted anywhere in the page."""

import json
from datetime import date, timedelta

from playwright.async_api import Locator, Page, expect

from app.access.tokens import issue_dev_token
from app.core.enums import Role
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from tests.e2e.conftest import ARTIFACTS
from tests.graph import cypher

WAYNE, GRAHAM, JORDAN = "DEMO-OFF-02", "DEMO-OFF-07", "DEMO-CON-02A"
DARREN = "DEMO-OFF-01"


async def sign_in(page: Page, url: str, persona: str, purpose: str) -> None:
    await page.goto(url)
    await page.select_option("#persona", persona)
    await page.select_option("#purpose", purpose)
    await page.click("#sign-in button[type=submit]")
    await expect(page.locator("#workspace")).to_be_visible()
    await expect(page.locator("#purpose-shown")).to_have_text(purpose)


async def add_person(page: Page, name: str) -> None:
    await page.fill("#search", name)
    await page.click("#search-form button")
    hit = page.locator("#results li", has_text=name).first
    await expect(hit).to_be_visible()
    await hit.get_by_role("button", name="Add").click()
    await expect(page.locator("#status")).to_contain_text("placed on the chart")


def on_chart(page: Page, node_id: str) -> Locator:
    return page.locator(f'#chart-list li[data-id="{node_id}"]')


async def select_only(page: Page, *node_ids: str) -> None:
    for box in await page.locator("#chart-list input[type=checkbox]").all():
        await box.uncheck()
    for node_id in node_ids:
        await on_chart(page, node_id).locator("input").check()


async def test_an_analyst_explores_the_network(explorer_url: str, page: Page) -> None:
    await sign_in(page, explorer_url, "demo.police.analyst", "INVESTIGATION")
    await expect(page.locator("#who")).to_contain_text("demo.police.analyst")

    await add_person(page, "Wayne Ashcroft")
    # His intelligence link to Graham Pennington raises OFFENDER_ASSOCIATION (MEDIUM).
    await expect(on_chart(page, WAYNE)).to_have_attribute("data-severity", "MEDIUM")

    await select_only(page, WAYNE)
    await page.click("#expand")
    await expect(page.locator("#status")).to_contain_text("Expanded 1")
    await expect(on_chart(page, JORDAN)).to_contain_text("Named contact")
    await expect(on_chart(page, "DEMO-VIC-02")).to_contain_text("Victim")
    await expect(on_chart(page, "DEMO-ADR-02")).to_contain_text("Address")
    # Graham lives near a school his conditions put out of bounds: HIGH; expanded, the school is
    # drawn, linked by the alert.
    await expect(on_chart(page, GRAHAM)).to_have_attribute("data-severity", "HIGH")
    await select_only(page, GRAHAM)
    await page.click("#expand")
    await expect(on_chart(page, "DEMO-PRM-01")).to_contain_text("Premises")
    association = await page.evaluate(
        "id => explorer.cy.getElementById(id).data()",
        f"ASSOCIATES_WITH:{WAYNE}->{GRAHAM}")
    assert association["label"] == "associates · 2/B/C"

    # The side panel: his record, his alert, what the analyst's role does not see.
    await select_only(page, WAYNE)
    panel = page.locator("#panel")
    await expect(panel).to_contain_text("Sexual assault")
    await expect(panel).to_contain_text("OFFENDER_ASSOCIATION")
    await expect(panel.locator('[data-withheld="victims.location"]')).to_be_visible()

    # His son and Graham are joined through Wayne: two links.
    await select_only(page, JORDAN, GRAHAM)
    await page.click("#path")
    await expect(page.locator("#status")).to_contain_text("Shortest path: 2 links")
    path = await page.evaluate("() => explorer.cy.nodes('.on-path').map(n => n.id()).sort()")
    assert path == sorted([JORDAN, WAYNE, GRAHAM])

    # As at a date before Wayne moved in and before the association was observed, those links
    # are hidden; his son's contact link, which has no dates, stays.
    await page.fill("#as-at", "2015-01-01")
    await expect(page.locator("#status")).to_contain_text("as at 2015-01-01")
    hidden = await page.evaluate("() => explorer.cy.edges('.off-date').map(e => e.id())")
    assert f"RESIDES_AT:{WAYNE}->DEMO-ADR-02" in hidden
    assert f"ASSOCIATES_WITH:{WAYNE}->{GRAHAM}" in hidden
    assert f"HAS_CONTACT:{WAYNE}->{JORDAN}" not in hidden
    # As at 100 days ago Graham still lived at his previous address (he moved 20 days ago): the
    # people expanded so far are fetched again for that day, so the old home is drawn and the
    # new one is hidden.
    then = (date.today() - timedelta(days=100)).isoformat()
    await page.fill("#as-at", then)
    await expect(page.locator("#status")).to_contain_text(f"as at {then}")
    await expect(on_chart(page, "DEMO-ADR-07P")).to_contain_text("Address")
    hidden = await page.evaluate("() => explorer.cy.edges('.off-date').map(e => e.id())")
    assert f"RESIDES_AT:{GRAHAM}->DEMO-ADR-07" in hidden
    assert f"RESIDES_AT:{GRAHAM}->DEMO-ADR-07P" not in hidden
    await page.fill("#as-at", "")
    await expect(page.locator("#status")).to_contain_text("Showing links as at today")
    hidden = await page.evaluate("() => explorer.cy.edges('.off-date').map(e => e.id())")
    assert f"RESIDES_AT:{GRAHAM}->DEMO-ADR-07P" in hidden, "ended before today"
    assert f"RESIDES_AT:{GRAHAM}->DEMO-ADR-07" not in hidden

    await select_only(page, GRAHAM)
    await page.click("#pin")
    await expect(on_chart(page, GRAHAM)).to_contain_text("pinned")
    await select_only(page, "DEMO-VIC-02")
    await page.click("#remove")
    await expect(on_chart(page, "DEMO-VIC-02")).to_have_count(0)

    # Anthony Birtwistle's friend is associated with his victim: their one common associate.
    await add_person(page, "Anthony Birtwistle")
    await add_person(page, "Chloe Dawson")
    await select_only(page, "DEMO-OFF-05", "DEMO-VIC-05")
    await page.click("#common")
    await expect(page.locator("#status")).to_contain_text("Common associates (highlighted): "
                                                          "Martin Yates")
    await expect(on_chart(page, "DEMO-CON-05A")).to_be_visible()

    # Who else lives at Kieran Lomax's Approved Premises: expanding the address finds them.
    await add_person(page, "Kieran Lomax")
    await select_only(page, "DEMO-OFF-13")
    await page.click("#expand")
    await expect(on_chart(page, "DEMO-ADR-AP")).to_be_visible()
    await select_only(page, "DEMO-ADR-AP")
    await page.click("#expand")
    await expect(on_chart(page, "DEMO-OFF-14")).to_contain_text("Gary Entwistle")

    async with page.expect_download() as download:
        await page.click("#export")
    png = await (await download.value).path()
    assert png.read_bytes().startswith(b"\x89PNG")

    await select_only(page, WAYNE)
    await page.screenshot(path=ARTIFACTS / "analyst.png")


async def test_a_housing_officer_sees_only_what_housing_may(
    explorer_url: str, page: Page, graph: Graph, settings: Settings
) -> None:
    [restricted] = await cypher(graph, """
        MATCH (o:Offender {id: $id})
        RETURN o.indexOffence AS offence,
          [(o)-[:OFFENDED_AGAINST]->(v) | v.name] AS victims,
          [(o)-[:OFFENDED_AGAINST]->()-[:LOCATED_AT]->(a) | a.line1]
            + [(o)-[:OFFENDED_AGAINST]->()-[:LOCATED_AT]->(a) | a.postcode] AS places,
          [(o)-[:SUBJECT_TO]->(c) | c.text] AS conditions,
          [(o)-[:OFFENDED_AGAINST]->(v) | v.id] AS ids""", id=DARREN)
    secrets = [restricted["offence"], *restricted["victims"], *restricted["places"],
               *restricted["conditions"], *restricted["ids"]]
    assert len(secrets) >= 6

    # Signed in as in production: a token pasted in, no persona picked.
    token = issue_dev_token(settings, "demo.housing.partner", "AG-DEMO-HOUSING",
                            [Role.PARTNER_OFFICER])
    await page.goto(explorer_url)
    await page.fill("#token", token)
    await page.click("#sign-in button[type=submit]")
    await expect(page.locator("#purpose:invalid")).to_be_visible()  # the browser asks for it
    await expect(page.locator("#workspace")).to_be_hidden()
    await page.select_option("#purpose", "RISK_MANAGEMENT")
    await page.fill("#token", "not-a-token")
    await page.click("#sign-in button[type=submit]")
    await expect(page.locator("#sign-in-error")).to_contain_text("UNAUTHENTICATED")
    await expect(page.locator("#workspace")).to_be_hidden()
    await page.fill("#token", token)
    await page.click("#sign-in button[type=submit]")
    await expect(page.locator("#purpose-shown")).to_have_text("RISK_MANAGEMENT")
    await expect(page.locator("#who")).to_contain_text("Housing Options")
    await add_person(page, "Darren Holt")
    await select_only(page, DARREN)
    await page.click("#expand")
    await expect(page.locator("#status")).to_contain_text("Expanded 1")

    # His address (housing's business) and his alert, told through housing's classes; the
    # victim it is about is a node marked withheld, not a person and not silently dropped.
    await expect(on_chart(page, DARREN)).to_have_attribute("data-severity", "HIGH")
    await expect(on_chart(page, "DEMO-ADR-01")).to_contain_text("17 Ayres Road")
    withheld = page.locator('#chart-list li[data-kind="WITHHELD"]')
    await expect(withheld).to_contain_text("withheld · VICTIM_IDENTITY")
    await expect(page.locator("#chart-list li")).to_have_count(3)

    await select_only(page, DARREN)
    panel = page.locator("#panel")
    await expect(panel).to_contain_text("Proximity risk on this case: contact the MAPPA "
                                         "coordinator")
    for field in ("indexOffence", "victims", "contacts", "conditions", "riskOfSeriousHarm"):
        await expect(panel.locator(f'dd [data-withheld="{field}"], p [data-withheld="{field}"]')
                     ).to_be_visible()
    await page.screenshot(path=ARTIFACTS / "housing.png")

    # Nothing restricted is anywhere: not in the page, not in the chart's data; and the victim
    # cannot be found by name.
    content = await page.content()
    chart = json.dumps(await page.evaluate("() => explorer.cy.json().elements"))
    for secret in secrets:
        assert secret not in content, secret
        assert secret not in chart, secret
    await page.fill("#search", restricted["victims"][0])
    await page.click("#search-form button")
    await expect(page.locator("#results")).to_have_text("Nobody you may see matches.")
