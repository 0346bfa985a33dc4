// What addPlanAction is decided on: the plan version an action on the offender's case joins (the current one, else the newest draft; null when the case has no plan), whether the owner agency exists, and the officer given's role and whether they work for it.
// params: offenderId, ownerAgencyId, ownerOfficerId
MATCH (o:Person {id: $offenderId})
WHERE o:Offender
OPTIONAL MATCH (owner:Agency {id: $ownerAgencyId})
OPTIONAL MATCH (officer:CaseOfficer {id: $ownerOfficerId})
OPTIONAL MATCH (officer)-[:WORKS_FOR]->(officerAgency:Agency)
RETURN head(COLLECT {
    MATCH (o)-[:CURRENT_PLAN]->(current:RiskManagementPlan) RETURN current.id
  } + COLLECT {
    MATCH (o)-[:HAS_PLAN]->(draft:RiskManagementPlan {status: 'DRAFT'})
    RETURN draft.id ORDER BY draft.version DESC
  }) AS planId,
  owner IS NOT NULL AS ownerFound, officer IS NOT NULL AS officerFound, officer.role AS officerRole,
  officerAgency.id AS officerAgencyId
