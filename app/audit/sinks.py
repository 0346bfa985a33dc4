"""Where each signed checkpoint goes outside Neo4j, so that a rewrite of the log is caught by
whoever holds an older one: a folder (append-only), and a witness if one is configured."""

import asyncio
import base64
import json
import logging
import os
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx

from app.observability.metrics import AUDIT_CHECKPOINTS_PUBLISHED

log = logging.getLogger(__name__)

LOG_FILE = "checkpoints.jsonl"
LATEST_FILE = "checkpoint"
# A consistency proof from one size to another (app/audit/merkle.py), read from the tree.
Proof = Callable[[int, int], Awaitable[list[bytes]]]


class Folder:
    """Each checkpoint appended to `checkpoints.jsonl` (one JSON object a line: size, at, the
    note) and fsynced; `checkpoint` replaced by the latest, for `curl`-free collection."""

    def __init__(self, path: Path) -> None:
        self.path = path

    async def publish(self, size: int, note: str) -> None:
        await asyncio.to_thread(self._write, size, note)
        AUDIT_CHECKPOINTS_PUBLISHED.labels("folder").inc()

    def _write(self, size: int, note: str) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"size": size, "at": datetime.now(UTC).isoformat(),
                           "checkpoint": note}) + "\n"
        fd = os.open(self.path / LOG_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        latest = self.path / f".{LATEST_FILE}.{uuid.uuid4().hex}"
        latest.write_text(note)
        latest.replace(self.path / LATEST_FILE)


def read_log(text: str) -> list[str]:
    """The checkpoints of a folder sink's checkpoints.jsonl."""
    return [json.loads(line)["checkpoint"] for line in text.splitlines() if line.strip()]


def read_folder(path: Path) -> list[str]:
    """Every checkpoint a folder sink holds, as written (none when there is no such folder)."""
    file = path / LOG_FILE
    return read_log(file.read_text()) if file.exists() else []


def set_aside(path: Path) -> Path | None:
    """Rename a folder sink whose log is gone (a development graph emptied), so that the next
    log's checkpoints do not sit with another log's; where it went, or None when empty."""
    if not (path / LOG_FILE).exists():
        return None
    kept = path.with_name(f"{path.name}.{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
    path.rename(kept)
    return kept


class Witness:
    """A witness (C2SP tlog-witness): each new checkpoint is sent to its `add-checkpoint` with a
    consistency proof from the size it last acknowledged; it answers 409 with the size it holds
    when that is not the one sent. One send at a time; a checkpoint made meanwhile waits for it
    and only the latest is sent."""

    def __init__(self, url: str, proof: Proof, timeout_s: float = 5.0) -> None:
        self.url = url.rstrip("/") + "/add-checkpoint"
        self.proof = proof
        self.timeout_s = timeout_s
        self.known = 0  # the size the witness holds, as far as this process knows
        self._sending: asyncio.Task[None] | None = None
        self._latest: tuple[int, str] | None = None

    async def publish(self, size: int, note: str) -> None:
        self._latest = (size, note)
        if self._sending is None or self._sending.done():
            self._sending = asyncio.create_task(self._send(), name="audit-witness")

    async def _send(self) -> None:
        async with httpx.AsyncClient(timeout=self.timeout_s) as client:
            while self._latest is not None:
                (size, note), self._latest = self._latest, None
                try:
                    await self._add(client, size, note)
                except (httpx.HTTPError, OSError) as error:
                    log.warning("audit witness %s: %s", self.url, type(error).__name__)

    async def _add(self, client: httpx.AsyncClient, size: int, note: str) -> None:
        for _ in range(2):  # once more after a 409 taught the witness's size
            proof = await self.proof(self.known, size) if 0 < self.known < size else []
            body = "".join([f"old {self.known}\n",
                            *(base64.b64encode(h).decode() + "\n" for h in proof), "\n", note])
            answer = await client.post(self.url, content=body.encode())
            if answer.status_code == httpx.codes.CONFLICT and answer.text.strip().isdigit():
                self.known = int(answer.text.strip())
                continue
            if answer.is_success:
                self.known = size
                AUDIT_CHECKPOINTS_PUBLISHED.labels("witness").inc()
            else:
                log.warning("audit witness %s refused the checkpoint at size %d: HTTP %d",
                            self.url, size, answer.status_code)
            return
