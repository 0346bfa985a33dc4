"""The benchmark's peer: the same Neo4j and data served by @neo4j/graphql, the GraphQL layer Neo4j
publishes (bench/peer/: server.mjs over typeDefs.graphql), with no need-to-know filtering,
redaction or audit. Issue 5, point 3: what our service costs next to a generic GraphQL-to-Cypher
layer answering the same workloads.

    ensure_installed()
    with running_peer("bolt://127.0.0.1:7697", "neo4j", password, "neo4j") as base_url:
        httpx.post(f"{base_url}/graphql",
                   json={"query": PEER_OFFENDER, "variables": peer_variables("W1", "OFF-000001")})
"""

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Literal

import httpx

from app.cases.repository import lucene_query

PEER_DIR = Path(__file__).resolve().parent / "peer"
CASELOAD_PAGE = 50
SEARCH_FIRST = 20  # searchPeople's default `first`

Workload = Literal["W1", "W2", "W3", "W5"]

PEER_OFFENDER = """
fragment Place on Address { id line1 town postcode location { latitude longitude } }
query PeerOffender($id: ID!, $today: Date!, $current: ResidenceWhere!) {
  offenders(where: { id: { eq: $id } }) {
    id name aliases dateOfBirth pnc visorRef category level area reviewDate registeredSexOffender
    indexOffence lastFixLocation { latitude longitude } lastFixAt
    leadAgency { id name kind }
    agenciesConnection(sort: [{ node: { id: ASC } }], where: { edge: {
                         OR: [{ until: { eq: null } }, { until: { gt: $today } }] } }) {
      edges { properties { basis since until } node { id name kind } } }
    officersConnection(sort: [{ node: { id: ASC } }]) {
      edges { properties { since } node { id name role agency { id } } } }
    currentAddress: addressesConnection(first: 1, where: { edge: $current },
                                        sort: [{ edge: { from: DESC } }]) {
      edges { node { ...Place } } }
    addressesConnection(sort: [{ edge: { from: DESC } }, { node: { id: ASC } }]) {
      edges { properties { kind from to } node { ...Place } } }
    conditions(sort: [{ validFrom: ASC }, { id: ASC }]) {
      id kind text validFrom validTo premisesKind
      zones(sort: [{ id: ASC }]) { id kind shape geometry radiusMetres }
      protects(sort: [{ id: ASC }]) { id } }
    riskOfSeriousHarm: riskAssessments(limit: 1, sort: [{ assessedOn: DESC }, { id: DESC }]) {
      overall children publicAtLarge knownAdult staff assessedOn tool }
    contactsConnection(sort: [{ node: { id: ASC } }]) {
      edges { properties { relationship }
              node { id name dateOfBirth isChild
                     householdOf(where: { id: { eq: $id } }) { id } } } }
    associatesConnection(sort: [{ edge: { observedAt: DESC } }, { node: { id: ASC } }]) {
      edges { properties { sourceAgency source information handling observedAt }
              node { id name dateOfBirth } } }
    victims(sort: [{ id: ASC }]) {
      id name dateOfBirth
      locationsConnection(first: 1, sort: [{ edge: { from: DESC } }]) {
        edges { node { ...Place } } } }
    healthNotes(sort: [{ recordedOn: DESC }, { id: ASC }]) { id text recordedOn }
    interventions(sort: [{ start: DESC }, { id: ASC }]) { id kind name status start end }
    complianceEvents(sort: [{ at: DESC }, { id: ASC }]) { id kind at outcome }
    notifications(sort: [{ madeOn: DESC }, { id: ASC }]) { id kind madeOn dueOn }
  }
}"""
"""W1, ours `offender(id)` with every profile field (tests/api/test_offender_reads.py): one
offender with the same properties and neighbours, in the same orders. It differs in shape, not in
substance: relationship properties sit on connection edges; `leadAgency`, `currentAddress`,
`riskOfSeriousHarm` and a victim's location are lists of at most one (the library has no
single-valued relationships, so `first: 1`/`limit: 1` after a sort stands in for our `head()`);
`householdMember` is `householdOf` (empty or the offender); a zone list stands for `zone`. Nothing
is withheld: no `redactions`, and associates are not filtered by who may see them or by
handling code."""

PEER_CASELOAD = """
query PeerCaseload($first: Int!, $after: String, $where: OffenderWhere!,
                   $current: ResidenceWhere!) {
  offendersConnection(first: $first, after: $after, where: $where, sort: [{ id: ASC }]) {
    edges { cursor node {
      id name level
      currentAddress: addressesConnection(first: 1, where: { edge: $current },
                                          sort: [{ edge: { from: DESC } }]) {
        edges { node { id } } }
      victims(sort: [{ id: ASC }]) { id } } }
    pageInfo { hasNextPage endCursor }
  }
}"""
"""W2, ours `offenders(first: 50, filter: {level | area})` for a probation caller: a page of the
offenders the agency (the key) has an open INVOLVED_IN with, in id order, with the selection of
the API tests' CASELOAD (id, name, level, current address, victims). Ours also lists the cases
the caller holds an emergency grant for, and tests each row of the page against the visibility
rule again; both read only the fields selected."""

PEER_NETWORK = """
fragment Someone on Person { id name }
fragment Place on Address { id line1 postcode }
fragment Links on Person {
  offendedAgainst { ...Someone } contacts { ...Someone } household { ...Someone }
  associates { ...Someone }
  residencesConnection(where: { edge: $current }) { edges { node { ...Place } } }
  locationsConnection(where: { edge: { to: { eq: null } } }) { edges { node { ...Place } } }
}
fragment Occupants on Address {
  place { addresses { residentsConnection(where: { edge: $current }) {
    edges { node { ...Someone } } } } }
  locatedHereConnection(where: { edge: { to: { eq: null } } }) { edges { node { ...Someone } } }
}
query PeerNetwork($id: ID!, $current: ResidenceWhere!) {
  people(where: { id: { eq: $id } }) {
    ...Someone
    offendedAgainst { ...Someone ...Links } contacts { ...Someone ...Links }
    household { ...Someone ...Links } associates { ...Someone ...Links }
    residencesConnection(where: { edge: $current }) { edges { node { ...Place ...Occupants } } }
    locationsConnection(where: { edge: { to: { eq: null } } }) {
      edges { node { ...Place ...Occupants } } }
  }
}"""
"""W3, ours `network(personId, depth: 2, limit: 200)`: the people and addresses two links from a
person over the relationships our walk takes (OFFENDED_AGAINST, HAS_CONTACT, HOUSEHOLD_MEMBER_OF,
ASSOCIATES_WITH either way; current RESIDES_AT, and through an address's Place to the others who
live there now, whichever case recorded their address; LOCATED_AT), as a tree of nested selections.
Ours answers a de-duplicated graph (nodes with a kind and label, edges) of at most 200 nodes,
nearest first, and crosses only people the caller may see; the peer's tree repeats a node once per
path to it (the start reappears at depth 2), has no overall cap and crosses everyone."""

PEER_SEARCH = """
query PeerSearch($phrase: String!, $first: Int!) {
  searchPeople(phrase: $phrase, first: $first, sort: [{ score: DESC }, { node: { id: ASC } }]) {
    edges { score node { id name dateOfBirth } }
  }
}"""
"""W5, ours `searchPeople(text)`: the best matches of the full-text index `person_names` (name and
aliases) for the same Lucene query ours builds from the text (`lucene_query`), best first. Ours
keeps every match the caller may see and ranks them by a score of each one's own names (not the
index's, whose statistics count hidden people), and says whether each is an offender, victim or
named contact (`kind`); the peer ranks every match by the index's score and has no `kind`."""

PEER_SEARCH_AMONG = """
query PeerSearchAmong($phrase: String!, $first: Int!, $among: [ID!]!) {
  searchPeople(phrase: $phrase, first: $first, where: { node: { id: { in: $among } } }) {
    edges { node { id name dateOfBirth } }
  }
}"""
"""W5 checked (bench/answers.py): the matches of the same full-text query among the people our
`searchPeople` found, whose names and dates of birth are compared with ours. The peer's own page
(PEER_SEARCH) is the best matches of everyone, of whom ours shows only those the caller may see:
another page."""


def current_residence(today: date) -> dict[str, Any]:
    """Our `currentAddress` rule as a filter on RESIDES_AT: not PROPOSED, begun, not ended."""
    day = today.isoformat()
    return {"NOT": {"kind": {"eq": "PROPOSED"}},
            "AND": [{"OR": [{"from": {"eq": None}}, {"from": {"lte": day}}]},
                    {"OR": [{"to": {"eq": None}}, {"to": {"gt": day}}]}]}


def peer_variables(workload: Workload, key: str, *, level: str | None = None,
                   area: str | None = None, today: date | None = None,
                   among: list[str] | None = None) -> dict[str, Any]:
    """The variables of the peer's document for `workload` about `key`: an offender id (W1), a
    probation agency id with an optional level or area (W2), a person id (W3), a text (W5; with
    `among`, person ids, PEER_SEARCH_AMONG's)."""
    day = today or date.today()
    if workload == "W1":
        return {"id": key, "today": day.isoformat(), "current": current_residence(day)}
    if workload == "W2":
        where: dict[str, Any] = {"agenciesConnection": {"some": {
            "node": {"id": {"eq": key}},
            "edge": {"OR": [{"until": {"eq": None}}, {"until": {"gt": day.isoformat()}}]}}}}
        if level is not None:
            where["level"] = {"eq": level}
        if area is not None:
            where["area"] = {"eq": area}
        return {"first": CASELOAD_PAGE, "where": where, "current": current_residence(day)}
    if workload == "W3":
        return {"id": key, "current": current_residence(day)}
    if among is not None:
        return {"phrase": lucene_query(key), "first": max(len(among), 1), "among": among}
    return {"phrase": lucene_query(key), "first": SEARCH_FIRST}


def ensure_installed() -> None:
    """`npm ci` in bench/peer unless node_modules is at least as new as package-lock.json."""
    installed = PEER_DIR / "node_modules" / ".package-lock.json"  # npm writes it on install
    lock = PEER_DIR / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PEER_DIR, check=True)


@contextmanager
def running_peer(uri: str, user: str, password: str, database: str) -> Iterator[str]:
    """`node server.mjs` on a free loopback port as a child process; yields its base URL once it
    answers, and stops it on exit. Its errors go to this process's stderr."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {**os.environ, "NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password,
           "NEO4J_DATABASE": database, "PORT": str(port), "NODE_ENV": "production"}
    server = subprocess.Popen(["node", "server.mjs"], cwd=PEER_DIR, env=env,
                              stdout=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_answering(server, base_url)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_answering(server: subprocess.Popen[bytes], base_url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the peer exited with {server.returncode} before answering")
        try:
            if httpx.post(f"{base_url}/graphql", json={"query": "{ __typename }"}).is_success:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the peer did not answer within {timeout:.0f} s")
