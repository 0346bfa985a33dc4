// Agree a DRAFT version of the risk management plan of a case the caller's agency is involved in: it becomes the current plan (CURRENT_PLAN moves to it, under a write lock on the offender) and SUPERSEDES the version it replaces, which becomes SUPERSEDED; agreed today, by the caller, at the meeting given (null: outside a meeting). No row when the case is not one the agency is involved in, or the version is no longer a draft.
// params: planId, agencyId, userId, meetingId
MATCH (o:Person)-[:HAS_PLAN]->(plan:RiskManagementPlan {id: $planId})
WHERE o:Offender AND @involved_case(o)
SET o.planLock = true
REMOVE o.planLock
WITH o, plan
WHERE plan.status = 'DRAFT'
OPTIONAL MATCH (o)-[current:CURRENT_PLAN]->(previous:RiskManagementPlan)
FOREACH (replaced IN CASE WHEN previous IS NULL THEN [] ELSE [previous] END |
  SET replaced.status = 'SUPERSEDED'
  CREATE (plan)-[:SUPERSEDES]->(replaced))
DELETE current
CREATE (o)-[:CURRENT_PLAN]->(plan)
SET plan.status = 'AGREED', plan.agreedOn = date(), plan.agreedBy = $userId,
  plan.agreedAtMeetingId = $meetingId
RETURN plan.version AS version, plan.agreedOn AS agreedOn, previous.id AS supersededPlanId
