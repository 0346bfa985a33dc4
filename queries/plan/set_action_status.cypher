// Set the status of a plan action, with who set it, for which agency, when, and the outcome note, for its owner agency (owned_action) or an agency involved in its case: which of them may set which status is decided beforehand, in the same transaction (app/access/write_rights.py, app/access/plans.py). No row when the action, or the caller's relation to it, is gone.
// params: actionId, agencyId, userId, status, outcome
MATCH (o:Person)-[:HAS_PLAN]->(:RiskManagementPlan)-[:HAS_ACTION]->(action:PlanAction {id: $actionId})
WHERE o:Offender AND (@owned_action(action) OR @involved_case(o))
WITH o, action, action.status AS previous
SET action.status = $status, action.statusBy = $userId, action.statusByAgencyId = $agencyId,
  action.statusAt = datetime(), action.outcome = $outcome
RETURN o.id AS offenderId, previous, action.statusAt AS statusAt
