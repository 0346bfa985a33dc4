"""An audit event (DPA 2018 s.62): who did what to whose data, why, and with what outcome."""

import json
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.core.enums import AuditAction


def canonical_instant(value: datetime | str) -> str:
    """One spelling of an instant (UTC, microseconds), whichever side of the driver it is on."""
    instant = datetime.fromisoformat(value) if isinstance(value, str) else value
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class AuditEntry(BaseModel):
    """What an operation reports for the trail, before the chain gives it a place and a hash."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    at: datetime
    user_id: str | None
    agency_id: str | None
    roles: tuple[str, ...]
    purpose: str | None
    justification: str | None
    action: AuditAction
    operation: str
    subject_ids: tuple[str, ...]
    field_classes: tuple[str, ...]
    outcome: str

    @classmethod
    def now(
        cls, *, user_id: str | None, agency_id: str | None, roles: Iterable[str],
        purpose: str | None, action: AuditAction, operation: str, subject_ids: Iterable[str],
        field_classes: Iterable[str] = (), outcome: str = "OK", justification: str | None = None,
    ) -> "AuditEntry":
        """A new entry, made now, with an id of its own."""
        return cls(id=str(uuid.uuid4()), at=datetime.now(UTC), user_id=user_id,
                   agency_id=agency_id, roles=tuple(roles), purpose=purpose,
                   justification=justification, action=action, operation=operation,
                   subject_ids=tuple(subject_ids), field_classes=tuple(field_classes),
                   outcome=outcome)

    def canonical(self, sequence: int) -> dict[str, Any]:
        """The entry at `sequence` in the log, as its leaf holds it: the one canonical form
        (field names and spellings) of an audit event."""
        return {
            "id": self.id, "sequence": sequence, "at": canonical_instant(self.at),
            "userId": self.user_id, "agencyId": self.agency_id, "roles": list(self.roles),
            "purpose": self.purpose, "justification": self.justification,
            "action": self.action.value, "operation": self.operation,
            "subjectIds": list(self.subject_ids), "fieldClasses": list(self.field_classes),
            "outcome": self.outcome,
        }

    def leaf(self, sequence: int) -> bytes:
        """The leaf's bytes: the canonical form as JSON (sorted keys, no spaces, UTF-8)."""
        return json.dumps(self.canonical(sequence), sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False).encode()


class AuditEvent(AuditEntry):
    """An entry in its place in the log: leaf `sequence - 1` of the Merkle tree."""

    sequence: int


class ChainStatus(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    ok: bool = Field(description="Every event in the tree is there and unaltered, and the "
                    "tree matches every signed checkpoint checked.")
    length: int = Field(description="How many events the tree holds.")
    first_broken_id: str | None = Field(default=None, description="The first event altered, or "
                                        "after which one is missing; null when intact.")
    detail: str | None = Field(default=None, description="What is wrong there; null when "
                               "intact.")
    pending: int = Field(default=0, description="Events written but not yet in the tree: a "
                         "sequencer takes them in within MAPPA_AUDIT_MERGE_DELAY_S while one "
                         "runs (in `mappa serve` or `mappa worker`).")
