"""The trusted documents' manifest is what the clients' sources make, and every document in it
is one the service accepts under its default bounds."""

import json

import pytest
from graphql import parse, specified_rules, validate
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter

from app.api.extensions import RegisteredDocuments
from app.api.schema import build_schema
from app.api.trusted import MANIFEST, TrustedDocuments, document_id, requested_id
from app.settings import Settings
from dev.documents import collect, manifest_text

SETTINGS = Settings()
SCHEMA = build_schema(SETTINGS)._schema


def test_the_committed_manifest_is_what_the_sources_make() -> None:
    assert MANIFEST.read_text() == manifest_text(collect()), (
        "run `mappa documents` and commit app/api/trusted_documents.json")


def test_each_document_is_keyed_by_the_hash_of_its_text() -> None:
    for key, entry in json.loads(MANIFEST.read_text()).items():
        assert key == document_id(entry["document"])
        assert entry["from"]


def test_every_client_is_registered() -> None:
    sources = " ".join(where for entry in json.loads(MANIFEST.read_text()).values()
                       for where in entry["from"])
    for client in ("web/common/documents.js EXPLORER.offender", "documents.js MEETINGS.meeting",
                   "documents.js marks(10)", "web/graphiql/examples/profile.graphql",
                   "examples/partner/alerts_client.py ALERT_RAISED", "bench/latency.py OFFENDER",
                   "bench/latency.py NETWORK"):
        assert client in sources


@pytest.mark.parametrize("key", sorted(json.loads(MANIFEST.read_text())))
def test_every_registered_document_is_valid_under_the_default_bounds(key: str) -> None:
    text = TrustedDocuments.load().by_id[key]
    node = parse(text, max_tokens=SETTINGS.graphql_max_tokens)
    bounds = [*QueryDepthLimiter(max_depth=SETTINGS.graphql_max_depth).validation_rules,
              *MaxAliasesLimiter(max_alias_count=SETTINGS.graphql_max_aliases).validation_rules]
    assert validate(SCHEMA, node, [*specified_rules, *bounds]) == []


def test_a_request_names_its_document_by_id_or_by_apollos_hash() -> None:
    trusted = TrustedDocuments.load()
    key = next(iter(trusted.by_id))
    assert trusted.text(key) == trusted.by_id[key]
    assert trusted.text(key.removeprefix("sha256:")) == trusted.by_id[key]
    assert trusted.text("sha256:" + "0" * 64) is None
    assert requested_id({"documentId": key}) == key
    assert requested_id({"persistedQuery": {"version": 1, "sha256Hash": "ab"}}) == "ab"
    assert requested_id({"documentId": 7}) == ""
    assert requested_id({"other": 1}) is None
    assert requested_id(None) is None


def test_every_registered_document_is_parsed_when_the_schema_is_built() -> None:
    trusted = TrustedDocuments.load()
    prepared = RegisteredDocuments(trusted, SETTINGS.graphql_max_tokens)
    assert {text for text, _ in prepared.documents} == set(trusted.by_id.values())
