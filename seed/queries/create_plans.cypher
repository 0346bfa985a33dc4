// Create each case's risk management plan versions from seed rows (oldest first), with their measures (each referring to the case's own condition, address or intervention, or to the officer who manages it) and the actions each version created (owned by an agency, perhaps assigned to one of its officers); the current version is marked, each later version supersedes the one before.
// params: rows
UNWIND $rows AS r
MATCH (o:Person:Offender {id: r.offenderId})
CALL (o, r) {
  UNWIND r.versions AS v
  CREATE (o)-[:HAS_PLAN]->(plan:RiskManagementPlan {
    id: v.id, offenderId: o.id, version: v.version, status: v.status, summary: v.summary,
    reviewDate: date(v.reviewDate), createdAt: datetime(v.createdAt), createdBy: v.createdBy,
    agreedOn: date(v.agreedOn), agreedBy: v.agreedBy, agreedAtMeetingId: v.agreedAtMeetingId
  })
  FOREACH (marker IN CASE WHEN v.current THEN [1] ELSE [] END | CREATE (o)-[:CURRENT_PLAN]->(plan))
  WITH plan, v
  CALL (o, plan, v) {
    UNWIND v.measures AS m
    CREATE (plan)-[:HAS_MEASURE]->(measure:PlanMeasure {id: m.id, kind: m.kind, text: m.text})
    WITH measure, m
    OPTIONAL MATCH (o)-[:SUBJECT_TO|RESIDES_AT|ATTENDS]->(own)
      WHERE own.id = m.refersToId
    OPTIONAL MATCH (officer:CaseOfficer)-[:MANAGES]->(o)
      WHERE officer.id = m.refersToId
    FOREACH (target IN [t IN [own, officer] WHERE t IS NOT NULL] |
      CREATE (measure)-[:REFERS_TO]->(target)
    )
  }
  CALL (o, plan, v) {
    UNWIND v.actions AS a
    MATCH (owner:Agency {id: a.ownerAgencyId})
    CREATE (plan)-[:HAS_ACTION]->(action:PlanAction {
      id: a.id, offenderId: o.id, ownerAgencyId: owner.id, text: a.text, dueOn: date(a.dueOn),
      status: a.status, statusBy: a.statusBy, statusByAgencyId: a.statusByAgencyId,
      statusAt: datetime(a.statusAt), outcome: a.outcome, createdAt: datetime(a.createdAt),
      createdBy: a.createdBy
    })-[:OWNED_BY]->(owner)
    WITH action, a
    OPTIONAL MATCH (assigned:CaseOfficer {id: a.ownerOfficerId})
    FOREACH (officer IN CASE WHEN assigned IS NULL THEN [] ELSE [assigned] END |
      CREATE (action)-[:ASSIGNED_TO]->(officer)
    )
  }
  RETURN collect(plan) AS plans
}
UNWIND r.versions AS v
WITH plans, v
WHERE v.supersedesId IS NOT NULL
WITH [p IN plans WHERE p.id = v.id][0] AS newer, [p IN plans WHERE p.id = v.supersedesId][0] AS older
CREATE (newer)-[:SUPERSEDES]->(older)
