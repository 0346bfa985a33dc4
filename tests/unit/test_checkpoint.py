"""Signed checkpoints: the C2SP formats to the byte, and every way a note can fail to open named
in our words. Go's note and checkpoint libraries open the same notes in
tests/integration/test_tlog_client.py."""

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.audit import merkle
from app.audit.checkpoint import (
    Checkpoint,
    CheckpointError,
    KeySigner,
    generate_key,
    open_checkpoint,
    sign,
)

ROOT = merkle.leaf_hash(b"the log's root")
# A key pair of Go's note.GenerateKey("audit.mappa.example/log") (clients/tlog-check keygen),
# fixed here so that this file needs no Go; made for this test, it signs nothing else.
GO_SIGNER_KEY = ("PRIVATE+KEY+audit.mappa.example/log+855f1609+"
                 "ARRAT0zLcce7+Im1FmKkY4njSqX1mxluKPxeoD3618Sb")
GO_VERIFIER_KEY = "audit.mappa.example/log+855f1609+AXcrO3FbYWxfdzM/QJyfpNkNpYvf51xlNzURG1Ka0rC7"


@pytest.fixture(scope="module")
def signer() -> KeySigner:
    return KeySigner.from_key(generate_key("audit.mappa.example/log")[0])


async def test_a_signed_checkpoint_is_the_c2sp_body_a_blank_line_and_one_signature(
        signer: KeySigner) -> None:
    note = await sign(Checkpoint("audit.mappa.example/log", 42, ROOT), signer)
    body, signature = note.split("\n\n")
    assert body == f"audit.mappa.example/log\n42\n{base64.b64encode(ROOT).decode()}"
    assert signature.startswith("\u2014 audit.mappa.example/log ")
    assert signature.endswith("\n")
    signed = base64.b64decode(signature.split(" ")[2])
    name, key_id, public = signer.verifier_key.split("+", 2)
    assert signed[:4].hex() == key_id
    assert key_id == hashlib.sha256(
        name.encode() + b"\n" + base64.b64decode(public)).digest()[:4].hex()
    assert len(signed) == 4 + 64
    assert open_checkpoint(note, signer.verifier_key) == Checkpoint(
        "audit.mappa.example/log", 42, ROOT)


async def test_a_key_in_gos_format_signs_and_its_verifier_key_is_gos() -> None:
    signer = KeySigner.from_key(GO_SIGNER_KEY)
    assert signer.name == "audit.mappa.example/log"
    assert signer.verifier_key == GO_VERIFIER_KEY
    note = await sign(Checkpoint("audit.mappa.example/log", 0, merkle.EMPTY_ROOT), signer)
    assert open_checkpoint(note, GO_VERIFIER_KEY).size == 0


async def test_a_note_that_does_not_open_is_refused_in_our_words(signer: KeySigner) -> None:
    note = await sign(Checkpoint("audit.mappa.example/log", 42, ROOT), signer)
    other = KeySigner.from_key(generate_key("audit.mappa.example/log")[0])
    stranger = KeySigner.from_key(generate_key("someone.else/log")[0])
    refusals = {
        "the checkpoint is not signed by audit.mappa.example/log": [
            (note, other.verifier_key),
            (note.replace("\n42\n", "\n43\n"), signer.verifier_key),
            (note.replace("audit.mappa.example/log\n", "audit.mappa.example/other\n"),
             signer.verifier_key),
            (note.replace(base64.b64encode(ROOT).decode(),
                          base64.b64encode(merkle.EMPTY_ROOT).decode()), signer.verifier_key),
        ],
        "the checkpoint is not signed by someone.else/log": [(note, stranger.verifier_key)],
        "the checkpoint's origin is 'someone.else/log', not 'audit.mappa.example/log'": [
            (await sign(Checkpoint("someone.else/log", 42, ROOT), signer), signer.verifier_key),
        ],
        "the checkpoint is not a signed note": [
            (note.split("\n\n")[0] + "\n", signer.verifier_key),
            (note.rstrip("\n"), signer.verifier_key),
        ],
        "the verifier key is not an Ed25519 note verifier key": [
            (note, "audit.mappa.example/log"),
            (note, signer.verifier_key[:-4]),
        ],
        "the verifier key's id does not match its key": [
            (note, signer.verifier_key.replace(signer.verifier_key.split("+")[1], "00000000")),
        ],
    }
    for words, cases in refusals.items():
        for text, key in cases:
            with pytest.raises(CheckpointError, match=words):
                open_checkpoint(text, key)


async def test_a_signed_body_that_is_no_checkpoint_is_refused_in_our_words(
        signer: KeySigner) -> None:
    class Body:
        """A body that Checkpoint would not write: sign() signs whatever body() says."""

        def __init__(self, text: str) -> None:
            self.text = text

        def body(self) -> str:
            return self.text

    root = base64.b64encode(ROOT).decode()
    refusals = {
        "the checkpoint's tree size is not a decimal count": [
            f"audit.mappa.example/log\n042\n{root}\n", f"audit.mappa.example/log\n-1\n{root}\n",
            f"audit.mappa.example/log\n{1 << 64}\n{root}\n"],
        "the checkpoint's root hash is not 32 bytes of base64": [
            "audit.mappa.example/log\n42\nAAAA\n", "audit.mappa.example/log\n42\nnot base64!\n"],
        "the checkpoint's text is not origin, tree size and root hash": [
            "audit.mappa.example/log\n"],
    }
    for words, bodies in refusals.items():
        for text in bodies:
            with pytest.raises(CheckpointError, match=words):
                open_checkpoint(await sign(Body(text), signer), signer.verifier_key)


def test_keys_that_are_not_note_keys_are_refused_in_our_words() -> None:
    with pytest.raises(CheckpointError, match="not an Ed25519 note signer key"):
        KeySigner.from_key("audit.mappa.example/log+3a43b2b9+AQ==")
    with pytest.raises(CheckpointError, match="the signing key's id does not match its key"):
        KeySigner.from_key(GO_SIGNER_KEY.replace("855f1609", "855f160a"))
    with pytest.raises(CheckpointError, match="a key's name is one line without spaces or"):
        generate_key("audit log")
    with pytest.raises(ValueError, match="root hash is 32 bytes"):
        Checkpoint("audit.mappa.example/log", 1, b"short")


def test_the_signer_key_carries_the_seed_of_the_ed25519_key() -> None:
    signer_key, verifier_key = generate_key("audit.mappa.example/log")
    seed = base64.b64decode(signer_key.split("+", 4)[4])
    public = Ed25519PrivateKey.from_private_bytes(seed[1:]).public_key().public_bytes_raw()
    assert seed[:1] == b"\x01"
    assert base64.b64decode(verifier_key.split("+", 2)[2]) == b"\x01" + public
    assert KeySigner.from_key(signer_key).verifier_key == verifier_key
