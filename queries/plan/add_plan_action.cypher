// Add an action to a version of the risk management plan of a case the caller's agency is involved in (the version find_action_basis chose), owned by an agency and assigned to one of its officers when given. No row when the case, the version or the agency is not there.
// params: offenderId, agencyId, planId, actionId, text, ownerAgencyId, ownerOfficerId, dueOn, userId
MATCH (o:Person {id: $offenderId})-[:HAS_PLAN]->(plan:RiskManagementPlan {id: $planId})
WHERE o:Offender AND @involved_case(o)
MATCH (owner:Agency {id: $ownerAgencyId})
CREATE (plan)-[:HAS_ACTION]->(action:PlanAction {
  id: $actionId, offenderId: o.id, ownerAgencyId: owner.id, text: $text, dueOn: $dueOn,
  status: 'OPEN', createdAt: datetime(), createdBy: $userId
})-[:OWNED_BY]->(owner)
WITH plan, action, owner
OPTIONAL MATCH (officer:CaseOfficer {id: $ownerOfficerId})-[:WORKS_FOR]->(owner)
FOREACH (assigned IN CASE WHEN officer IS NULL THEN [] ELSE [officer] END |
  CREATE (action)-[:ASSIGNED_TO]->(assigned))
RETURN plan.id AS planId
