// One page of every version of an offender's risk management plan, drafts too, newest first, after version `after` when given, each as the caller may read it (plan_shown); none when the caller may not see the plan (visible_plan).
// params: offenderId, after, limit, agencyId, userId, classes, measureClasses
MATCH (offender:Person {id: $offenderId})
WHERE offender:Offender AND @visible_plan(offender)
MATCH (offender)-[:HAS_PLAN]->(plan:RiskManagementPlan)
WHERE $after IS NULL OR plan.version < $after
WITH offender, plan
ORDER BY plan.version DESC
LIMIT $limit
RETURN @plan_shown(plan, offender) AS shownPlan
ORDER BY shownPlan.version DESC
