// A version of a risk management plan and the caller's relation to its case (what agreePlan is decided on): whether it may see the plan (visible_plan), is involved in the case, leads it; the version's status and the current version's number. No row when there is no such plan.
// params: planId, agencyId, userId, classes
MATCH (o:Person)-[:HAS_PLAN]->(plan:RiskManagementPlan {id: $planId})
WHERE o:Offender
OPTIONAL MATCH (o)-[:CURRENT_PLAN]->(current:RiskManagementPlan)
RETURN o.id AS offenderId, plan.version AS version, plan.status AS status,
  current.version AS currentVersion, $classes <> [] AND @visible_plan(o) AS visible,
  @involved_case(o) AS involved, @led_case(o) AS lead
