"""Signed webhooks against a receiver on a local port and a real Neo4j: each delivery verifies
with the `standardwebhooks` package (the reference verifier partners use) under the secret
registerWebhook returned, and a tampered body, a wrong secret or a stale timestamp does not; the
body says when the alert was raised; 500 then 200 is one delivery after a retry, the same message
both times, both attempts recorded; 410 disables the endpoint; Retry-After is honoured; only
alerts the owner may see are sent, visibility checked again before sending; a delivery is sent by
one process only, and one a dead process claimed is taken over. A bad URL is refused in our
words naming it. Without private hosts (production) a URL must be https to public addresses, at
registration and at every attempt. The owner is checked again at delivery (an officer removed or
given another role, an involvement ended: nothing more is sent, and the agency sees why); an
agency lists, disables and rotates its webhooks (another agency's are NOT_FOUND), has at most so
many, and their secrets are stored sealed, a clear one left by an earlier version sealed at
start-up."""

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from standardwebhooks import Webhook, WebhookVerificationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.access.tokens import issue_dev_token
from app.alerts.evaluator import evaluate
from app.alerts.rules import Limits
from app.audit.trail import AuditLog
from app.core.enums import Role
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from app.webhooks import repository as repo
from app.webhooks.delivery import DeliveryWorker, new_secret, signature
from seed.demo import PERSONAS
from seed.load import load_demo
from tests.api.client import extensions, http_client
from tests.api.live import free_port, serving
from tests.graph import cypher

ESCALATED = "DEMO-OFF-13"  # RISK_ESCALATION holds; police and probation are involved
REGISTER = """mutation($url: String!) { registerWebhook(input: {url: $url, description: "t"}) {
  id url secret createdAt } }"""
RAISED_AT = """query($id: ID!) { alerts(filter: {offenderId: $id}) {
  edges { node { id raisedAt } } } }"""


class Receiver:
    """A partner system's endpoint: records each POST, answers with the scripted replies."""

    def __init__(self) -> None:
        self.replies: list[tuple[int, dict[str, str]]] = []
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.app = Starlette(routes=[Route("/hook", self.hook, methods=["POST"])])

    async def hook(self, request: Request) -> Response:
        self.received.append((dict(request.headers), await request.body()))
        status, headers = self.replies.pop(0) if self.replies else (200, {})
        return Response(status_code=status, headers=headers)



@pytest.fixture
async def receiver() -> AsyncIterator[tuple[Receiver, str]]:
    endpoint = Receiver()
    async with serving(endpoint.app) as port:
        yield endpoint, f"http://127.0.0.1:{port}/hook"


@pytest.fixture
def quick(settings: Settings) -> Settings:
    return settings.model_copy(update={"run_worker": False, "webhook_backoff_base_s": 0.05})


@pytest.fixture
async def api(quick: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(graph, datetime.now(UTC).date())
    async with http_client(quick) as client:
        yield client


@pytest.fixture
async def worker(quick: Settings, graph: Graph) -> AsyncIterator[DeliveryWorker]:
    audit = AuditLog(graph)
    delivering = DeliveryWorker(graph, quick, audit)
    try:
        yield delivering
    finally:
        await delivering.close()
        await audit.close()


async def ask(
    api: httpx.AsyncClient, settings: Settings, query: str, variables: dict[str, Any],
    officer_id: str = "demo.police.ppo",
) -> dict[str, Any]:
    who = next(p for p in PERSONAS if p.officer_id == officer_id)
    return await ask_as(api, settings, query, variables, who.officer_id, who.agency_id,
                        Role(who.role))


async def ask_as(
    api: httpx.AsyncClient, settings: Settings, query: str, variables: dict[str, Any],
    user_id: str, agency_id: str, role: Role,
) -> dict[str, Any]:
    token = issue_dev_token(settings, user_id, agency_id, [role])
    response = await api.post("/graphql", json={"query": query, "variables": variables},
                              headers={"Authorization": f"Bearer {token}",
                                       "X-Purpose-Of-Use": "PARTNER_INTEGRATION"})
    return dict(response.json())


async def register(
    api: httpx.AsyncClient, settings: Settings, url: str, officer_id: str = "demo.police.ppo"
) -> dict[str, Any]:
    return await ask(api, settings, REGISTER, {"url": url}, officer_id)


async def raised_at(api: httpx.AsyncClient, settings: Settings, alert_id: str) -> str:
    """The alert's raisedAt as the API shows it to the webhook's owner."""
    answer = await ask(api, settings, RAISED_AT, {"id": ESCALATED})
    [raised] = [edge["node"]["raisedAt"] for edge in answer["data"]["alerts"]["edges"]
                if edge["node"]["id"] == alert_id]
    return str(raised)


async def deliveries(graph: Graph) -> list[dict[str, Any]]:
    return await cypher(graph, """
        MATCH (w:Webhook)-[:DELIVERS]->(d:Delivery)
        RETURN w.id AS webhook, d.state AS state, d.attempts AS attempts,
               d.nextAttemptAt AS next, d.droppedReason AS dropped,
               [(d)-[:ATTEMPTED]->(a) | a.statusCode] AS statuses""")


async def test_a_delivery_is_signed_thin_and_audited(
    api: httpx.AsyncClient, quick: Settings, graph: Graph, receiver: tuple[Receiver, str],
    worker: DeliveryWorker,
) -> None:
    endpoint, url = receiver
    made = (await register(api, quick, url))["data"]["registerWebhook"]
    assert made["secret"].startswith("whsec_")
    await evaluate(graph, [ESCALATED], Limits())
    assert await worker.deliver_due() == 1
    [(headers, body)] = endpoint.received
    message = Webhook(made["secret"]).verify(body, headers)  # the secret as shown, whsec_ and all
    assert set(message) == {"type", "timestamp", "data"}
    assert message["type"] == "alert.raised"
    payload = message["data"]
    assert set(payload) == {"alertId", "rule", "severity", "offenderId", "sequence"}
    assert (payload["rule"], payload["offenderId"]) == ("RISK_ESCALATION", ESCALATED)
    assert message["timestamp"] == await raised_at(api, quick, payload["alertId"])
    assert datetime.fromisoformat(message["timestamp"]).utcoffset() is not None
    assert [(d["state"], d["statuses"]) for d in await deliveries(graph)] == [
        ("DELIVERED", [200])]
    audited = await cypher(graph, """
        MATCH (e:AuditEvent {action: 'DISCLOSURE'}) WHERE e.operation STARTS WITH 'webhook'
        RETURN e.userId AS user, e.subjectIds AS subjects""")
    assert audited == [{"user": "demo.police.ppo",
                        "subjects": sorted([ESCALATED, payload["alertId"]])}]


def refuses(verifier: Webhook, body: bytes, headers: dict[str, str]) -> bool:
    try:
        verifier.verify(body, headers)
    except WebhookVerificationError:
        return True
    return False


async def test_a_tampered_body_a_wrong_secret_or_a_stale_timestamp_is_refused_by_the_verifier(
    api: httpx.AsyncClient, quick: Settings, graph: Graph, receiver: tuple[Receiver, str],
    worker: DeliveryWorker,
) -> None:
    endpoint, url = receiver
    secret = (await register(api, quick, url))["data"]["registerWebhook"]["secret"]
    await evaluate(graph, [ESCALATED], Limits())
    await worker.deliver_due()
    [(headers, body)] = endpoint.received
    partner = Webhook(secret)
    partner.verify(body, headers)

    def stamped(at: int) -> dict[str, str]:
        """The delivery as if sent at `at`, signed properly under the secret."""
        return headers | {"webhook-timestamp": str(at),
                          "webhook-signature": signature(secret, headers["webhook-id"], at, body)}

    now = int(time.time())
    partner.verify(body, stamped(now))  # re-signed now, it still verifies: only the time differs
    tampered = body.replace(ESCALATED.encode(), b"DEMO-OFF-01")
    assert tampered != body
    refused = {
        "tampered body": (partner, tampered, headers),
        "wrong secret": (Webhook(new_secret()), body, headers),
        "stale timestamp": (partner, body, stamped(now - 600)),
        "timestamp changed, not re-signed": (partner, body,
                                             headers | {"webhook-timestamp": str(now + 1)}),
    }
    assert [case for case, args in refused.items() if not refuses(*args)] == []


async def test_a_late_delivery_verifies_and_its_body_says_when_the_alert_was_raised(
    api: httpx.AsyncClient, quick: Settings, graph: Graph, receiver: tuple[Receiver, str],
    worker: DeliveryWorker,
) -> None:
    """An alert raised an hour before its delivery (the receiver was down): the signature's
    timestamp is the attempt's, so the verifier accepts it; the body's is the alert's."""
    endpoint, url = receiver
    secret = (await register(api, quick, url))["data"]["registerWebhook"]["secret"]
    await evaluate(graph, [ESCALATED], Limits())
    await cypher(graph, "MATCH (a:Alert) SET a.raisedAt = a.raisedAt - duration('PT1H')")
    await worker.deliver_due()
    [(headers, body)] = endpoint.received
    message = Webhook(secret).verify(body, headers)
    assert message["timestamp"] == await raised_at(api, quick, message["data"]["alertId"])
    late = datetime.now(UTC) - datetime.fromisoformat(message["timestamp"])
    assert timedelta(minutes=59) < late < timedelta(minutes=61)


async def test_500_then_200_is_one_delivery_after_a_retry(
    api: httpx.AsyncClient, quick: Settings, graph: Graph, receiver: tuple[Receiver, str],
    worker: DeliveryWorker,
) -> None:
    endpoint, url = receiver
    endpoint.replies = [(500, {})]
    secret = (await register(api, quick, url))["data"]["registerWebhook"]["secret"]
    await evaluate(graph, [ESCALATED], Limits())
    await worker.deliver_due()
    [pending] = await deliveries(graph)
    assert (pending["state"], pending["statuses"]) == ("PENDING", [500])
    for _ in range(50):
        if await worker.deliver_due():
            break
        await asyncio.sleep(0.05)
    [done] = await deliveries(graph)
    assert (done["state"], sorted(done["statuses"])) == ("DELIVERED", [200, 500])
    ids = {headers["webhook-id"] for headers, _ in endpoint.received}
    assert len(endpoint.received) == 2
    assert len(ids) == 1, "a retry is the same message"
    for headers, body in endpoint.received:
        Webhook(secret).verify(body, headers)
    [first, retry] = [body for _, body in endpoint.received]
    assert first == retry, "the same body, timestamp included"


async def test_410_disables_the_webhook(
    api: httpx.AsyncClient, quick: Settings, graph: Graph, receiver: tuple[Receiver, str],
    worker: DeliveryWorker,
) -> None:
    endpoint, url = receiver
    endpoint.replies = [(410, {})]
    await register(api, quick, url)
    await evaluate(graph, [ESCALATED], Limits())
    await worker.deliver_due()
    [gone] = await deliveries(graph)
    assert gone["state"] == "FAILED"
    assert await cypher(graph, "MATCH (w:Webhook) RETURN w.enabled AS enabled") == [
        {"enabled": False}]
    await cypher(graph, "MATCH (o:Offender {id: 'DEMO-OFF-14'}) SET o.level = 'LEVEL_1'")
    await evaluate(graph, ["DEMO-OFF-14"], Limits())  # a new alert: nothing for the webhook
    assert len(await deliveries(graph)) == 1
    assert await worker.deliver_due() == 0
    assert len(endpoint.received) == 1


@pytest.mark.parametrize("as_date", [False, True], ids=["seconds", "HTTP date"])
async def test_retry_after_is_honoured(
    api: httpx.AsyncClient, quick: Settings, graph: Graph, receiver: tuple[Receiver, str],
    worker: DeliveryWorker, as_date: bool,
) -> None:
    endpoint, url = receiver
    later = datetime.now(UTC) + timedelta(seconds=120)
    retry_after = format_datetime(later, usegmt=True) if as_date else "120"
    endpoint.replies = [(503, {"Retry-After": retry_after})]
    await register(api, quick, url)
    await evaluate(graph, [ESCALATED], Limits())
    await worker.deliver_due()
    [waiting] = await deliveries(graph)
    wait = (waiting["next"].to_native() - datetime.now(UTC)).total_seconds()
    assert 100 < wait <= 120
    assert await worker.deliver_due() == 0


async def test_a_delivery_another_process_is_claiming_is_left_to_it(
    api: httpx.AsyncClient, quick: Settings, graph: Graph, receiver: tuple[Receiver, str],
    worker: DeliveryWorker,
) -> None:
    endpoint, url = receiver
    await register(api, quick, url)
    await evaluate(graph, [ESCALATED], Limits())
    async with graph.driver.session(database=graph.database) as elsewhere:
        claim = await elsewhere.begin_transaction()
        assert len(await repo.claim_deliveries(claim, 10, 60)) == 1
        racing = asyncio.create_task(worker.deliver_due())
        await asyncio.sleep(0.5)  # its claim has read the delivery as free, and waits
        await claim.commit()
    assert await racing == 0
    assert endpoint.received == []


async def test_a_delivery_claimed_by_a_dead_process_is_taken_over(
    api: httpx.AsyncClient, quick: Settings, graph: Graph, receiver: tuple[Receiver, str],
    worker: DeliveryWorker,
) -> None:
    endpoint, url = receiver
    await register(api, quick, url)
    await evaluate(graph, [ESCALATED], Limits())
    assert len(await graph.write(repo.claim_deliveries, 10, 0.5)) == 1  # then the process dies
    assert await worker.deliver_due() == 0, "the claim holds until its lease lapses"
    await asyncio.sleep(0.6)
    assert await worker.deliver_due() == 1
    assert [(d["state"], d["statuses"]) for d in await deliveries(graph)] == [
        ("DELIVERED", [200])]
    assert len(endpoint.received) == 1


async def test_only_what_the_owner_may_see_is_sent_and_visibility_is_checked_again(
    api: httpx.AsyncClient, quick: Settings, graph: Graph, receiver: tuple[Receiver, str],
    worker: DeliveryWorker,
) -> None:
    endpoint, url = receiver
    await register(api, quick, url, "demo.housing.partner")  # not involved in DEMO-OFF-13
    await register(api, quick, url, "demo.police.analyst")  # sees it through police involvement
    await evaluate(graph, [ESCALATED], Limits())
    made = await deliveries(graph)
    assert len(made) == 1, "housing's webhook gets no delivery"
    await cypher(graph, """
        MATCH (:Agency {id: 'AG-DEMO-POLICE'})-[i:INVOLVED_IN]->(:Offender {id: $id})
        SET i.until = date() - duration('P1D')""", id=ESCALATED)
    await worker.deliver_due()
    [dropped] = await deliveries(graph)
    assert dropped["state"] == "DROPPED"
    assert endpoint.received == []


@pytest.mark.parametrize("officer_id", ["demo.auditor", "demo.admin"])
async def test_a_role_that_sees_no_case_may_not_register(
    api: httpx.AsyncClient, quick: Settings, graph: Graph, officer_id: str,
) -> None:
    answer = await register(api, quick, "https://partner.example/hook", officer_id)
    assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await cypher(graph, "MATCH (w:Webhook) RETURN count(w) AS n") == [{"n": 0}]


LONG_URL = "https://partner.example/" + "a" * 2_000
BAD_URLS = {
    "no scheme": ("example.org/hook", "not an absolute http(s) URL: 'example.org/hook'"),
    "words": ("not a url", "not an absolute http(s) URL: 'not a url'"),
    "empty": ("", "not an absolute http(s) URL: ''"),
    "no host": ("https://", "not an absolute http(s) URL: 'https://'"),
    "ftp": ("ftp://partner.example/hook",
            "the scheme must be 'http' or 'https': 'ftp://partner.example/hook'"),
    "mailto": ("mailto:hooks@partner.example",
               "the scheme must be 'http' or 'https': 'mailto:hooks@partner.example'"),
    "over-long": (LONG_URL, "longer than 2000 characters"),
}


@pytest.mark.parametrize(("url", "problem"), BAD_URLS.values(), ids=list(BAD_URLS))
async def test_a_bad_url_is_refused_in_our_words_naming_the_field(
    api: httpx.AsyncClient, quick: Settings, graph: Graph, url: str, problem: str,
) -> None:
    answer = await register(api, quick, url)
    [error] = answer["errors"]
    assert (error["message"], extensions(error)) == (
        f"input.url: {problem}", {"code": "VALIDATION", "field": "input.url"})
    assert answer["data"] == {"registerWebhook": None}
    assert await cypher(graph, "MATCH (w:Webhook) RETURN count(w) AS n") == [{"n": 0}]


UNSAFE_URLS = {
    "plain http": "http://partner.example/hook",
    "loopback": "https://127.0.0.1/hook",
    "localhost by name": "https://localhost:8443/hook",
    "IPv6 loopback": "https://[::1]/hook",
    "cloud metadata (link-local)": "https://169.254.169.254/latest/meta-data",
    "private": "https://10.20.30.40/hook",
    "private, IPv4 in IPv6": "https://[::ffff:c0a8:10a]/hook",  # 192.168.1.10
    "shared address space": "https://100.64.0.1/hook",
    "multicast": "https://224.0.0.251/hook",
    "unspecified": "https://0.0.0.0/hook",
}


@pytest.mark.parametrize("url", UNSAFE_URLS.values(), ids=list(UNSAFE_URLS))
async def test_without_private_hosts_an_unsafe_url_is_refused_naming_it(
    quick: Settings, graph: Graph, url: str,
) -> None:
    await load_demo(graph, datetime.now(UTC).date())
    guarded = quick.model_copy(update={"webhook_allow_private_hosts": False})
    async with http_client(guarded) as client:
        answer = await register(client, guarded, url)
    [error] = answer["errors"]
    assert extensions(error) == {"code": "VALIDATION", "field": "input.url"}
    assert url in error["message"]
    assert answer["data"] == {"registerWebhook": None}
    assert await cypher(graph, "MATCH (w:Webhook) RETURN count(w) AS n") == [{"n": 0}]


async def test_without_private_hosts_a_public_https_url_is_registered(
    quick: Settings, graph: Graph
) -> None:
    await load_demo(graph, datetime.now(UTC).date())
    guarded = quick.model_copy(update={"webhook_allow_private_hosts": False})
    async with http_client(guarded) as client:  # an address literal: no DNS needed
        answer = await register(client, guarded, "https://81.2.69.160/hook")
    assert answer["data"]["registerWebhook"]["url"] == "https://81.2.69.160/hook"


def test_production_refuses_private_hosts_unless_told_otherwise(
    production_settings: Settings, settings: Settings
) -> None:
    assert not production_settings.webhooks_may_reach_private_hosts
    assert settings.webhooks_may_reach_private_hosts
    told = production_settings.model_copy(update={"webhook_allow_private_hosts": True})
    assert told.webhooks_may_reach_private_hosts


async def test_a_url_that_now_reaches_a_private_host_is_not_sent_to(
    api: httpx.AsyncClient, quick: Settings, graph: Graph, receiver: tuple[Receiver, str],
) -> None:
    """Registered while allowed (or while its name resolved elsewhere), then checked again at
    delivery: nothing is posted, and the attempt says why."""
    endpoint, url = receiver
    await register(api, quick, url)
    await evaluate(graph, [ESCALATED], Limits())
    guarded = quick.model_copy(update={"webhook_allow_private_hosts": False})
    audit = AuditLog(graph)
    worker = DeliveryWorker(graph, guarded, audit)
    try:
        assert await worker.deliver_due() == 1
    finally:
        await worker.close()
        await audit.close()
    assert endpoint.received == []
    [pending] = await deliveries(graph)
    assert (pending["state"], pending["attempts"]) == ("PENDING", 1)
    [error] = await cypher(graph, "MATCH (:Delivery)-[:ATTEMPTED]->(a) RETURN a.error AS error")
    assert error["error"] == f"url: webhook URLs must use https: {url}"
    disclosed = await cypher(graph, """
        MATCH (e:AuditEvent {action: 'DISCLOSURE'}) WHERE e.operation STARTS WITH 'webhook'
        RETURN count(e) AS n""")
    assert disclosed == [{"n": 0}]


async def test_a_receiver_down_for_a_while_gets_every_delivery_once_it_is_back(
    api: httpx.AsyncClient, quick: Settings, graph: Graph,
) -> None:
    """Absent (connection refused), then answering 503, then up: every alert raised meanwhile
    arrives signed, none lost, each accepted once; the delivery loop runs as in `mappa serve`."""
    port = free_port()
    made = (await register(api, quick, f"http://127.0.0.1:{port}/hook"))["data"]["registerWebhook"]
    patient = quick.model_copy(update={"webhook_max_attempts": 1_000, "webhook_poll_s": 0.1,
                                       "webhook_backoff_base_s": 0.05,
                                       "webhook_backoff_cap_s": 0.5})
    audit = AuditLog(graph)
    delivering = DeliveryWorker(graph, patient, audit)
    loop = asyncio.create_task(delivering.run())
    demo = [f"DEMO-OFF-{n:02d}" for n in range(1, 18)]
    try:
        await evaluate(graph, demo[:9], Limits())  # raised while nothing listens
        async with asyncio.timeout(60):
            while True:  # until each has been refused twice
                refused = await deliveries(graph)
                if refused and all(d["attempts"] >= 2 for d in refused):
                    break
                await asyncio.sleep(0.1)
        assert {(d["state"], d["statuses"][0]) for d in refused} == {("PENDING", None)}
        endpoint = Receiver()
        endpoint.replies = [(503, {})] * 6
        async with serving(endpoint.app, port):
            await evaluate(graph, demo[9:], Limits())  # raised while it answers 503
            async with asyncio.timeout(60):  # only a hang: it takes a few seconds
                while True:
                    if {d["state"] for d in await deliveries(graph)} == {"DELIVERED"}:
                        break
                    await asyncio.sleep(0.2)
    finally:
        loop.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await loop
        await audit.close()
    made_deliveries = await deliveries(graph)
    assert all(d["statuses"].count(200) == 1 for d in made_deliveries)
    assert len(endpoint.received) == sum(len(d["statuses"]) for d in made_deliveries
                                         ) - sum(d["statuses"].count(None) for d in made_deliveries)
    accepted = endpoint.received[6:]  # the first six were answered 503
    for headers, body in endpoint.received:
        Webhook(made["secret"]).verify(body, headers)
    sent = [json.loads(body)["data"]["alertId"] for _, body in accepted]
    visible = await cypher(graph, """
        MATCH (a:Alert)-[:CONCERNS]->(o:Offender)<-[i:INVOLVED_IN]-(:Agency {id: 'AG-DEMO-POLICE'})
        WHERE (i.until IS NULL OR i.until >= date())
          // ACTION_OVERDUE goes to the action's owner agency and the lead only.
          AND (a.rule <> 'ACTION_OVERDUE'
               OR EXISTS { (o)-[:LEAD_AGENCY]->(:Agency {id: 'AG-DEMO-POLICE'}) }
               OR EXISTS { (a)-[:CONCERNS {role: 'COUNTERPART'}]->
                           (:PlanAction {ownerAgencyId: 'AG-DEMO-POLICE'}) })
        RETURN collect(DISTINCT a.id) AS ids""")
    assert sorted(sent) == sorted(visible[0]["ids"]), "every alert the owner may see, once each"
    print(f"\nwebhook receiver down: {len(made_deliveries)} deliveries, "
          f"{sum(len(d['statuses']) for d in made_deliveries)} attempts, all delivered once back")


# An agency's webhooks: the owner is checked again at delivery, and the agency lists, disables
# and rotates them.

POLICE = "AG-DEMO-POLICE"
POLICE_ADMIN = ("demo.police.admin", POLICE, Role.ADMIN)  # an ADMIN needs no officer node
LIST = """query($first: Int, $after: String) { webhooks(first: $first, after: $after) {
  edges { cursor node { id url description owner { userId roles } enabled disabledAt
    disabledReason createdAt secretRotatedAt
    lastDelivery { state attempts createdAt lastAttemptAt lastStatusCode } } }
  pageInfo { hasNextPage endCursor } } }"""
DISABLE = """mutation($id: ID!, $reason: String) {
  disableWebhook(input: {id: $id, reason: $reason}) { id enabled disabledReason } }"""
ROTATE = """mutation($id: ID!) { rotateWebhookSecret(input: {id: $id}) {
  secret previousSecretUntil webhook { id secretRotatedAt } } }"""


async def raise_another_alert(graph: Graph) -> None:
    """RISK_ESCALATION on DEMO-OFF-14 (police involved): a new alert after the first."""
    await cypher(graph, "MATCH (o:Offender {id: 'DEMO-OFF-14'}) SET o.level = 'LEVEL_1'")
    await evaluate(graph, ["DEMO-OFF-14"], Limits())


def listed(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in answer["data"]["webhooks"]["edges"]]


async def test_an_officers_webhook_receives_nothing_once_its_agencys_involvement_lapses(
    api: httpx.AsyncClient, quick: Settings, graph: Graph, receiver: tuple[Receiver, str],
    worker: DeliveryWorker,
) -> None:
    """The owner still manages the case, but its agency's involvement has ended: managing it
    alone shows the webhook nothing, as it shows the officer nothing."""
    endpoint, url = receiver
    await register(api, quick, url)  # demo.police.ppo manages DEMO-OFF-13
    await evaluate(graph, [ESCALATED], Limits())
    await cypher(graph, """
        MATCH (:Agency {id: $agency})-[i:INVOLVED_IN]->(:Offender {id: $id})
        SET i.until = date() - duration('P1D')""", agency=POLICE, id=ESCALATED)
    assert await worker.deliver_due() == 1
    assert [(d["state"], d["dropped"]) for d in await deliveries(graph)] == [
        ("DROPPED", "the owner may no longer see the case")]
    assert endpoint.received == []


LAPSES = {
    "removed from the agency": (
        "MATCH (:CaseOfficer {id: 'demo.police.ppo'})-[r:WORKS_FOR]->() DELETE r",
        "the owner demo.police.ppo no longer works for AG-DEMO-POLICE"),
    "given another role": (
        "MATCH (c:CaseOfficer {id: 'demo.police.ppo'}) SET c.role = 'INTELLIGENCE_ANALYST'",
        "the owner demo.police.ppo is now INTELLIGENCE_ANALYST at AG-DEMO-POLICE, not "
        "PUBLIC_PROTECTION_OFFICER as when the webhook was registered"),
}


@pytest.mark.parametrize("lapse_first", [True, False],
                         ids=["before the alert", "between the alert and its delivery"])
@pytest.mark.parametrize("lapse", LAPSES, ids=list(LAPSES))
async def test_an_owner_no_longer_a_principal_receives_nothing_more_and_the_agency_sees_why(
    api: httpx.AsyncClient, quick: Settings, graph: Graph, receiver: tuple[Receiver, str],
    worker: DeliveryWorker, lapse: str, lapse_first: bool,
) -> None:
    endpoint, url = receiver
    made = (await register(api, quick, url))["data"]["registerWebhook"]
    change, reason = LAPSES[lapse]
    if lapse_first:
        await cypher(graph, change)
    await evaluate(graph, [ESCALATED], Limits())
    if not lapse_first:
        await cypher(graph, change)
    await worker.deliver_due()
    await raise_another_alert(graph)
    await worker.deliver_due()
    assert endpoint.received == []
    assert [(d["state"], d["dropped"]) for d in await deliveries(graph)] == (
        [] if lapse_first else [("DROPPED", reason)])
    [hook] = listed(await ask_as(api, quick, LIST, {}, *POLICE_ADMIN))
    assert (hook["id"], hook["enabled"], hook["disabledReason"]) == (made["id"], False, reason)


async def test_an_agency_lists_its_webhooks_with_their_last_delivery_and_never_a_secret(
    api: httpx.AsyncClient, quick: Settings, graph: Graph, receiver: tuple[Receiver, str],
    worker: DeliveryWorker,
) -> None:
    """The owner sees the webhooks it registered, the agency's ADMIN all of the agency's, newest
    first, a page at a time; another agency's never."""
    endpoint, url = receiver
    made = {}
    for name, officer in [("a", "demo.police.ppo"), ("b", "demo.police.ppo"),
                          ("c", "demo.police.analyst"), ("d", "demo.probation.om")]:
        made[name] = (await register(api, quick, f"{url}?{name}", officer)
                      )["data"]["registerWebhook"]
    await evaluate(graph, [ESCALATED], Limits())
    assert await worker.deliver_due() == 4
    answers = {
        "ppo": await ask(api, quick, LIST, {}),
        "analyst": await ask(api, quick, LIST, {}, "demo.police.analyst"),
        "admin": await ask_as(api, quick, LIST, {}, *POLICE_ADMIN),
        "probation": await ask(api, quick, LIST, {}, "demo.probation.om"),
    }
    seen = {who: [hook["id"] for hook in listed(answer)] for who, answer in answers.items()}
    ids = {name: hook["id"] for name, hook in made.items()}
    assert seen == {"ppo": [ids["b"], ids["a"]], "analyst": [ids["c"]],
                    "admin": [ids["c"], ids["b"], ids["a"]], "probation": [ids["d"]]}
    [newest, _] = listed(answers["ppo"])
    assert newest["url"] == f"{url}?b"
    assert newest["owner"] == {"userId": "demo.police.ppo", "roles": ["PUBLIC_PROTECTION_OFFICER"]}
    assert (newest["enabled"], newest["disabledReason"], newest["secretRotatedAt"]) == (
        True, None, None)
    assert newest["createdAt"] == made["b"]["createdAt"]
    last = newest["lastDelivery"]
    assert (last["state"], last["attempts"], last["lastStatusCode"]) == ("DELIVERED", 1, 200)
    everything = json.dumps(answers)
    for hook in made.values():
        assert hook["secret"].removeprefix("whsec_") not in everything
    first_page = await ask_as(api, quick, LIST, {"first": 2}, *POLICE_ADMIN)
    assert [hook["id"] for hook in listed(first_page)] == [ids["c"], ids["b"]]
    assert first_page["data"]["webhooks"]["pageInfo"]["hasNextPage"] is True
    rest = await ask_as(api, quick, LIST, {
        "first": 2, "after": first_page["data"]["webhooks"]["pageInfo"]["endCursor"]},
        *POLICE_ADMIN)
    assert [hook["id"] for hook in listed(rest)] == [ids["a"]]
    assert rest["data"]["webhooks"]["pageInfo"] == {
        "hasNextPage": False, "endCursor": rest["data"]["webhooks"]["edges"][0]["cursor"]}
    assert len(endpoint.received) == 4


async def test_a_disabled_webhook_sends_nothing_more_and_says_who_disabled_it(
    api: httpx.AsyncClient, quick: Settings, graph: Graph, receiver: tuple[Receiver, str],
    worker: DeliveryWorker,
) -> None:
    endpoint, url = receiver
    made = (await register(api, quick, url))["data"]["registerWebhook"]
    await evaluate(graph, [ESCALATED], Limits())  # a delivery waits
    answer = await ask(api, quick, DISABLE, {"id": made["id"], "reason": "receiver retired"})
    reason = "disabled by demo.police.ppo: receiver retired"
    assert answer["data"]["disableWebhook"] == {
        "id": made["id"], "enabled": False, "disabledReason": reason}
    assert await worker.deliver_due() == 0
    again = await ask_as(api, quick, DISABLE, {"id": made["id"]}, *POLICE_ADMIN)
    assert again["data"]["disableWebhook"]["disabledReason"] == reason, "the first reason stays"
    await raise_another_alert(graph)
    assert await worker.deliver_due() == 0
    assert [(d["state"], d["dropped"]) for d in await deliveries(graph)] == [("DROPPED", reason)]
    assert endpoint.received == []
    refused = await ask(api, quick, ROTATE, {"id": made["id"]})
    assert refused["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert refused["errors"][0]["message"] == (
        f"webhook {made['id']} is disabled, for good: register a new one")


async def test_a_rotated_secret_signs_at_once_and_the_old_one_only_until_the_overlap_ends(
    api: httpx.AsyncClient, quick: Settings, graph: Graph, receiver: tuple[Receiver, str],
    worker: DeliveryWorker,
) -> None:
    endpoint, url = receiver
    made = (await register(api, quick, url))["data"]["registerWebhook"]
    rotated = (await ask(api, quick, ROTATE, {"id": made["id"]}))["data"]["rotateWebhookSecret"]
    old, new = made["secret"], rotated["secret"]
    assert new.startswith("whsec_")
    assert new != old
    overlap = datetime.fromisoformat(rotated["previousSecretUntil"]) - datetime.now(UTC)
    assert timedelta(hours=23) < overlap <= timedelta(hours=24)
    assert rotated["webhook"]["id"] == made["id"]
    assert rotated["webhook"]["secretRotatedAt"] is not None
    await evaluate(graph, [ESCALATED], Limits())
    await worker.deliver_due()
    [(headers, body)] = endpoint.received
    Webhook(new).verify(body, headers)
    Webhook(old).verify(body, headers)  # during the overlap, so the receiver can change over
    await cypher(graph, "MATCH (w:Webhook) SET w.previousSecretUntil = datetime() - "
                        "duration('PT1S')")  # the overlap has ended
    await raise_another_alert(graph)
    await worker.deliver_due()
    later = endpoint.received[1:]
    assert later
    for headers, body in later:
        Webhook(new).verify(body, headers)
        assert refuses(Webhook(old), body, headers)


async def test_another_agencys_webhook_is_not_found_as_one_that_does_not_exist(
    api: httpx.AsyncClient, quick: Settings, graph: Graph,
) -> None:
    """Another agency (its ADMIN included), and an officer of the same agency who did not
    register it, cannot tell it from a webhook that does not exist, and change nothing."""
    made = (await register(api, quick, "https://partner.example/hook"))["data"]["registerWebhook"]
    stored = await cypher(graph, "MATCH (w:Webhook) RETURN properties(w) AS p")
    outsiders = [("demo.probation.om", "AG-DEMO-PROBATION", Role.OFFENDER_MANAGER),
                 ("demo.admin", "AG-DEMO-PROBATION", Role.ADMIN),
                 ("demo.police.analyst", POLICE, Role.INTELLIGENCE_ANALYST)]
    for outsider in outsiders:
        assert listed(await ask_as(api, quick, LIST, {}, *outsider)) == []
        for mutation, field in [(DISABLE, "disableWebhook"), (ROTATE, "rotateWebhookSecret")]:
            refusals = []
            for webhook_id in (made["id"], "WH-no-such-webhook"):
                answer = await ask_as(api, quick, mutation, {"id": webhook_id}, *outsider)
                assert answer["data"] == {field: None}
                [error] = answer["errors"]
                refusals.append((error["message"], extensions(error)))
            assert refusals[0] == refusals[1] == ("no such webhook", {"code": "NOT_FOUND"})
    assert await cypher(graph, "MATCH (w:Webhook) RETURN properties(w) AS p") == stored
    by_admin = await ask_as(api, quick, ROTATE, {"id": made["id"]}, *POLICE_ADMIN)
    assert by_admin["data"]["rotateWebhookSecret"]["secret"].startswith("whsec_")


async def test_an_agency_may_have_only_so_many_enabled_webhooks(
    quick: Settings, graph: Graph
) -> None:
    await load_demo(graph, datetime.now(UTC).date())
    capped = quick.model_copy(update={"webhooks_per_agency": 2})
    async with http_client(capped) as client:
        first = (await register(client, capped, "https://partner.example/1")
                 )["data"]["registerWebhook"]
        await register(client, capped, "https://partner.example/2", "demo.police.analyst")
        refused = await register(client, capped, "https://partner.example/3")
        assert refused["data"] == {"registerWebhook": None}
        [error] = refused["errors"]
        assert (error["message"], extensions(error)) == (
            "agency AG-DEMO-POLICE has 2 enabled webhooks, the most an agency may have (2): "
            "disable one (disableWebhook) before registering another", {"code": "FORBIDDEN"})
        other = await register(client, capped, "https://partner.example/4", "demo.probation.om")
        assert other["data"]["registerWebhook"]["id"]
        await ask(client, capped, DISABLE, {"id": first["id"]})
        again = await register(client, capped, "https://partner.example/3")
        assert again["data"]["registerWebhook"]["id"]
    counted = await cypher(graph, """
        MATCH (w:Webhook) RETURN w.ownerAgencyId AS agency, w.enabled AS enabled,
        count(*) AS n ORDER BY agency, enabled""")
    assert counted == [{"agency": "AG-DEMO-POLICE", "enabled": False, "n": 1},
                       {"agency": "AG-DEMO-POLICE", "enabled": True, "n": 2},
                       {"agency": "AG-DEMO-PROBATION", "enabled": True, "n": 1}]


async def test_the_signing_secret_is_not_stored_in_clear(
    api: httpx.AsyncClient, quick: Settings, graph: Graph,
) -> None:
    made = (await register(api, quick, "https://partner.example/hook"))["data"]["registerWebhook"]
    rotated = (await ask(api, quick, ROTATE, {"id": made["id"]}))["data"]["rotateWebhookSecret"]
    [node] = await cypher(graph, "MATCH (w:Webhook) RETURN properties(w) AS p")
    stored = json.dumps(node["p"], default=str)
    for secret in (made["secret"], rotated["secret"]):
        assert secret.removeprefix("whsec_") not in stored
    assert "whsec_" not in stored


async def test_a_secret_an_earlier_version_stored_in_clear_is_sealed_at_start_and_still_signs(
    api: httpx.AsyncClient, quick: Settings, graph: Graph, receiver: tuple[Receiver, str],
) -> None:
    """The data migration: a delivering process seals any clear secret as it starts."""
    endpoint, url = receiver
    await register(api, quick, url)
    legacy = new_secret()
    await cypher(graph, "MATCH (w:Webhook) SET w.secret = $secret REMOVE w.sealedSecret",
                 secret=legacy)
    await evaluate(graph, [ESCALATED], Limits())
    audit = AuditLog(graph)
    delivering = DeliveryWorker(graph, quick.model_copy(update={"webhook_poll_s": 0.1}), audit)
    loop = asyncio.create_task(delivering.run())
    try:
        async with asyncio.timeout(30):  # only a hang: it takes a moment
            while True:
                if endpoint.received:
                    break
                await asyncio.sleep(0.05)
    finally:
        loop.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await loop
        await audit.close()
    [(headers, body)] = endpoint.received
    Webhook(legacy).verify(body, headers)
    [node] = await cypher(graph, "MATCH (w:Webhook) RETURN properties(w) AS p")
    assert "secret" not in node["p"]
    assert legacy.removeprefix("whsec_") not in json.dumps(node["p"], default=str)
