// A plan action and the caller's relation to it (what setActionStatus is decided on): whether it may see the action (visible_action), is involved in its case, leads it, owns the action (owned_action); the action's status. No row when there is no such action.
// params: actionId, agencyId, userId, classes
MATCH (o:Person)-[:HAS_PLAN]->(:RiskManagementPlan)-[:HAS_ACTION]->(action:PlanAction {id: $actionId})
WHERE o:Offender
RETURN o.id AS offenderId, action.status AS status, @visible_action(action, o) AS visible,
  @involved_case(o) AS involved, @led_case(o) AS lead,
  @owned_action(action) AS owner
