// Draft a new version of the risk management plan of a case the caller's agency is involved in: numbered the case's highest version plus one (read under a write lock on the offender, so that drafts at the same moment number apart), with its measures, each linked to the case's record it refers to (measure_target, checked beforehand). No row when the case is not one the agency is involved in.
// params: offenderId, agencyId, planId, summary, reviewDate, userId, measures
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND @involved_case(o)
SET o.planLock = true
REMOVE o.planLock
WITH o
CALL (o) {
  OPTIONAL MATCH (o)-[:HAS_PLAN]->(earlier:RiskManagementPlan)
  RETURN coalesce(max(earlier.version), 0) + 1 AS version
}
CREATE (o)-[:HAS_PLAN]->(plan:RiskManagementPlan {
  id: $planId, offenderId: o.id, version: version, status: 'DRAFT', summary: $summary,
  reviewDate: $reviewDate, createdAt: datetime(), createdBy: $userId
})
WITH o, plan
CALL (o, plan) {
  UNWIND $measures AS measure
  CREATE (plan)-[:HAS_MEASURE]->(m:PlanMeasure {id: measure.id, kind: measure.kind, text: measure.text})
  WITH o, m, measure
  FOREACH (target IN CASE WHEN measure.kind = 'OTHER' THEN [] ELSE [@measure_target(o, measure)] END |
    CREATE (m)-[:REFERS_TO]->(target))
}
RETURN plan.version AS version
