"""The synthetic population as files for `neo4j-admin database import`: the same rows as the UNWIND
statements take (seed/population.py), laid out as the graph those statements make of them
(seed/queries/create_*.cypher), one CSV file per set of labels and per relationship type, each
with a typed header (dates, instants, points, lists).

Each field is quoted, and a missing value (None) is an empty unquoted field, which the import
leaves out as Cypher's CREATE leaves out a null; a quoted empty text is kept as one. Two things the
files cannot say are done in Neo4j: the key of each place is computed by the place key fragment
itself (one rule, in Cypher) while the server still runs; an empty list of aliases is set after
the import (the import writes no empty list); and the Approved Premises places are made after the
migrations, which would delete one that no address is at. tests/integration/test_seed.py checks
that both paths give the same graph.
"""

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from seed.population import Batch
from seed.rows import (
    AddressRow,
    AgencyRow,
    AssociationRow,
    BatchKind,
    MeetingRow,
    OffenderRow,
    OfficerRow,
    PlaceRow,
    PlanRow,
    PremisesRow,
    ResidenceRow,
)

PlaceKeys = Callable[[list[dict[str, str]]], Awaitable[list[str]]]

POINT = "point{crs:WGS-84}"


@dataclass(frozen=True)
class NodeFile:
    """Nodes with one set of labels; `id` (or a Place's `key`) is the import's node id."""

    labels: str  # "Person:Offender"
    columns: tuple[str, ...]  # "name:type" as the import's header has it; the first is the id


@dataclass(frozen=True)
class RelationshipFile:
    type: str
    columns: tuple[str, ...] = ()


ADDRESS = ("id:ID", "line1", "town", "postcode", "area", f"location:{POINT}",
           "approvedPremises:boolean")
PERSON = ("id:ID", "name", "dateOfBirth:date")

NODES = {node.labels: node for node in (
    NodeFile("Agency", ("id:ID", "name", "kind", "area")),
    NodeFile("CaseOfficer", ("id:ID", "name", "role", "email")),
    NodeFile("Premises", ("id:ID", "name", "kind", "area", f"location:{POINT}")),
    NodeFile("Place", ("key:ID",)),
    NodeFile("Person:Offender", (
        "id:ID", "name", "aliases:string[]", "dateOfBirth:date", "pnc", "visorRef", "category",
        "level", "area", "indexOffence", "reviewDate:date", "registeredSexOffender:boolean",
        f"lastFixLocation:{POINT}", "lastFixAt:datetime")),
    NodeFile("Address", ADDRESS),
    NodeFile("Address:Protected", ADDRESS),
    NodeFile("Person:Victim", PERSON),
    NodeFile("Person:Victim:NamedContact", PERSON),
    NodeFile("Person:NamedContact", PERSON),
    NodeFile("LicenceCondition", ("id:ID", "kind", "text", "validFrom:date", "validTo:date",
                                  "premisesKind")),
    NodeFile("Zone", ("id:ID", "kind", "shape", "geometry", f"centre:{POINT}",
                      "radiusMetres:double", f"bboxLow:{POINT}", f"bboxHigh:{POINT}",
                      "validFrom:date", "validTo:date")),
    NodeFile("RiskAssessment", ("id:ID", "tool", "assessedOn:date", "overall", "children",
                                "publicAtLarge", "knownAdult", "staff")),
    NodeFile("Intervention", ("id:ID", "kind", "name", "status", "start:date", "end:date")),
    NodeFile("ComplianceEvent", ("id:ID", "kind", "at:datetime", "outcome", "note",
                                 "recordedBy")),
    NodeFile("Notification", ("id:ID", "kind", "madeOn:date", "dueOn:date", "details")),
    NodeFile("HealthNote", ("id:ID", "text", "recordedOn:date")),
    NodeFile("RiskManagementPlan", (
        "id:ID", "offenderId", "version:long", "status", "summary", "reviewDate:date",
        "createdAt:datetime", "createdBy", "agreedOn:date", "agreedBy", "agreedAtMeetingId")),
    NodeFile("PlanMeasure", ("id:ID", "kind", "text")),
    NodeFile("PlanAction", (
        "id:ID", "offenderId", "ownerAgencyId", "text", "dueOn:date", "status", "statusBy",
        "statusByAgencyId", "statusAt:datetime", "outcome", "createdAt:datetime", "createdBy")),
    NodeFile("MappaMeeting", ("id:ID", "level", "area", "date:date", "status",
                              "createdAt:datetime", "createdBy")),
    NodeFile("AgendaItem", (
        "id:ID", "meetingId", "offenderId", "position:long", "addedAt:datetime",
        "decidedAt:datetime", "decidedBy", "levelBefore", "level", "nextReviewDate:date",
        "minutes")),
)}

RELATIONSHIPS = {rel.type: rel for rel in (
    RelationshipFile("WORKS_FOR"),
    RelationshipFile("LEAD_AGENCY", ("since:date",)),
    RelationshipFile("INVOLVED_IN", ("basis", "since:date", "until:date", "agencyId",
                                     "offenderId", "meetingId")),
    RelationshipFile("MANAGES", ("since:date",)),
    RelationshipFile("RESIDES_AT", ("from:date", "to:date", "kind")),
    RelationshipFile("AT"),
    RelationshipFile("RESIDENT_OF"),
    RelationshipFile("OFFENDED_AGAINST"),
    RelationshipFile("LOCATED_AT", ("from:date",)),
    RelationshipFile("HAS_CONTACT", ("relationship",)),
    RelationshipFile("HOUSEHOLD_MEMBER_OF", ("since:date",)),
    RelationshipFile("SUBJECT_TO"),
    RelationshipFile("PROTECTS"),
    RelationshipFile("DEFINES_ZONE"),
    RelationshipFile("HAS_RISK_ASSESSMENT"),
    RelationshipFile("ATTENDS"),
    RelationshipFile("RECORDED_FOR"),
    RelationshipFile("HAS_HEALTH_NOTE"),
    RelationshipFile("ASSOCIATES_WITH", ("sourceAgency", "source:long", "information",
                                         "handling", "observedAt:datetime")),
    RelationshipFile("HAS_PLAN"),
    RelationshipFile("CURRENT_PLAN"),
    RelationshipFile("HAS_MEASURE"),
    RelationshipFile("REFERS_TO"),
    RelationshipFile("HAS_ACTION"),
    RelationshipFile("OWNED_BY"),
    RelationshipFile("ASSIGNED_TO"),
    RelationshipFile("SUPERSEDES"),
    RelationshipFile("CHAIRED_BY"),
    RelationshipFile("INVITED_TO", ("invitedAt:datetime", "invitedBy", "attended:boolean")),
    RelationshipFile("HAS_AGENDA_ITEM"),
    RelationshipFile("CONSIDERS"),
    RelationshipFile("AGREED"),
    RelationshipFile("CREATED_ACTION"),
)}


def field_text(value: Any) -> str:
    """One CSV field: None empty and unquoted (no property), anything else quoted."""
    if value is None:
        return ""
    if value is True or value is False:
        return '"true"' if value else '"false"'
    if isinstance(value, list):
        value = ";".join(value)
    text = str(value)
    return '"' + text.replace('"', '""') + '"' if '"' in text else '"' + text + '"'


def point(lat: float | None, lon: float | None) -> str | None:
    return None if lat is None or lon is None else f"{{latitude:{lat!r},longitude:{lon!r}}}"


def address_values(a: AddressRow) -> tuple[Any, ...]:
    return (a["id"], a["line1"], a["town"], a["postcode"], a["area"], point(a["lat"], a["lon"]),
            a["approvedPremises"])


@dataclass
class ImportFiles:
    """The CSV files of one import, in `folder`, opened as first written to; counts what they
    hold. Use as a context manager (closes them)."""

    folder: Path
    nodes: int = 0
    relationships: int = 0
    _open: dict[str, IO[str]] = field(default_factory=dict)
    _paths: dict[str, tuple[str, Path]] = field(default_factory=dict)

    def __enter__(self) -> "ImportFiles":
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        for handle in self._open.values():
            handle.close()

    def _file(self, name: str, header: Sequence[str], prefix: tuple[str, ...]) -> IO[str]:
        handle = self._open.get(name)
        if handle is None:
            path = self.folder / f"{name.replace(':', '-')}.csv"
            handle = self._open[name] = path.open("w", encoding="utf-8", buffering=1 << 20)
            handle.write(",".join((*prefix, *header)) + "\n")
            self._paths[name] = (name.removeprefix("rel-"), path)
        return handle

    def node(self, labels: str, *values: Any) -> None:
        node = NODES[labels]
        self._file(labels, node.columns, ()).write(",".join(map(field_text, values)) + "\n")
        self.nodes += 1

    def rel(self, rel_type: str, start: str, end: str, *values: Any) -> None:
        rel = RELATIONSHIPS[rel_type]
        self._file(f"rel-{rel_type}", rel.columns, (":START_ID", ":END_ID")).write(
            ",".join(map(field_text, (start, end, *values))) + "\n")
        self.relationships += 1

    @property
    def node_files(self) -> list[tuple[str, Path]]:
        return [self._paths[name] for name in self._paths if name in NODES]

    @property
    def relationship_files(self) -> list[tuple[str, Path]]:
        return [self._paths[name] for name in self._paths if name.startswith("rel-")]


class PopulationWriter:
    """Writes each batch of the population as the create statements would make it."""

    def __init__(self, files: ImportFiles, place_keys: PlaceKeys) -> None:
        self.files = files
        self.place_keys = place_keys
        self.places: set[str] = set()
        # The Approved Premises places, which the UNWIND path makes ahead of the addresses at
        # them: one that no address is at would not outlive the migrations (V0016 deletes such
        # a place), so they are made after them, as the UNWIND path makes them after its own.
        self.empty_places: list[PlaceRow] = []

    async def write(self, batch: Batch) -> None:
        rows: Any = batch.rows
        match batch.kind:
            case BatchKind.AGENCIES:
                self.agencies(rows)
            case BatchKind.OFFICERS:
                self.officers(rows)
            case BatchKind.PREMISES:
                self.premises(rows)
            case BatchKind.PLACES:  # made after the migrations (`empty_places`)
                self.empty_places.extend(rows)
            case BatchKind.OFFENDERS:
                addresses = [r["address"] for o in rows for r in self._residences(o)]
                keys = iter(await self._keys(addresses))
                for offender in rows:
                    self.offender(offender, keys)
            case BatchKind.ASSOCIATIONS:
                self.associations(rows)
            case BatchKind.PLANS:
                self.plans(rows)
            case BatchKind.MEETINGS:
                self.meetings(rows)

    async def _keys(self, addresses: Sequence[AddressRow | PlaceRow]) -> list[str]:
        if not addresses:
            return []
        return await self.place_keys([{"postcode": a["postcode"], "line1": a["line1"]}
                                      for a in addresses])

    @staticmethod
    def _residences(o: OffenderRow) -> Iterable[ResidenceRow]:
        """Every residence that is at a Place, in the order `offender` takes their keys."""
        yield o["home"]
        yield from o["pastResidences"]
        for contact in o["contacts"]:
            yield from contact["residences"]

    def place(self, key: str) -> str:
        if key not in self.places:
            self.places.add(key)
            self.files.node("Place", key)
        return key

    def agencies(self, rows: Sequence[AgencyRow]) -> None:
        for r in rows:
            self.files.node("Agency", r["id"], r["name"], r["kind"], r["area"])

    def officers(self, rows: Sequence[OfficerRow]) -> None:
        for r in rows:
            self.files.node("CaseOfficer", r["id"], r["name"], r["role"], r["email"])
            self.files.rel("WORKS_FOR", r["id"], r["agencyId"])

    def premises(self, rows: Sequence[PremisesRow]) -> None:
        for r in rows:
            self.files.node("Premises", r["id"], r["name"], r["kind"], r["area"],
                            point(r["lat"], r["lon"]))

    def offender(self, r: OffenderRow, keys: Iterable[str]) -> None:
        f, oid = self.files, r["id"]
        fix = r["lastFix"]
        f.node("Person:Offender", oid, r["name"], r["aliases"] or None, r["dateOfBirth"],
               r["pnc"], r["visorRef"], r["category"], r["level"], r["area"], r["indexOffence"],
               r["reviewDate"], r["registeredSexOffender"],
               point(fix["lat"], fix["lon"]) if fix else None, fix["at"] if fix else None)
        f.rel("LEAD_AGENCY", oid, r["leadAgencyId"], r["leadSince"])
        for i in r["involvements"]:
            f.rel("INVOLVED_IN", i["agencyId"], oid, i["basis"], i["since"], i["until"],
                  i["agencyId"], oid, i.get("meetingId"))
        for m in r["managers"]:
            f.rel("MANAGES", m["officerId"], oid, m["since"])
        keys = iter(keys)
        resident_of: set[str] = set()

        def reside(person: str, residence: ResidenceRow, places: set[str]) -> str:
            address = residence["address"]
            f.rel("RESIDES_AT", person, address["id"], residence["start"], residence["end"],
                  residence["kind"])
            f.node("Address", *address_values(address))
            place = self.place(next(keys))
            f.rel("AT", address["id"], place)
            if place not in places:
                places.add(place)
                f.rel("RESIDENT_OF", person, place)
            return place

        home = r["home"]
        home_place = reside(oid, home, resident_of)
        for residence in r["pastResidences"]:
            reside(oid, residence, resident_of)
        victims = self.victims(r)
        contacts = []
        for c in r["contacts"]:
            contacts.append(c["id"])
            f.rel("HAS_CONTACT", oid, c["id"], c["relationship"])
            f.node("Person:NamedContact", c["id"], c["name"], c["dateOfBirth"])
            places: set[str] = set()
            for household in c["household"]:
                f.rel("HOUSEHOLD_MEMBER_OF", c["id"], oid, household["since"])
                f.rel("RESIDES_AT", c["id"], home["address"]["id"], household["since"], None,
                      household["kind"])
                if home_place not in places:
                    places.add(home_place)
                    f.rel("RESIDENT_OF", c["id"], home_place)
            for residence in c["residences"]:
                reside(c["id"], residence, places)
        self.conditions(r, victims, contacts)
        self.records(r)

    def victims(self, r: OffenderRow) -> list[str]:
        f, oid = self.files, r["id"]
        for v in r["victims"]:
            a = v["address"]
            f.rel("OFFENDED_AGAINST", oid, v["id"])
            f.node("Person:Victim:NamedContact" if v["contactRelationship"] else "Person:Victim",
                   v["id"], v["name"], v["dateOfBirth"])
            f.rel("LOCATED_AT", v["id"], a["id"], v["locatedFrom"])
            f.node("Address:Protected" if a["protected"] else "Address", *address_values(a))
            for relationship in v["contactRelationship"]:
                f.rel("HAS_CONTACT", oid, v["id"], relationship)
        return [v["id"] for v in r["victims"]]

    def conditions(self, r: OffenderRow, victims: list[str], contacts: list[str]) -> None:
        f, oid = self.files, r["id"]
        for condition in r["conditions"]:
            f.rel("SUBJECT_TO", oid, condition["id"])
            f.node("LicenceCondition", condition["id"], condition["kind"], condition["text"],
                   condition["validFrom"], condition["validTo"], condition["premisesKind"])
            for person in ([victims[i] for i in condition["protectsVictims"]]
                           + [contacts[i] for i in condition["protectsContacts"]]):
                f.rel("PROTECTS", condition["id"], person)
            for z in condition["zones"]:
                f.rel("DEFINES_ZONE", condition["id"], z["id"])
                f.node("Zone", z["id"], z["kind"], z["shape"], z["geometry"],
                       point(z["centreLat"], z["centreLon"]), z["radiusMetres"],
                       point(z["south"], z["west"]), point(z["north"], z["east"]),
                       z["validFrom"], z["validTo"])

    def records(self, r: OffenderRow) -> None:
        f, oid = self.files, r["id"]
        for a in r["riskAssessments"]:
            f.rel("HAS_RISK_ASSESSMENT", oid, a["id"])
            f.node("RiskAssessment", a["id"], a["tool"], a["assessedOn"], a["overall"],
                   a["children"], a["publicAtLarge"], a["knownAdult"], a["staff"])
        for i in r["interventions"]:
            f.rel("ATTENDS", oid, i["id"])
            f.node("Intervention", i["id"], i["kind"], i["name"], i["status"], i["start"],
                   i["end"])
        for e in r["complianceEvents"]:
            f.node("ComplianceEvent", e["id"], e["kind"], e["at"], e["outcome"], e["note"],
                   e["recordedBy"])
            f.rel("RECORDED_FOR", e["id"], oid)
        for n in r["notifications"]:
            f.node("Notification", n["id"], n["kind"], n["madeOn"], n["dueOn"], n["details"])
            f.rel("RECORDED_FOR", n["id"], oid)
        for h in r["healthNotes"]:
            f.rel("HAS_HEALTH_NOTE", oid, h["id"])
            f.node("HealthNote", h["id"], h["text"], h["recordedOn"])

    def associations(self, rows: Sequence[AssociationRow]) -> None:
        for r in rows:
            self.files.rel("ASSOCIATES_WITH", r["fromId"], r["toId"], r["sourceAgency"],
                           r["source"], r["information"], r["handling"], r["observedAt"])

    def plans(self, rows: Sequence[PlanRow]) -> None:
        f = self.files
        for r in rows:
            oid = r["offenderId"]
            for v in r["versions"]:
                f.rel("HAS_PLAN", oid, v["id"])
                f.node("RiskManagementPlan", v["id"], oid, v["version"], v["status"],
                       v["summary"], v["reviewDate"], v["createdAt"], v["createdBy"],
                       v["agreedOn"], v["agreedBy"], v["agreedAtMeetingId"])
                if v["current"]:
                    f.rel("CURRENT_PLAN", oid, v["id"])
                for m in v["measures"]:
                    f.rel("HAS_MEASURE", v["id"], m["id"])
                    f.node("PlanMeasure", m["id"], m["kind"], m["text"])
                    if m["refersToId"] is not None:
                        f.rel("REFERS_TO", m["id"], m["refersToId"])
                for a in v["actions"]:
                    f.rel("HAS_ACTION", v["id"], a["id"])
                    f.node("PlanAction", a["id"], oid, a["ownerAgencyId"], a["text"],
                           a["dueOn"], a["status"], a["statusBy"], a["statusByAgencyId"],
                           a["statusAt"], a["outcome"], a["createdAt"], a["createdBy"])
                    f.rel("OWNED_BY", a["id"], a["ownerAgencyId"])
                    if a["ownerOfficerId"] is not None:
                        f.rel("ASSIGNED_TO", a["id"], a["ownerOfficerId"])
                if v["supersedesId"] is not None:
                    f.rel("SUPERSEDES", v["id"], v["supersedesId"])

    def meetings(self, rows: Sequence[MeetingRow]) -> None:
        f = self.files
        for r in rows:
            f.node("MappaMeeting", r["id"], r["level"], r["area"], r["date"], r["status"],
                   r["createdAt"], r["createdBy"])
            f.rel("CHAIRED_BY", r["id"], r["chairId"])
            for i in r["invitations"]:
                f.rel("INVITED_TO", i["agencyId"], r["id"], i["invitedAt"], i["invitedBy"],
                      i["attended"])
            for item in r["agenda"]:
                f.rel("HAS_AGENDA_ITEM", r["id"], item["id"])
                f.node("AgendaItem", item["id"], r["id"], item["offenderId"], item["position"],
                       item["addedAt"], item["decidedAt"], item["decidedBy"],
                       item["levelBefore"], item["level"], item["nextReviewDate"],
                       item["minutes"])
                f.rel("CONSIDERS", item["id"], item["offenderId"])
                for plan in item["agreedPlanIds"]:
                    f.rel("AGREED", item["id"], plan)
                for action in item["createdActionIds"]:
                    f.rel("CREATED_ACTION", item["id"], action)
