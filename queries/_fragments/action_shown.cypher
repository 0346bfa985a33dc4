// A plan action on the case of `offender` as the caller may read it (GraphQL's PlanAction), for a caller who may see it (visible_action): who set its status (RISK_PLAN) only when the caller sees the case's plan, and the case's name only with IDENTITY on a case it sees (`caseSeen`: visible_case), else withheld here; its owner agency sees the rest by the owner exception. The one projection of an action: the plan and the actions list splice it.
// params: agencyId, userId, classes
// args: action, offender, caseSeen
action {
  .id, .text, .dueOn, .status, .statusAt, .outcome,
  offender: {id: offender.id, name: CASE WHEN caseSeen AND 'IDENTITY' IN $classes THEN offender.name END},
  ownerAgency: head(COLLECT {
    MATCH (action)-[:OWNED_BY]->(shownOwner:Agency) RETURN shownOwner {.id, .name, .kind}
  }),
  ownerOfficer: head(COLLECT {
    MATCH (action)-[:ASSIGNED_TO]->(shownOfficer:CaseOfficer)
    OPTIONAL MATCH (shownOfficer)-[:WORKS_FOR]->(shownOfficerAgency:Agency)
    RETURN shownOfficer {.id, .name, .role, agencyId: shownOfficerAgency.id}
  }),
  statusBy: CASE WHEN caseSeen AND @visible_plan(offender) THEN action.statusBy END,
  planShown: caseSeen AND @visible_plan(offender)
}
