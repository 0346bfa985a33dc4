"""The Go verifier of clients/tlog-check, built for a test session: checkpoints and proofs made
here are checked by the transparency-log libraries' own code (see its README.md)."""

import base64
import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.settings import PROJECT_ROOT

SOURCE = PROJECT_ROOT / "clients" / "tlog-check"


def _encoded(hashes: Sequence[bytes]) -> list[str]:
    return [base64.b64encode(node).decode() for node in hashes]


@dataclass(frozen=True)
class Inclusion:
    """A claim that the leaf hash `leaf` is at `index` in the tree the checkpoint signs."""

    checkpoint: str
    leaf: bytes
    index: int
    proof: Sequence[bytes]


@dataclass(frozen=True)
class Consistency:
    """A claim that the tree `old` signs is a prefix of the tree `new` signs."""

    old: str
    new: str
    proof: Sequence[bytes]


@dataclass(frozen=True)
class TlogCheck:
    binary: Path

    @classmethod
    def build(cls, folder: Path) -> "TlogCheck":
        """Build from the vendored modules: no network. Fails (not skips) without Go."""
        go = shutil.which("go")
        if go is None:
            pytest.fail("Go is not installed: the transparency-log tests build clients/tlog-check")
        binary = folder / "tlog-check"
        command = [go, "build", "-mod=vendor", "-buildvcs=false", "-o", str(binary), "."]
        built = subprocess.run(command, cwd=SOURCE, env=os.environ | {"GOPROXY": "off"},
                               capture_output=True, text=True, check=False, timeout=600)
        if built.returncode:
            pytest.fail(f"clients/tlog-check did not build (Go 1.26 or newer):\n{built.stderr}")
        return cls(binary)

    def run(self, verifier_key: str, command: str, stdin: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.binary), "-key", verifier_key, command], input=stdin,
                              capture_output=True, text=True, check=False, timeout=600)

    def open(self, note: str, verifier_key: str) -> tuple[int, bytes]:
        """(size, root) of a checkpoint Go opened; AssertionError with Go's words otherwise."""
        done = self.run(verifier_key, "open", note)
        assert done.returncode == 0, done.stderr
        size, root = done.stdout.split()
        return int(size), base64.b64decode(root)

    def refuses(self, note: str, verifier_key: str) -> str:
        """Go's error for a checkpoint it does not open."""
        done = self.run(verifier_key, "open", note)
        assert done.returncode == 1, done.stdout
        return done.stderr

    def inclusions(self, verifier_key: str, claims: Sequence[Inclusion]) -> list[str]:
        """Go's verdict on each claim, in one process: "ok" or "error: ..."."""
        lines = (json.dumps({"checkpoint": claim.checkpoint,
                             "leaf": base64.b64encode(claim.leaf).decode(),
                             "index": claim.index, "proof": _encoded(claim.proof)})
                 for claim in claims)
        return self.run(verifier_key, "inclusion", "\n".join(lines)).stdout.splitlines()

    def consistencies(self, verifier_key: str, claims: Sequence[Consistency]) -> list[str]:
        """Go's verdict on each claim, in one process: "ok" or "error: ..."."""
        lines = (json.dumps({"old": claim.old, "new": claim.new, "proof": _encoded(claim.proof)})
                 for claim in claims)
        return self.run(verifier_key, "consistency", "\n".join(lines)).stdout.splitlines()

    def generate_key(self, name: str) -> tuple[str, str]:
        """(signer key, verifier key) made by Go's note.GenerateKey."""
        done = subprocess.run([str(self.binary), "keygen", name], capture_output=True, text=True,
                              check=True, timeout=60)
        signer_key, verifier_key = done.stdout.splitlines()
        return signer_key, verifier_key
