"""Signed checkpoints of the audit log: C2SP tlog-checkpoint bodies in C2SP signed notes, Ed25519.

A checkpoint commits to the whole log (its origin, size and root hash); signed with a key the
database does not hold and kept outside it, it lets anyone holding it prove later that the log
was truncated or rewritten. Keys are in the format of Go's golang.org/x/mod/sumdb/note, so a key
made by either tool works in both:

    signer key    PRIVATE+KEY+<name>+<8 hex key id>+<base64(0x01 || Ed25519 seed)>
    verifier key  <name>+<8 hex key id>+<base64(0x01 || Ed25519 public key)>
    key id        the first 4 bytes of SHA-256(name || "\\n" || 0x01 || public key)

A note is its body, a blank line, then one line per signature:
"\\u2014 <name> <base64(key id || signature)>\\n", the signature being over the body's bytes.
"""

import base64
import binascii
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.core.errors import Invalid

ED25519 = b"\x01"  # the note format's algorithm byte for Ed25519
ROOT_SIZE = 32
SIGNATURE_LINE = re.compile(r"\u2014 (\S+) (\S+)\n")
TREE_SIZE = re.compile(r"0|[1-9][0-9]{0,19}")


class CheckpointError(Invalid):
    """A checkpoint, or a key, that does not open or parse; the message is in our words."""


@dataclass(frozen=True)
class Checkpoint:
    """What a checkpoint commits to (C2SP tlog-checkpoint): the log, its size, its root."""

    origin: str
    size: int
    root: bytes

    def __post_init__(self) -> None:
        if not _valid_name(self.origin):
            raise ValueError("a checkpoint's origin is one line without spaces or '+'")
        if not 0 <= self.size < 1 << 64:
            raise ValueError(f"a checkpoint's size is a 64-bit count (got {self.size})")
        if len(self.root) != ROOT_SIZE:
            raise ValueError("a checkpoint's root hash is 32 bytes")

    def body(self) -> str:
        """The note's text: "<origin>\\n<size>\\n<base64 root>\\n"."""
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"


class Signer(Protocol):
    """A key the database does not hold: a key file or setting here, a KMS in production."""

    name: str
    verifier_key: str  # "<name>+<8 hex key id>+<base64(0x01 || public key)>"

    async def sign(self, message: bytes) -> bytes:
        """The raw Ed25519 signature of `message`."""
        ...


def _valid_name(name: str) -> bool:
    """A key's (and so the log's) name, as the note format allows it: no spaces, no '+'."""
    return bool(name) and "+" not in name and not any(
        char.isspace() or unicodedata.category(char) == "Cc" for char in name
    )


def _key_id(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public_key).digest()[:4]


def _decode(text: str) -> bytes | None:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def _public_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _verifier_key(name: str, public_key: bytes) -> str:
    key_id = _key_id(name, public_key).hex()
    return f"{name}+{key_id}+{base64.b64encode(ED25519 + public_key).decode()}"


class KeySigner(Signer):
    """An Ed25519 key held by this process (development, or a key file or setting)."""

    def __init__(self, name: str, key: Ed25519PrivateKey) -> None:
        if not _valid_name(name):
            raise CheckpointError("a key's name is one line without spaces or '+'")
        self.name = name
        self.verifier_key = _verifier_key(name, _public_bytes(key))
        self._key = key

    @classmethod
    def from_key(cls, signer_key: str) -> "KeySigner":
        """The signer of a note signer key: PRIVATE+KEY+<name>+<hex key id>+<base64 key>."""
        parts = signer_key.strip().split("+", 4)
        wrong = CheckpointError(
            "the signing key is not an Ed25519 note signer key "
            "(PRIVATE+KEY+<name>+<key id>+<key>)")
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"] or not _valid_name(parts[2]):
            raise wrong
        name, key_id, encoded = parts[2:]
        seed = _decode(encoded)
        if seed is None or len(seed) != 33 or seed[:1] != ED25519:
            raise wrong
        key = Ed25519PrivateKey.from_private_bytes(seed[1:])
        if key_id != _key_id(name, _public_bytes(key)).hex():
            raise CheckpointError("the signing key's id does not match its key")
        return cls(name, key)

    async def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)


def generate_key(name: str) -> tuple[str, str]:
    """A new Ed25519 key for the log called `name`: (signer key, verifier key)."""
    key = Ed25519PrivateKey.generate()
    verifier_key = KeySigner(name, key).verifier_key
    key_id = _key_id(name, _public_bytes(key)).hex()
    seed = base64.b64encode(ED25519 + key.private_bytes_raw()).decode()
    return f"PRIVATE+KEY+{name}+{key_id}+{seed}", verifier_key


async def sign(checkpoint: Checkpoint, signer: Signer) -> str:
    """The checkpoint as a signed note: its body, a blank line, the signer's signature line."""
    body = checkpoint.body()
    signature = await signer.sign(body.encode())
    key_id = bytes.fromhex(signer.verifier_key.split("+")[1])
    encoded = base64.b64encode(key_id + signature).decode()
    return f"{body}\n\u2014 {signer.name} {encoded}\n"


def _verifier(verifier_key: str) -> tuple[str, bytes, Ed25519PublicKey]:
    """(name, key id, public key) of a verifier key."""
    parts = verifier_key.strip().split("+", 2)
    public = _decode(parts[2]) if len(parts) == 3 else None
    if (public is None or len(public) != 33 or public[:1] != ED25519
            or not _valid_name(parts[0])):
        raise CheckpointError(
            "the verifier key is not an Ed25519 note verifier key (<name>+<key id>+<key>)")
    name, key_id = parts[0], _key_id(parts[0], public[1:])
    if parts[1] != key_id.hex():
        raise CheckpointError("the verifier key's id does not match its key")
    return name, key_id, Ed25519PublicKey.from_public_bytes(public[1:])


def _signed_by(text: str, signatures: str, name: str, key_id: bytes,
               key: Ed25519PublicKey) -> bool:
    for line in signatures.splitlines(keepends=True):
        match = SIGNATURE_LINE.fullmatch(line)
        signed = _decode(match[2]) if match else None
        if match and signed and match[1] == name and signed[:4] == key_id:
            try:
                key.verify(signed[4:], text.encode())
            except InvalidSignature:
                continue
            return True
    return False


def open_checkpoint(note: str, verifier_key: str) -> Checkpoint:
    """The checkpoint in a signed note, once its signature by `verifier_key` is checked and its
    origin is the key's name (C2SP tlog-checkpoint); CheckpointError otherwise."""
    name, key_id, key = _verifier(verifier_key)
    text, blank, signatures = note.rpartition("\n\n")
    if not blank or not note.endswith("\n"):
        raise CheckpointError("the checkpoint is not a signed note (text, blank line, signatures)")
    text += "\n"
    if not _signed_by(text, signatures, name, key_id, key):
        raise CheckpointError(f"the checkpoint is not signed by {name}")
    lines = text.split("\n")
    if len(lines) < 4:
        raise CheckpointError("the checkpoint's text is not origin, tree size and root hash")
    origin, size, root = lines[:3]  # any further lines are extensions, opaque here
    if origin != name:
        raise CheckpointError(f"the checkpoint's origin is {origin!r}, not {name!r}")
    if not TREE_SIZE.fullmatch(size) or int(size) >= 1 << 64:
        raise CheckpointError("the checkpoint's tree size is not a decimal count")
    hashed = _decode(root)
    if hashed is None or len(hashed) != ROOT_SIZE:
        raise CheckpointError("the checkpoint's root hash is not 32 bytes of base64")
    return Checkpoint(origin, int(size), hashed)
