"""Checkpoints and proofs made here, checked by code nobody here wrote: Go's note library
(golang.org/x/mod/sumdb/note), transparency-dev/formats' checkpoint parser and
transparency-dev/merkle's proof verifiers, through clients/tlog-check. No Neo4j."""

import pytest

from app.audit import merkle
from app.audit.checkpoint import Checkpoint, KeySigner, generate_key, open_checkpoint, sign
from tests.tlog import Consistency, Inclusion, TlogCheck
from tests.trees import (
    SAMPLED_PAIRS,
    built_in_batches,
    claims_of_consistency,
    claims_of_inclusion,
    every_pair,
    given,
    leaves,
    mth,
)

ORIGIN = "audit.mappa.example/log"
AROUND_65536 = (65_535, 65_536, 65_537, 65_540)


@pytest.fixture(scope="module")
def signer() -> KeySigner:
    return KeySigner.from_key(generate_key(ORIGIN)[0])


class Notes:
    """One signed checkpoint per tree size, made as the proofs ask for them."""

    def __init__(self, signer: KeySigner) -> None:
        self.signer = signer
        self.made: dict[tuple[int, bytes], str] = {}

    async def of(self, size: int, root: bytes) -> str:
        if (size, root) not in self.made:
            self.made[size, root] = await sign(Checkpoint(ORIGIN, size, root), self.signer)
        return self.made[size, root]


async def test_go_opens_a_checkpoint_signed_here(tlog_check: TlogCheck, signer: KeySigner) -> None:
    for size in (0, 1, 42, 65_536):
        root = mth(leaves()[:size])
        note = await sign(Checkpoint(ORIGIN, size, root), signer)
        assert tlog_check.open(note, signer.verifier_key) == (size, root)


async def test_a_key_made_by_go_signs_here_and_go_verifies(tlog_check: TlogCheck) -> None:
    signer_key, verifier_key = tlog_check.generate_key(ORIGIN)
    signer = KeySigner.from_key(signer_key)
    assert signer.verifier_key == verifier_key
    note = await sign(Checkpoint(ORIGIN, 7, mth(leaves()[:7])), signer)
    assert tlog_check.open(note, verifier_key) == (7, mth(leaves()[:7]))
    assert open_checkpoint(note, verifier_key).size == 7


async def test_go_refuses_what_python_refuses(tlog_check: TlogCheck, signer: KeySigner) -> None:
    note = await sign(Checkpoint(ORIGIN, 42, mth(leaves()[:42])), signer)
    other = KeySigner.from_key(generate_key(ORIGIN)[0])
    elsewhere = KeySigner.from_key(generate_key("someone.else/log")[0])
    assert "verify" in tlog_check.refuses(note, other.verifier_key)
    assert "verify" in tlog_check.refuses(note.replace("\n42\n", "\n43\n"), signer.verifier_key)
    assert "verify" in tlog_check.refuses(note.replace(f"{ORIGIN}\n", "someone.else/log\n"),
                                          signer.verifier_key)
    foreign = await sign(Checkpoint("someone.else/log", 42, mth(leaves()[:42])), signer)
    assert "Origin" in tlog_check.refuses(foreign, signer.verifier_key)
    assert "verify" in tlog_check.refuses(note, elsewhere.verifier_key)


async def test_go_verifies_every_inclusion_proof_made_here_and_no_tampered_one(
        tlog_check: TlogCheck, signer: KeySigner) -> None:
    notes = Notes(signer)
    claims, tampered = [], []
    for index, size, proof, root in claims_of_inclusion(range(1, 301)):
        note = await notes.of(size, root)
        claims.append(Inclusion(note, leaves()[index], index, proof))
        if index % 7 == 0 and size > 1:
            changed = [*proof[:-1], merkle.leaf_hash(proof[-1])]
            tampered += [
                Inclusion(note, leaves()[index], index, changed),
                Inclusion(note, leaves()[index], (index + 1) % size, proof),
                Inclusion(await notes.of(size, leaves()[0]), leaves()[index], index, proof),
            ]
    for size in AROUND_65536:
        tiles, root = built_in_batches(size)
        note = await notes.of(size, root)
        for index in (0, 1, 255, 256, 4095, 65_279, 65_534, size - 2, size - 1):
            proof = merkle.inclusion_proof(given(tiles, merkle.inclusion_tiles(index, size)),
                                           index, size)
            claims.append(Inclusion(note, leaves()[index], index, proof))
            tampered.append(Inclusion(note, leaves()[index], index ^ 1, proof))
    assert len(claims) > 45_000
    verdicts = tlog_check.inclusions(signer.verifier_key, claims)
    assert verdicts == ["ok"] * len(claims), [v for v in verdicts if v != "ok"][:3]
    refused = tlog_check.inclusions(signer.verifier_key, tampered)
    assert len(refused) == len(tampered)
    assert all(verdict.startswith("error:") for verdict in refused), refused.count("ok")


async def test_go_verifies_every_consistency_proof_made_here_and_no_tampered_one(
        tlog_check: TlogCheck, signer: KeySigner) -> None:
    notes = Notes(signer)
    claims, tampered = [], []
    for old, new, proof, old_root, new_root in claims_of_consistency(
            [*every_pair(130), *SAMPLED_PAIRS]):
        old_note, new_note = await notes.of(old, old_root), await notes.of(new, new_root)
        claims.append(Consistency(old_note, new_note, proof))
        if 0 < old < new:
            changed = [*proof[:-1], merkle.leaf_hash(proof[-1])]
            rewritten = await notes.of(new, merkle.leaf_hash(new_root))
            tampered += [Consistency(old_note, new_note, changed),
                         Consistency(old_note, rewritten, proof),
                         Consistency(old_note, new_note, proof[:-1])]
    verdicts = tlog_check.consistencies(signer.verifier_key, claims)
    assert verdicts == ["ok"] * len(claims), [v for v in verdicts if v != "ok"][:3]
    refused = tlog_check.consistencies(signer.verifier_key, tampered)
    assert len(refused) == len(tampered)
    assert all(verdict.startswith("error:") for verdict in refused), refused.count("ok")
