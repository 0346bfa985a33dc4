// The current risk management plan of an offender (the agreed version in force), as the caller may read it (plan_shown); no row when there is none, or the caller may not see the plan (visible_plan).
// params: offenderId, agencyId, userId, classes, measureClasses
MATCH (offender:Person {id: $offenderId})-[:CURRENT_PLAN]->(plan:RiskManagementPlan)
WHERE offender:Offender AND @visible_plan(offender)
RETURN @plan_shown(plan, offender) AS plan
