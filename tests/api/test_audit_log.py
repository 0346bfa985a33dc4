"""The audit log as a transparency log: events enter a Merkle tree without a shared lock, the
sequencer signs checkpoints that leave Neo4j, proofs check with the transparency-log libraries'
own verifier (clients/tlog-check, Go), and tampering by someone with the database's credentials
is caught by `mappa audit verify`, as SECURITY.md says: from Neo4j alone, or only against a
checkpoint kept outside it."""

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import AsyncManagedTransaction
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from app.audit import merkle, repository
from app.audit.checkpoint import KeySigner, generate_key, open_checkpoint
from app.audit.sequencer import Sequencer
from app.audit.signing import verifier_key
from app.audit.sinks import read_folder
from app.platform.neo4j.driver import Graph
from app.settings import PROJECT_ROOT, Settings
from seed.load import load_demo
from tests.api.client import http_client
from tests.api.live import serving
from tests.api.test_audit import gql, persona_headers
from tests.graph import cypher, logged
from tests.tlog import Consistency, Inclusion, TlogCheck

PROOF = """query($id: ID!, $size: Int) { auditProof(eventId: $id, treeSize: $size) {
  eventId leafIndex treeSize leafHash hashes checkpoint } }"""
CONSISTENCY = """query($from: Int!, $to: Int) { auditConsistency(fromSize: $from, toSize: $to) {
  fromSize toSize hashes checkpoint } }"""
IDS = "query($first: Int) { auditTrail(first: $first) { edges { node { id sequence } } } }"
ME = "{ me { userId } }"


@pytest.fixture
async def client(settings: Settings, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    """The API with its alert worker, and so the audit log's sequencer, running."""
    await load_demo(graph, date.today())
    async with http_client(settings) as c:
        yield c


def auditor(settings: Settings) -> dict[str, str]:
    return persona_headers(settings, "demo.auditor")


async def operations(client: httpx.AsyncClient, settings: Settings, count: int) -> None:
    headers = persona_headers(settings, "demo.police.ppo")
    for _ in range(count):
        assert "errors" not in await gql(client, ME, headers)


async def event_ids(client: httpx.AsyncClient, settings: Settings, graph: Graph) -> list[str]:
    """Every event in the log, oldest first."""
    await logged(graph, settings)
    body = await gql(client, IDS, auditor(settings), first=100)
    edges = body["data"]["auditTrail"]["edges"]
    return [e["node"]["id"] for e in sorted(edges, key=lambda e: e["node"]["sequence"])]


async def published(client: httpx.AsyncClient) -> str:
    """The latest checkpoint as anyone fetches it: no token."""
    answer = await client.get("/audit/checkpoint")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain")
    return answer.text


async def test_each_event_is_proved_in_the_signed_log_to_the_go_verifier(
    client: httpx.AsyncClient, settings: Settings, graph: Graph, tlog_check: TlogCheck
) -> None:
    await operations(client, settings, 12)
    ids = await event_ids(client, settings, graph)
    note = await published(client)
    key = verifier_key(settings)
    size, _ = tlog_check.open(note, key)
    assert size >= len(ids)
    claims = []
    for event_id in ids:
        body = await gql(client, PROOF, auditor(settings), id=event_id, size=size)
        assert "errors" not in body, body
        proof = body["data"]["auditProof"]
        assert (proof["eventId"], proof["treeSize"], proof["checkpoint"]) == (event_id, size, note)
        claims.append(Inclusion(note, _b64(proof["leafHash"]), proof["leafIndex"],
                                [_b64(h) for h in proof["hashes"]]))
    assert tlog_check.inclusions(key, claims) == ["ok"] * len(claims)
    # A proof of one event does not pass for another.
    wrong = [Inclusion(note, claims[1].leaf, claims[0].index, claims[0].proof)]
    assert tlog_check.inclusions(key, wrong)[0].startswith("error")


async def test_a_checkpoint_kept_earlier_is_proved_a_prefix_of_the_latest(
    client: httpx.AsyncClient, settings: Settings, graph: Graph, tlog_check: TlogCheck
) -> None:
    await operations(client, settings, 3)
    await logged(graph, settings)
    kept = await published(client)
    await operations(client, settings, 20)
    await logged(graph, settings)
    latest = await published(client)
    key = verifier_key(settings)
    old_size, new_size = tlog_check.open(kept, key)[0], tlog_check.open(latest, key)[0]
    assert old_size < new_size
    body = await gql(client, CONSISTENCY, auditor(settings), **{"from": old_size})
    assert "errors" not in body, body
    proof = body["data"]["auditConsistency"]
    assert (proof["fromSize"], proof["toSize"]) == (old_size, new_size)
    assert tlog_check.consistencies(key, [Consistency(kept, latest, [
        _b64(h) for h in proof["hashes"]])]) == ["ok"]


async def test_proofs_are_for_auditors_and_say_what_is_wrong(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await operations(client, settings, 1)
    first = (await event_ids(client, settings, graph))[0]
    refused = await gql(client, PROOF, persona_headers(settings, "demo.police.ppo"), id=first)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    missing = await gql(client, PROOF, auditor(settings), id="no-such-event")
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    unsigned = await gql(client, PROOF, auditor(settings), id=first, size=10**9)
    assert unsigned["errors"][0]["extensions"]["code"] == "VALIDATION"
    assert "treeSize" in unsigned["errors"][0]["message"]
    backwards = await gql(client, CONSISTENCY, auditor(settings), **{"from": 0})
    assert backwards["errors"][0]["extensions"]["code"] == "VALIDATION"
    assert "fromSize" in backwards["errors"][0]["message"]


async def test_each_checkpoint_is_written_outside_neo4j_as_it_is_signed(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    await operations(client, settings, 5)
    await logged(graph, settings)
    latest = await published(client)
    for _ in range(100):  # written outside once committed inside, so a moment after
        if (held := read_folder(settings.checkpoint_dir)) and held[-1] == latest:
            break
        await asyncio.sleep(0.05)
    sizes = [open_checkpoint(note, verifier_key(settings)).size for note in held]
    assert sizes == sorted(sizes)
    assert len(set(sizes)) == len(sizes)
    assert (settings.checkpoint_dir / "checkpoint").read_text() == held[-1] == latest


async def test_a_request_adds_its_event_while_another_holds_its_own_uncommitted(
    client: httpx.AsyncClient, settings: Settings, graph: Graph
) -> None:
    """No lock shared between requests: a write whose transaction holds its audit event open
    (as a slow write does) delays no other request's event."""
    entry = await _an_entry(graph)
    release = asyncio.Event()

    async def slow_write(tx: AsyncManagedTransaction) -> None:
        await repository.add_events(tx, [entry])
        await release.wait()

    holding = asyncio.create_task(graph.write(slow_write))
    await asyncio.sleep(0.3)
    try:
        body = await asyncio.wait_for(
            gql(client, ME, persona_headers(settings, "demo.police.ppo")), timeout=5)
        assert "errors" not in body
    finally:
        release.set()
        await holding


async def _an_entry(graph: Graph) -> Any:
    from app.audit.models import AuditEntry  # noqa: PLC0415
    from app.core.enums import AuditAction  # noqa: PLC0415
    return AuditEntry.now(user_id="test", agency_id=None, roles=(), purpose=None,
                          action=AuditAction.CONSULTATION, operation="test slow write",
                          subject_ids=())


async def test_the_lease_passes_to_another_sequencer_when_its_holder_stops(
    settings: Settings, graph: Graph
) -> None:
    short = settings.model_copy(update={"audit_lease_s": 0.6})
    first, second = Sequencer(graph, short), Sequencer(graph, short)
    await graph.write(repository.add_events, [await _an_entry(graph)])
    assert await first.integrate_all() == 1
    await graph.write(repository.add_events, [await _an_entry(graph)])
    assert await second.integrate_all() == 0  # the first holds the lease
    await asyncio.sleep(0.7)  # ... and stops renewing it (its process died)
    assert await second.integrate_all() == 1
    assert await first.integrate_all() == 0


async def test_the_hash_chains_events_become_the_first_leaves(
    settings: Settings, graph: Graph, client: httpx.AsyncClient, tlog_check: TlogCheck
) -> None:
    """A trail written before the Merkle tree (numbered events, no tree) is taken in whole, in
    its order, before any new event; it verifies and each old event has its proof."""
    await cypher(graph, "MATCH (n) WHERE n:AuditEvent OR n:AuditTree OR n:AuditTile OR "
                        "n:AuditCheckpoint DETACH DELETE n")
    await cypher(graph, """
        UNWIND range(1, 300) AS n
        CREATE (:AuditEvent {id: 'old-' + n, sequence: n, at: datetime() - duration({days: 1}),
          userId: 'demo.police.ppo', agencyId: 'AG-DEMO-POLICE',
          roles: ['PUBLIC_PROTECTION_OFFICER'], purpose: 'RISK_MANAGEMENT', action: 'CONSULTATION',
          operation: 'query me', subjectIds: [], fieldClasses: [], outcome: 'OK',
          prevHash: 'an old chain hash', hash: 'an old chain hash'})""")
    await operations(client, settings, 2)
    ids = await event_ids(client, settings, graph)
    status = await asyncio.to_thread(_verify, settings)
    assert status.returncode == 0, status.stderr
    rows = await cypher(graph, "MATCH (e:AuditEvent) WHERE e.id STARTS WITH 'old-' "
                               "RETURN count(*) AS n, max(e.sequence) AS last")
    assert rows == [{"n": 300, "last": 300}]
    body = await gql(client, PROOF, auditor(settings), id="old-150")
    proof = body["data"]["auditProof"]
    assert proof["leafIndex"] == 149
    assert tlog_check.inclusions(verifier_key(settings), [Inclusion(
        proof["checkpoint"], _b64(proof["leafHash"]), 149,
        [_b64(h) for h in proof["hashes"]])]) == ["ok"]
    assert ids[:2] == ["old-1", "old-2"] or len(ids) == 100  # the trail's first page


# --- Tampering, as someone holding the API's Neo4j credentials would ---------------------------


async def _rebuild(graph: Graph, order: list[str]) -> None:
    """What a careful attacker does after editing: number the events in `order`, recompute
    every leaf, tile and the root, and remove every checkpoint (they cannot sign new ones)."""
    events = {e.id: e for e in await graph.read(repository.list_chain, 0, 10**6)}
    leaves = [merkle.leaf_hash(events[i].leaf(n)) for n, i in enumerate(order, 1)]
    tiles, root = merkle.append({}, 0, leaves)
    await cypher(graph, "MATCH (n) WHERE n:AuditTile OR n:AuditCheckpoint DETACH DELETE n")
    await cypher(graph, """
        UNWIND $order AS o MATCH (e:AuditEvent {id: o.id}) SET e.sequence = -o.sequence""",
        order=[{"id": i, "sequence": n} for n, i in enumerate(order, 1)])
    await cypher(graph, "MATCH (e:AuditEvent) WHERE e.sequence < 0 SET e.sequence = -e.sequence")
    await cypher(graph, """
        UNWIND $tiles AS t CREATE (:AuditTile {id: t.id, level: t.level, index: t.index,
                                               hashes: t.hashes})
        WITH count(*) AS written
        MATCH (tree:AuditTree) SET tree.size = $size, tree.root = $root""",
        tiles=[{"id": repository.tile_id(k), "level": k[0], "index": k[1], "hashes": v}
               for k, v in tiles.items()], size=len(order), root=root)


async def _truncate(graph: Graph, keep: int, *, checkpoints_too: bool) -> None:
    """Delete the events after `keep` and set the tree back to that size."""
    tiles = await graph.read(repository.read_tiles, merkle.root_tiles(keep))
    root = merkle.root(tiles, keep)
    await cypher(graph, "MATCH (e:AuditEvent) WHERE e.sequence > $keep DETACH DELETE e",
                 keep=keep)
    await cypher(graph, "MATCH (t:AuditTree) SET t.size = $keep, t.root = $root",
                 keep=keep, root=root)
    if checkpoints_too:
        await cypher(graph, "MATCH (c:AuditCheckpoint) WHERE c.size > $keep DELETE c", keep=keep)


def _verify(settings: Settings, *checkpoints: Path) -> subprocess.CompletedProcess[str]:
    """`mappa audit verify`, with only the checkpoints given held outside Neo4j."""
    empty = settings.checkpoint_dir.parent / "no-checkpoints-here"
    args = [arg for file in checkpoints for arg in ("--checkpoint", str(file))]
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "audit", "verify", *args], capture_output=True,
        text=True, cwd=PROJECT_ROOT, timeout=300, check=False,
        env={**os.environ, "MAPPA_NEO4J_URI": settings.bolt_uri, "COLUMNS": "300",
             "MAPPA_STATE_DIR": str(settings.state_dir),
             "MAPPA_AUDIT_CHECKPOINT_DIR": str(empty)})


@pytest.mark.parametrize("attack", ["alter", "truncate", "truncate-and-checkpoints",
                                    "recompute", "reorder"])
async def test_tampering_is_caught_against_a_checkpoint_kept_outside_neo4j(
    client: httpx.AsyncClient, settings: Settings, graph: Graph, tmp_path: Path, attack: str
) -> None:
    await operations(client, settings, 10)
    ids = await event_ids(client, settings, graph)
    exported = tmp_path / "checkpoint"
    exported.write_text(await published(client))
    assert _verify(settings, exported).returncode == 0
    await logged(graph, settings)  # the auditor's own reads in the log: the attacker's turn
    victim = ids[3]
    if attack == "alter":
        await cypher(graph, "MATCH (e:AuditEvent {id: $id}) SET e.subjectIds = ['DEMO-OFF-99']",
                     id=victim)
    elif attack.startswith("truncate"):
        await _truncate(graph, 5, checkpoints_too=attack == "truncate-and-checkpoints")
    elif attack == "recompute":
        await cypher(graph, "MATCH (e:AuditEvent {id: $id}) SET e.subjectIds = ['DEMO-OFF-99']",
                     id=victim)
        await _rebuild(graph, ids)
    else:
        await _rebuild(graph, [*ids[:3], ids[4], ids[3], *ids[5:]])
    await operations(client, settings, 2)  # the service goes on, and signs what it finds ...
    if attack == "truncate":  # ... but for a size it signed before: that would fork the log
        await asyncio.sleep(1)
        assert await graph.read_one(repository.any_pending)
    else:
        await logged(graph, settings)

    alone, against = _verify(settings), _verify(settings, exported)
    assert against.returncode == 1, against.stdout
    assert "audit log broken" in against.stderr
    caught_alone = attack in ("alter", "truncate")
    assert alone.returncode == (1 if caught_alone else 0), alone.stdout + alone.stderr
    if attack == "alter":
        assert victim in alone.stderr
        assert "was altered" in alone.stderr
    if attack == "truncate":
        assert "newest events are missing" in alone.stderr


def _b64(text: str) -> bytes:
    import base64  # noqa: PLC0415
    return base64.b64decode(text)


# --- A witness, and a signer kept elsewhere ---------------------------------------------------


class Witness:
    """A witness as C2SP tlog-witness has one: it holds the latest checkpoint of the log it
    follows, answers `add-checkpoint` with 409 and its size when the request's `old` size is not
    it, and accepts a newer checkpoint only with a consistency proof (checked with Go's
    verifier) from the one it holds."""

    def __init__(self, tlog: TlogCheck, key: str) -> None:
        self.tlog, self.key = tlog, key
        self.held: str | None = None
        self.requests: list[str] = []
        self.app = Starlette(routes=[Route("/add-checkpoint", self.add, methods=["POST"])])

    @property
    def size(self) -> int:
        return self.tlog.open(self.held, self.key)[0] if self.held else 0

    async def add(self, request: Request) -> Response:
        body = (await request.body()).decode()
        self.requests.append(body)
        head, _, note = body.partition("\n\n")
        old, *proof = head.splitlines()
        if old != f"old {self.size}":
            return PlainTextResponse(f"{self.size}\n", 409, media_type="text/x.tlog.size")
        if self.held is not None:
            verdict = self.tlog.consistencies(self.key, [Consistency(self.held, note, [
                _b64(line) for line in proof])])
            if verdict != ["ok"]:
                return PlainTextResponse("inconsistent\n", 422)
        self.held = note
        return PlainTextResponse("")


async def test_each_new_checkpoint_reaches_a_witness_with_its_consistency_proof(
    settings: Settings, graph: Graph, tlog_check: TlogCheck
) -> None:
    witness = Witness(tlog_check, verifier_key(settings))
    async with serving(witness.app) as port:
        witnessed = settings.model_copy(update={
            "audit_witness_url": f"http://127.0.0.1:{port}", "run_worker": True})
        await load_demo(graph, date.today())
        async with http_client(witnessed) as client:
            for _ in range(3):
                await operations(client, settings, 4)
                await logged(graph, witnessed)
                for _ in range(100):  # the witness is told after the commit, apart
                    if witness.held == await published(client):
                        break
                    await asyncio.sleep(0.05)
                assert witness.held == await published(client)
    # The first went with no proof (the witness held nothing); the next ones with proofs.
    assert any(r.startswith("old 0\n") for r in witness.requests)
    assert any(not r.startswith("old 0\n") and len(r.split("\n\n")[0].splitlines()) > 1
               for r in witness.requests)


KMS_KEY = generate_key("kms.example/audit")[0]  # the key the KMS keeps


class RemoteSigner:
    """A signer whose key stays elsewhere (as a KMS keeps it): the service only asks it to sign."""

    def __init__(self, settings: Settings) -> None:
        self._key = KeySigner.from_key(KMS_KEY)
        self.name, self.verifier_key = self._key.name, self._key.verifier_key
        self.asked = 0

    async def sign(self, message: bytes) -> bytes:
        self.asked += 1
        return await self._key.sign(message)


SIGNERS: list[RemoteSigner] = []


def remote_signer(settings: Settings) -> RemoteSigner:
    """The factory MAPPA_AUDIT_SIGNER names."""
    SIGNERS.append(RemoteSigner(settings))
    return SIGNERS[-1]


async def test_a_signer_kept_elsewhere_signs_the_checkpoints(
    settings: Settings, graph: Graph, tlog_check: TlogCheck
) -> None:
    kms = settings.model_copy(update={"audit_signer": f"{__name__}:remote_signer"})
    await graph.write(repository.add_events, [await _an_entry(graph)])
    sequencer = Sequencer(graph, kms)
    assert await sequencer.integrate_all() == 1
    signer = SIGNERS[0]
    assert signer.asked == 1
    note = await graph.read_one(repository.latest_checkpoint)
    assert note is not None
    assert tlog_check.open(note[1], signer.verifier_key)[0] == 1
    assert verifier_key(kms) == signer.verifier_key


async def test_an_empty_log_is_signed_before_its_first_event(
    settings: Settings, graph: Graph, tlog_check: TlogCheck
) -> None:
    """A log with no event yet has a checkpoint all the same (C2SP: size 0, the empty tree's
    root), so that one kept from the start catches any event taken away later."""
    assert await Sequencer(graph, settings).integrate_all() == 0
    latest = await graph.read_one(repository.latest_checkpoint)
    assert latest is not None
    size, root = tlog_check.open(latest[1], verifier_key(settings))
    assert (size, root) == (0, merkle.EMPTY_ROOT)
