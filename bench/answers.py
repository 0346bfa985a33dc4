"""The service's answers beside the peer's (issue 24, point 5): for W1, W2, W3 and W5, the fields
both return, about every key of the sample, must agree (the same people, names, dates, ids).

Each workload's answers differ in shape (bench/peer.py says how), so each side's answer is first
put in one common form (`views`): records as `Records` keyed by id, single-valued links as a
record or None. `compare()` then walks both forms field by field:

- where the service withholds a field the caller may not see (the answer's `redactions`), the
  field is skipped when the service shows nothing there (null), and where it shows part of a
  list (associations graded with handling code C) what it shows must be in the peer's;
- lists the service filters by who the caller may see (a network's people, search results) are
  compared one way: whoever the service shows must be in the peer's answer, with the same fields.

    views = VIEWS["W1"]
    found = compare(*views(service_data, peer_data), filtered=...)
    found.mismatches  # [Mismatch('victims[VIC-1].dateOfBirth', '1970-01-01', '1971-01-01')]
"""

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

Answer = dict[str, Any]  # GraphQL `data`
View = dict[str, Any]  # an answer in the common form


class Records(dict[str, Any]):
    """A list of records, keyed by id (its order is not compared)."""

    @classmethod
    def of(cls, items: Iterable[dict[str, Any]] | None, key: str = "id") -> "Records | None":
        return None if items is None else cls((str(item[key]), item) for item in items)


@dataclass(frozen=True)
class Mismatch:
    field: str  # a path in the common form: victims[VIC-000567-1].dateOfBirth
    service: Any
    peer: Any
    members: bool = False  # a list's ids: those the service alone answered, the peer alone

    def __str__(self) -> str:
        if not self.members:
            return f"{self.field}: the service answered {self.service!r}, the peer {self.peer!r}"
        told = [f"the service alone answered {self.service}" if self.service else "",
                f"the peer alone {self.peer}" if self.peer else ""]
        return f"{self.field} (ids): " + ", ".join(filter(None, told))


@dataclass
class Comparison:
    """What one comparison (or a sum of them) found."""

    answers: int = 0
    fields: int = 0  # fields (and lists' memberships) compared
    withheld: int = 0  # fields of the peer's the service withheld from the caller: not compared
    mismatches: list[Mismatch] = field(default_factory=list)

    def add(self, other: "Comparison") -> None:
        self.answers += other.answers
        self.fields += other.fields
        self.withheld += other.withheld
        self.mismatches += other.mismatches


MEMBERS = "[]"  # a Records' path suffix for its set of ids
STEP = re.compile(r"\[[^\]]*\]")


def generic(path: str) -> str:
    """A path without its records' ids: victims[VIC-1].location -> victims.location."""
    return STEP.sub("", path)


def flatten(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every leaf of a view as (path, value); a Records' ids as (path + '[]', sorted ids)."""
    if isinstance(value, Records):
        yield f"{path}{MEMBERS}", sorted(value)
        for key, item in value.items():
            yield from flatten(item, f"{path}[{key}]")
    elif isinstance(value, dict) and value:
        for name, item in value.items():
            yield from flatten(item, f"{path}.{name}" if path else name)
    else:
        yield path, value


def ancestors(path: str) -> Iterator[str]:
    """A path's ancestors, nearest first: a.b[x].c -> a.b[x], a.b, a."""
    while (cut := max(path.rfind("."), path.rfind("["))) > 0:
        path = path[:cut]
        yield path


def same(service: Any, peer: Any) -> bool:
    """Equal values, instants compared as instants (one side writes +00:00, the other Z)."""
    if isinstance(service, str) and isinstance(peer, str) and service != peer:
        try:
            return datetime.fromisoformat(service) == datetime.fromisoformat(peer)
        except ValueError:
            return False
    return bool(service == peer)


def compare(service: View, peer: View, *, withheld: Iterable[str] = (),
            filtered: Iterable[str] = ()) -> Comparison:
    """One answer of each side, in the common form. `withheld`: fields (generic paths) the
    service withheld from the caller; `filtered`: the lists it shows only part of to anyone."""
    hidden, partial = set(withheld), set(filtered)
    found = Comparison(answers=1)
    theirs = dict(flatten(peer))
    children = {ancestor for path in theirs for ancestor in ancestors(path)}

    def under(path: str, fields: set[str]) -> bool:
        name = generic(path)
        return any(name == f or name.startswith(f"{f}.") for f in fields)

    for path, value in flatten(service):
        if path.endswith(MEMBERS):
            lists = path.removesuffix(MEMBERS)
            ours, peers = set(value), set(theirs.get(path) or ())
            if under(lists, partial | hidden):  # whoever it shows must be in the peer's
                if ours - peers:
                    found.mismatches.append(Mismatch(lists, sorted(ours - peers), [], True))
            elif ours != peers:
                found.mismatches.append(Mismatch(lists, sorted(ours - peers),
                                                 sorted(peers - ours), True))
            found.fields += 1
        elif value is None and under(path, hidden):  # each field of the peer's it skips
            found.withheld += max(1, sum(q == path or q.startswith((f"{path}.", f"{path}["))
                                         for q in theirs))
        elif path in theirs:
            found.fields += 1
            if not same(value, theirs[path]):
                found.mismatches.append(Mismatch(path, value, theirs[path]))
        elif path in children:  # the service has nothing where the peer has a record
            found.fields += 1
            found.mismatches.append(Mismatch(path, value, "a record"))
        else:
            nearest = next((a for a in ancestors(path) if a in theirs or a in children), None)
            if nearest is not None and nearest in theirs and theirs[nearest] is None:
                found.fields += 1
                found.mismatches.append(Mismatch(path, value, None))
            # else: a record the peer does not have, told once by its list's ids
    return found


def redacted(answer: Any, path: str = "") -> set[str]:
    """The generic paths of the fields an answer says it withheld (`redactions`, at any level)."""
    found: set[str] = set()
    if isinstance(answer, dict):
        for r in answer.get("redactions") or ():
            found.add(f"{path}.{r['field']}" if path else str(r["field"]))
        for name, item in answer.items():
            found |= redacted(item, f"{path}.{name}" if path else name)
    elif isinstance(answer, list):
        for item in answer:
            found |= redacted(item, path)
    return found


def without(record: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in names}


def each(items: list[dict[str, Any]] | None,
         make: Callable[[dict[str, Any]], dict[str, Any]] = dict) -> Records | None:
    """A list as Records of `make(item)`; None (withheld) stays None."""
    return None if items is None else Records.of(map(make, items))


def first(items: list[Any] | None) -> Any:
    return items[0] if items else None


def edges(connection: dict[str, Any] | None) -> list[dict[str, Any]]:
    return list((connection or {}).get("edges") or ())


# --- W1: offender(id), every profile field -------------------------------------------------------

SAME_SHAPE = ("id", "name", "aliases", "dateOfBirth", "pnc", "visorRef", "category", "level",
              "area", "reviewDate", "registeredSexOffender", "indexOffence", "leadAgency",
              "riskOfSeriousHarm", "currentAddress")
LISTS = ("healthNotes", "interventions", "complianceEvents", "notifications")


def lived(address: dict[str, Any], since: Any) -> dict[str, Any]:
    """A residence keyed by address and start: one address can be lived at twice."""
    return {**address, "id": f"{address['id']}@{since}"}


def offender_views(service: Answer, peer: Answer) -> tuple[View, View]:
    ours, theirs = service["offender"], first(peer["offenders"])
    if ours is None or theirs is None:
        return {"offender": ours and ours["id"]}, {"offender": theirs and theirs["id"]}
    mine: View = {name: ours[name] for name in SAME_SHAPE}
    mine |= {name: each(ours[name]) for name in LISTS}
    mine |= {
        "agencies": each(ours["agencies"], lambda a: {**a["agency"], **without(a, "agency")}),
        "officers": each(ours["officers"]),
        "addresses": each(ours["addresses"], lambda a: lived(
            {**a["address"], **without(a, "address")}, a["from"])),
        "conditions": each(ours["conditions"], lambda c: {
            **without(c, "protectedPerson"),
            "protectedPerson": (c["protectedPerson"] or {}).get("id")}),
        "contacts": each(ours["contacts"], lambda c: {
            **c["person"], "relationship": c["relationship"],
            "householdMember": c["householdMember"]}),
        "associations": each(ours["associations"],
                             lambda a: {**a["person"], **without(a, "person")}),
        "victims": each(ours["victims"], lambda v: without(v, "redactions")),
        "lastKnownLocation": ours["lastKnownLocation"],
    }
    yours: View = {name: theirs[name] for name in SAME_SHAPE
                   if name not in ("leadAgency", "riskOfSeriousHarm", "currentAddress")}
    yours |= {name: Records.of(theirs[name]) for name in LISTS}
    fix = theirs["lastFixLocation"]
    yours |= {
        "leadAgency": first(theirs["leadAgency"]),
        "riskOfSeriousHarm": first(theirs["riskOfSeriousHarm"]),
        "currentAddress": (first(edges(theirs["currentAddress"])) or {}).get("node"),
        "agencies": Records.of({**e["node"], **e["properties"]}
                               for e in edges(theirs["agenciesConnection"])),
        "officers": Records.of({**without(e["node"], "agency"), **e["properties"],
                                "agencyId": (first(e["node"]["agency"]) or {}).get("id")}
                               for e in edges(theirs["officersConnection"])),
        "addresses": Records.of(lived({**e["node"], **e["properties"]}, e["properties"]["from"])
                                for e in edges(theirs["addressesConnection"])),
        "conditions": Records.of({**without(c, "zones", "protects"), "zone": first(c["zones"]),
                                  "protectedPerson": (first(c["protects"]) or {}).get("id")}
                                 for c in theirs["conditions"]),
        "contacts": Records.of({**without(e["node"], "householdOf"), **e["properties"],
                                "householdMember": bool(e["node"]["householdOf"])}
                               for e in edges(theirs["contactsConnection"])),
        "associations": Records.of({**without(e["node"], "dateOfBirth"), **e["properties"]}
                                   for e in edges(theirs["associatesConnection"])),
        "victims": Records.of({**without(v, "locationsConnection"), "location":
                               (first(edges(v["locationsConnection"])) or {}).get("node")}
                              for v in theirs["victims"]),
        "lastKnownLocation": None if fix is None else {**fix, "at": theirs["lastFixAt"]},
    }
    return mine, yours


# --- W2: a caseload page -------------------------------------------------------------------------

def caseload_views(service: Answer, peer: Answer) -> tuple[View, View]:
    def page(connection: dict[str, Any], address: Callable[[Any], Any]) -> View:
        return {"offenders": Records.of({**e["node"], "currentAddress":
                                         address(e["node"]["currentAddress"]),
                                         "victims": Records.of(e["node"]["victims"])}
                                        for e in connection["edges"]),
                "hasNextPage": connection["pageInfo"]["hasNextPage"]}

    return (page(service["offenders"], lambda a: (a or {}).get("id")),
            page(peer["offendersConnection"],
                 lambda a: ((first(edges(a)) or {}).get("node") or {}).get("id")))


# --- W3: network(depth: 2) -----------------------------------------------------------------------

# The peer's fields for the links between people, and the link each stands for.
PEER_LINKS = {"offendedAgainst": "OFFENDED_AGAINST", "contacts": "HAS_CONTACT",
              "household": "HOUSEHOLD_MEMBER_OF", "associates": "ASSOCIATES_WITH"}


def link(kind: str, a: str, b: str) -> str:
    """A link between two people, either way."""
    return f"{kind} {min(a, b)}~{max(a, b)}"


def network_views(service: Answer, peer: Answer) -> tuple[View, View]:
    """People the service charts (with their names) must be in the peer's tree, and the links
    between people it draws where the tree has them all (from the start and the people one link
    away, whose every link the tree lists); an address is compared where the tree names it (a
    place is charted as the address a case the caller may see recorded there, which the tree may
    reach through another)."""
    chart, tree = service["network"], first(peer["people"])
    if chart is None or tree is None:
        return {"network": chart and "charted"}, {"network": tree and tree["id"]}
    people: dict[str, str] = {}
    places: dict[str, str] = {}
    links: set[str] = set()

    def walk(node: dict[str, Any]) -> None:
        if "line1" in node:
            places[node["id"]] = f"{node['line1']}, {node['postcode']}"
            for holder in (node.get("place") or ()):
                for address in holder["addresses"]:
                    for e in edges(address["residentsConnection"]):
                        walk(e["node"])
            for e in edges(node.get("locatedHereConnection")):
                walk(e["node"])
            return
        people[node["id"]] = node["name"]
        for name, kind in PEER_LINKS.items():
            for other in node.get(name) or ():
                links.add(link(kind, node["id"], other["id"]))
                walk(other)
        for name in ("residencesConnection", "locationsConnection"):
            for e in edges(node.get(name)):
                walk(e["node"])

    walk(tree)
    near = {tree["id"], *(o["id"] for name in PEER_LINKS for o in tree[name])}
    drawn = {link(e["type"], e["source"], e["target"]) for e in chart["edges"]
             if e["type"] in PEER_LINKS.values() and {e["source"], e["target"]} & near}
    charted = {n["id"]: n["label"] for n in chart["nodes"] if n["kind"] != "ADDRESS"}
    addresses = {n["id"]: n["label"] for n in chart["nodes"]
                 if n["kind"] == "ADDRESS" and n["id"] in places}

    def view(who: dict[str, str], where: dict[str, str], between: set[str]) -> View:
        return {"people": Records.of({"id": i, "name": name} for i, name in who.items()),
                "addresses": Records.of({"id": i, "label": label} for i, label in where.items()),
                "links": Records.of({"id": one} for one in between)}

    return view(charted, addresses, drawn), view(people, places, links)


# --- W5: searchPeople ----------------------------------------------------------------------------

def search_views(service: Answer, peer: Answer) -> tuple[View, View]:
    """The people the service finds, beside the peer's matches of the same full-text query among
    them (bench/peer.py's PEER_SEARCH_AMONG): each must match, with the same name and date."""
    return ({"people": Records.of(r["person"] for r in service["searchPeople"])},
            {"people": Records.of(e["node"] for e in edges(peer["searchPeople"]))})


Views = Callable[[Answer, Answer], tuple[View, View]]
# Each workload compared: its views, and the lists the service shows only part of to anyone.
VIEWS: dict[str, tuple[Views, tuple[str, ...]]] = {
    "W1": (offender_views, ("associations",)),
    "W2": (caseload_views, ()),
    "W3": (network_views, ("people", "addresses", "links")),
    "W5": (search_views, ()),
}


def compare_answers(workload: str, service: Answer, peer: Answer) -> Comparison:
    """One key's answers of `workload` ('W1' ...) from the service and the peer."""
    views, filtered = VIEWS[workload]
    [root] = service.values()  # the one root field asked; redactions are named below it
    return compare(*views(service, peer), withheld=redacted(root), filtered=filtered)
