"""Trusted documents: the GraphQL documents the service's own clients send (the link explorer,
the meetings page, GraphiQL's examples, the partner kit, the bench), registered by the SHA-256
of their exact text in app/api/trusted_documents.json (`mappa documents` writes it from those
sources; `make lint` fails when the two disagree).

A request names a registered document by id instead of sending it (`"documentId":
"sha256:<hex>"` in an HTTP body or a graphql-transport-ws subscribe payload; Apollo's
`extensions.persistedQuery.sha256Hash` too); a full `query` whose text is registered counts as
registered. With `trusted_documents_only` (on in production) every other document is refused
before it is parsed.
"""

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from app.settings import PROJECT_ROOT

MANIFEST = PROJECT_ROOT / "app" / "api" / "trusted_documents.json"
ID_PREFIX = "sha256:"
# Where a request's document id travels to the schema extension: the request's `extensions`
# (app/main.py and app/api/websocket.py copy a body's or payload's `documentId` there).
DOCUMENT_ID = "documentId"


def document_id(text: str) -> str:
    """A document's id: the SHA-256 of its exact text, in UTF-8."""
    return ID_PREFIX + hashlib.sha256(text.encode()).hexdigest()


class TrustedDocuments:
    """The registered documents, by id and by text."""

    def __init__(self, by_id: Mapping[str, str]) -> None:
        self.by_id = dict(by_id)
        self.texts = frozenset(self.by_id.values())

    @classmethod
    def load(cls, path: Path = MANIFEST) -> "TrustedDocuments":
        entries = json.loads(path.read_text())
        return cls({key: entry["document"] for key, entry in entries.items()})

    def registered(self, text: str | None) -> bool:
        return text is not None and text in self.texts

    def text(self, requested: str) -> str | None:
        """The document `requested` names: "sha256:<hex>" (or the bare hex, as Apollo's
        persisted queries send it); None when it is not registered."""
        key = requested if requested.startswith(ID_PREFIX) else ID_PREFIX + requested
        return self.by_id.get(key.lower())


def requested_id(extensions: Mapping[str, object] | None) -> str | None:
    """The document id a request names instead of sending its text, if any: its `documentId`,
    or Apollo's `extensions.persistedQuery.sha256Hash`. Anything but text counts as given and
    unknown ("")."""
    if not extensions:
        return None
    if DOCUMENT_ID in extensions:
        given = extensions[DOCUMENT_ID]
        return given if isinstance(given, str) else ""
    persisted = extensions.get("persistedQuery")
    if isinstance(persisted, Mapping) and "sha256Hash" in persisted:
        given = persisted["sha256Hash"]
        return given if isinstance(given, str) else ""
    return None


def carried(operation: object) -> object:
    """An HTTP body's (or a batch item's, or a subscribe payload's) operation with its
    `documentId` carried into its `extensions`, where the schema extension reads it (strawberry
    passes a request's `extensions` on, and drops its other members)."""
    if not isinstance(operation, dict) or DOCUMENT_ID not in operation:
        return operation
    extensions = operation.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        return operation  # refused as ever: extensions must be an object
    return {**operation, "extensions": {**(extensions or {}), DOCUMENT_ID: operation[DOCUMENT_ID]}}
