"""Each case keeps its own record of an address, through HTTP on the demo scenario.

`recordAddress` and `addNamedContact` never adopt an address another case recorded: a caller
reads back exactly what it (or another principal who may see that case) wrote, and the answer
names no other case's record. Cases meet only at a place, by a key of the normalised postcode and
first line (graph_schema/MODEL.md), so the shared-address rules still raise for people recorded
at one place by different agencies, on every case concerned, and the network still walks from a
resident to those the caller may see who live there, never to a hidden one.
"""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from app.alerts.worker import AlertWorker, sweep
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.demo import H12, SHARED_FLAT, near
from seed.load import load_demo
from tests.api.client import DemoCaller, http_client

TODAY = datetime.now(UTC).date()
ADDRESS = "id line1 town postcode location { latitude longitude }"
OFFENDER = f"""query($id: ID!) {{ offender(id: $id) {{
  currentAddress {{ {ADDRESS} }} addresses {{ address {{ {ADDRESS} }} kind from to }}
}} }}"""
ALERTS = """query($filter: AlertFilter) { alerts(filter: $filter, first: 100) {
  edges { node { rule offender { id } counterpart { ... on PersonSummary { id } } } }
} }"""
NETWORK = """query($id: ID!) { network(personId: $id, depth: 2, limit: 200) {
  nodes { id kind label } edges { source target type }
} }"""
PATH = """query($from: ID!, $to: ID!) { shortestPath(fromId: $from, toId: $to) {
  length nodes { id kind label }
} }"""

# Police write where the flat of DEMO-OFF-10 and -11 is (cases police are not involved in), in
# their own words: another town, another point, the line in lower case, abbreviated, no comma.
FLAT = (53.4301, -2.2302)
POLICE_FLAT = {"line1": "flat 4 22 cromwell rd.", "town": "Withington", "postcode": "m206lp",
               "latitude": FLAT[0], "longitude": FLAT[1]}


class Caller(DemoCaller):
    """One persona of the demo, calling the API."""

    async def post(self, query: str, **variables: Any) -> dict[str, Any]:
        body = await self.ask(query, **variables)
        assert "errors" not in body, body
        return body

    async def write(self, mutation: str, input_: dict[str, Any], fields: str) -> Any:
        type_name = mutation[0].upper() + mutation[1:] + "Input"
        body = await self.post(f"mutation($input: {type_name}!) "
                               f"{{ {mutation}(input: $input) {{ {fields} }} }}", input=input_)
        return body["data"][mutation]

    async def move(self, person_id: str, address: dict[str, Any], kind: str = "HOME") -> str:
        made = await self.write("recordAddress", {
            "personId": person_id, "address": address, "kind": kind,
            "from": TODAY.isoformat()}, "addressId")
        return str(made["addressId"])

    async def offender(self, offender_id: str) -> dict[str, Any]:
        return dict((await self.post(OFFENDER, id=offender_id))["data"]["offender"])

    async def alerts(self, offender_id: str, rule: str) -> list[str | None]:
        """The counterpart of each of the offender's alerts under `rule` (None: withheld)."""
        body = await self.post(ALERTS, filter={"offenderId": offender_id, "rule": rule})
        return sorted((e["node"]["counterpart"] or {}).get("id") or ""
                      for e in body["data"]["alerts"]["edges"])


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, TODAY)
    await sweep(graph, settings)  # the demo's own alerts, before anything is written
    # No worker of its own: `evaluate` runs what the writes put on the queue, when a test says.
    async with http_client(settings.model_copy(update={"run_worker": False})) as c:
        yield c


@pytest.fixture
def as_(client: httpx.AsyncClient, settings: Settings) -> Any:
    return lambda officer_id: Caller(client, settings, officer_id)


@pytest.fixture
def evaluate(graph: Graph, settings: Settings) -> Any:
    """Evaluate what the writes so far put on the evaluation queue (and nothing else)."""
    return AlertWorker(graph, settings).drain


async def test_a_caller_reads_back_what_it_wrote_never_a_hidden_cases_record_of_the_place(
    as_: Any,
) -> None:
    police, probation = as_("demo.police.ppo"), as_("demo.probation.om")
    before = await probation.offender("DEMO-OFF-10")

    made = await police.move("DEMO-OFF-15", POLICE_FLAT)
    assert made.startswith("ADR-")  # not the id of the hidden case's record of the flat
    burrows = await police.offender("DEMO-OFF-15")
    assert burrows["currentAddress"] == {
        "id": made, "line1": "flat 4 22 cromwell rd.", "town": "Withington",
        "postcode": "M20 6LP", "location": {"latitude": FLAT[0], "longitude": FLAT[1]}}
    shown = repr(burrows)
    for hidden in ("DEMO-ADR-FLAT", "Cromwell Road", "Manchester", "Didsbury",
                   repr(SHARED_FLAT[0]), repr(SHARED_FLAT[1])):
        assert hidden not in shown

    # The hidden case's record is as it was.
    crompton = await probation.offender("DEMO-OFF-10")
    assert crompton == before
    assert crompton["currentAddress"] == {
        "id": "DEMO-ADR-FLAT", "line1": "Flat 4, 22 Cromwell Road", "town": "Manchester",
        "postcode": "M20 6LP",
        "location": {"latitude": SHARED_FLAT[0], "longitude": SHARED_FLAT[1]}}


async def test_a_contact_at_a_known_place_gets_an_address_of_its_own(as_: Any) -> None:
    # Youth justice's case (DEMO-OFF-17) names a contact who lives where Mark Heywood
    # (DEMO-OFF-12, a case youth justice is not involved in) lives.
    added = await as_("demo.youth.om").write("addNamedContact", {
        "offenderId": "DEMO-OFF-17", "name": "Jade Platt", "relationship": "FRIEND",
        "address": {"line1": "3 Rochdale Road", "town": "Manchester", "postcode": "M9 8AE",
                    "latitude": 53.5301, "longitude": -2.2101}}, "addressId")
    assert added["addressId"].startswith("ADR-")  # never DEMO-ADR-12, the other case's record


async def test_offenders_at_one_place_recorded_by_two_agencies_are_associated_on_every_case(
    as_: Any, evaluate: Any,
) -> None:
    police, probation = as_("demo.police.ppo"), as_("demo.probation.om")
    assert await probation.alerts("DEMO-OFF-10", "OFFENDER_ASSOCIATION") == ["DEMO-OFF-11"]

    await police.move("DEMO-OFF-15", POLICE_FLAT)
    await evaluate()
    # Police see their case's two new alerts; who the others are is withheld from them.
    assert await police.alerts("DEMO-OFF-15", "OFFENDER_ASSOCIATION") == ["", ""]
    # The write re-evaluated the cases of those living there: probation learns of the new
    # resident on its own cases (someone it may not see).
    for offender_id, other in (("DEMO-OFF-10", "DEMO-OFF-11"), ("DEMO-OFF-11", "DEMO-OFF-10")):
        assert await probation.alerts(offender_id, "OFFENDER_ASSOCIATION") == ["", other]



async def test_offenders_placed_in_approved_premises_are_not_associated_for_living_there(
    as_: Any, evaluate: Any,
) -> None:
    """Approved Premises house offenders by design: two placed in one through the API raise no
    OFFENDER_ASSOCIATION for it, as the seed's do not; two sharing a home do."""
    probation = as_("demo.probation.om")
    hostel = {"line1": "1 Example Lane", "town": "Manchester", "postcode": "M14 5AA",
              "latitude": 53.4502, "longitude": -2.2203}
    home = {**hostel, "line1": "3 Example Lane"}
    for kind, place, pair in (("APPROVED_PREMISES", hostel, ("DEMO-OFF-02", "DEMO-OFF-03")),
                              ("HOME", home, ("DEMO-OFF-06", "DEMO-OFF-07"))):
        for offender_id in pair:
            await probation.move(offender_id, place, kind)
        await evaluate()
        association = await probation.alerts(pair[0], "OFFENDER_ASSOCIATION")
        assert (pair[1] in association) == (kind == "HOME")

async def test_a_child_recorded_at_a_place_by_another_agency_is_in_the_household(
    as_: Any, evaluate: Any,
) -> None:
    police = as_("demo.police.ppo")
    assert await police.alerts("DEMO-OFF-12", "CHILD_IN_HOUSEHOLD") == ["DEMO-CON-12B"]

    # Youth justice records, on its own case, a child who lives where Mark Heywood (category 1,
    # a case youth justice is not involved in) lives, in its own words.
    born = TODAY - timedelta(days=365 * 7 + 40)
    added = await as_("demo.youth.om").write("addNamedContact", {
        "offenderId": "DEMO-OFF-17", "name": "Jade Platt", "dateOfBirth": born.isoformat(),
        "relationship": "SIBLING",
        "address": {"line1": "3  ROCHDALE ROAD", "town": "Blackley", "postcode": "m9 8ae",
                    "latitude": H12[0], "longitude": H12[1]}}, "id")
    await evaluate()
    # A child of a case the police are not in: the alert is raised, the child withheld.
    assert await police.alerts("DEMO-OFF-12", "CHILD_IN_HOUSEHOLD") == ["", "DEMO-CON-12B"]
    assert added["id"] not in repr(await police.offender("DEMO-OFF-12"))


async def test_the_network_reaches_who_the_caller_may_see_at_the_place_never_a_hidden_one(
    as_: Any,
) -> None:
    police, probation = as_("demo.police.ppo"), as_("demo.probation.om")
    # Neil Burrows (police's case) moves in with Mark Heywood (a case police are in too);
    # Steven Crompton (DEMO-OFF-10, a case police are not in) moves there as well.
    heywood = {"line1": "3 rochdale  road", "town": "Blackley", "postcode": "M9 8AE",
               "latitude": H12[0], "longitude": H12[1]}
    burrows = await police.move("DEMO-OFF-15", heywood)
    hidden = await probation.move("DEMO-OFF-10", heywood | {
        "line1": "3 ROCHDALE ROAD", "town": "Harpurhey",
        "latitude": near(H12, 90, 20)[0], "longitude": near(H12, 90, 20)[1]})

    network = (await police.post(NETWORK, id="DEMO-OFF-15"))["data"]["network"]
    kinds = {n["id"]: n for n in network["nodes"]}
    # The place is one address, as a case police may see recorded it; through it, Heywood and
    # his household, two links away.
    [place] = [n for n in network["nodes"] if n["kind"] == "ADDRESS"
               and n["id"] in (burrows, "DEMO-ADR-12")]
    assert place["label"] in ("3 rochdale  road, M9 8AE", "3 Rochdale Road, M9 8AE")
    assert {"DEMO-OFF-12", "DEMO-CON-12A", "DEMO-CON-12B"} <= kinds.keys()
    assert {("DEMO-OFF-15", place["id"]), ("DEMO-OFF-12", place["id"])} <= {
        (e["source"], e["target"]) for e in network["edges"] if e["type"] == "RESIDES_AT"}
    # Never the hidden resident, nor his case's record of the place.
    assert not {"DEMO-OFF-10", hidden} & kinds.keys()
    assert "ROCHDALE ROAD" not in repr(network)
    assert "Harpurhey" not in repr(network)

    path = (await police.post(PATH, **{"from": "DEMO-OFF-15", "to": "DEMO-OFF-12"}))
    assert path["data"]["shortestPath"]["length"] == 2
    assert [n["id"] for n in path["data"]["shortestPath"]["nodes"]] == [
        "DEMO-OFF-15", place["id"], "DEMO-OFF-12"]
    assert (await police.post(PATH, **{"from": "DEMO-OFF-15", "to": "DEMO-OFF-10"}))[
        "data"]["shortestPath"] is None
