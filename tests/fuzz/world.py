"""What the fuzz tests share: the examples per operation (MAPPA_FUZZ_EXAMPLES; the default is a
run CI can afford), the tally of what was tried, the pool of ids worth trying, and the World a
test drives (the server's client, the graph behind it, each persona's token and secrets)."""

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
from hypothesis import HealthCheck, settings

from app.alerts.worker import sweep
from app.platform.neo4j.driver import Graph
from app.settings import Settings
from seed.load import load_demo
from tests.fuzz.oracle import FUZZ_PLAN, GRANT, demo_ids
from tests.graph import cypher

EXAMPLES = int(os.environ.get("MAPPA_FUZZ_EXAMPLES", "40"))
MAX_LEARNED_IDS = 300
FUZZ_MEETING = "MTG-FUZZ-0001"
# The same examples every run (derandomized), however long each takes.
FUZZ = settings(
    max_examples=EXAMPLES, derandomize=True, deadline=None, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


@dataclass
class Tally:
    """What the fuzz suite tried, for its report."""

    operations: set[str] = field(default_factory=set)
    inputs: int = 0
    http_requests: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    personas: set[str] = field(default_factory=set)


TALLY = Tally()


class IdPool:
    """Ids worth trying: the demo's, its alerts', and those the service hands out meanwhile."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self._known: set[str] = set()

    def reset(self, ids: list[str]) -> None:
        self.ids, self._known = list(ids), set(ids)

    def learn(self, identifier: str) -> None:
        if identifier not in self._known and len(self.ids) < len(self._known) + MAX_LEARNED_IDS:
            self._known.add(identifier)
            self.ids.append(identifier)

    def __call__(self) -> list[str]:
        return self.ids


POOL = IdPool()


@dataclass(repr=False)
class World:
    """What a fuzz test drives: the server's client, the graph behind it, who may see what."""

    client: httpx.AsyncClient
    graph: Graph
    settings: Settings
    headers: dict[str, dict[str, str]]  # by officer id: Authorization
    secrets: dict[str, re.Pattern[str]]  # by officer id

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text("World()")  # hypothesis prints a failing example's arguments; not these

    async def reload(self) -> None:
        """The demo scenario, the oracle's emergency grant and their alerts as loaded, the audit
        trail kept (it must verify)."""
        await cypher(self.graph, "MATCH (n) WHERE NOT (n:SchemaMigration OR n:AuditEvent OR "
                                 "n:AuditTree OR n:AuditTile OR n:AuditCheckpoint) "
                                 "DETACH DELETE n")
        await load_demo(self.graph, date.today())
        await cypher(self.graph, """
            MATCH (o:Offender {id: $offenderId})
            CREATE (:EmergencyGrant {id: $id, userId: $userId, agencyId: $agencyId,
              roles: ['PUBLIC_PROTECTION_OFFICER'], purpose: 'RISK_MANAGEMENT',
              justification: $justification,
              grantedAt: datetime() - duration({hours: $hoursAgo}),
              expiresAt: datetime() - duration({hours: $hoursAgo - 4})})-[:GRANTS_ACCESS_TO]->(o)
            """, id=GRANT.id, offenderId=GRANT.offender_id, userId=GRANT.user_id,
                     agencyId=GRANT.agency_id, justification=GRANT.justification,
                     hoursAgo=GRANT.hours_ago)
        await cypher(self.graph, """
            MATCH (o:Offender {id: $offenderId})-[:SUBJECT_TO]->(condition:LicenceCondition)
            WHERE condition.id = $conditionId
            CREATE (o)-[:HAS_PLAN]->(plan:RiskManagementPlan {id: $id, offenderId: o.id,
              version: 1, status: 'AGREED', summary: $summary,
              reviewDate: date() + duration('P28D'),
              createdAt: datetime(), createdBy: 'demo.probation.om', agreedOn: date(),
              agreedBy: 'demo.probation.coordinator'})<-[:CURRENT_PLAN]-(o)
            CREATE (plan)-[:HAS_MEASURE]->(:PlanMeasure {id: $measureId, kind: 'CONDITION',
              text: $measureText})-[:REFERS_TO]->(condition)
            WITH o, plan
            UNWIND $actions AS a
            MATCH (owner:Agency {id: a.owner})
            CREATE (plan)-[:HAS_ACTION]->(:PlanAction {id: a.id, offenderId: o.id,
              ownerAgencyId: owner.id, text: a.text, dueOn: date() + duration('P7D'),
              status: 'OPEN', createdAt: datetime(), createdBy: 'demo.probation.om'})
              -[:OWNED_BY]->(owner)
            """, offenderId=FUZZ_PLAN.offender_id, conditionId=FUZZ_PLAN.measure_condition_id,
                     id=FUZZ_PLAN.id, summary=FUZZ_PLAN.summary, measureId=FUZZ_PLAN.measure_id,
                     measureText=FUZZ_PLAN.measure_text,
                     actions=[{"id": a.id, "owner": a.owner_agency_id, "text": a.text}
                              for a in FUZZ_PLAN.actions])
        # A MAPPA meeting to read (meeting, meetings) and write to: probation invited, its
        # agenda cases probation is involved in already, so that it widens no one's view.
        await cypher(self.graph, """
            MATCH (chair:CaseOfficer {id: 'demo.probation.coordinator'})
            MATCH (probation:Agency {id: 'AG-DEMO-PROBATION'})
            CREATE (m:MappaMeeting {id: $id, level: 'LEVEL_2', area: 'GMP', status: 'SCHEDULED',
                                    date: date() + duration({days: 7}), createdAt: datetime()})
            CREATE (m)-[:CHAIRED_BY]->(chair)
            CREATE (probation)-[:INVITED_TO {invitedAt: datetime()}]->(m)
            WITH m, probation
            MATCH (probation)-[i:INVOLVED_IN]->(o:Offender)
            WHERE i.until IS NULL
            WITH m, o ORDER BY o.id LIMIT 3
            WITH m, collect(o) AS cases
            UNWIND range(0, size(cases) - 1) AS n
            WITH m, cases[n] AS o, n
            CREATE (m)-[:HAS_AGENDA_ITEM]->(:AgendaItem {id: $id + '-' + n, meetingId: m.id,
              offenderId: o.id, position: n + 1, addedAt: datetime()})-[:CONSIDERS]->(o)
            """, id=FUZZ_MEETING)
        await sweep(self.graph, self.settings)
        alerts = await cypher(self.graph, "MATCH (a:Alert) RETURN a.id AS id ORDER BY id")
        POOL.reset(demo_ids(date.today()) + [FUZZ_MEETING] + [row["id"] for row in alerts])

    async def counts(self) -> tuple[int, int, int]:
        """Nodes (audit events apart), relationships, audit events: from the counts store."""
        [row] = await cypher(self.graph, """
            CALL () { MATCH (n) RETURN count(n) AS nodes }
            CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
            CALL () { MATCH (e:AuditEvent) RETURN count(e) AS audit }
            RETURN nodes - audit AS nodes, relationships, audit""")
        return row["nodes"], row["relationships"], row["audit"]
