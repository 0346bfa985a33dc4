// The enabled webhooks, each with its owner as the graph has it now (its agency, and its role as an officer of that agency if it is one): new alerts are addressed to those whose owner is still a principal who may see them.
// params: none
MATCH (w:Webhook {enabled: true})
OPTIONAL MATCH (agency:Agency {id: w.ownerAgencyId})
RETURN w.id AS id,
  {userId: w.ownerUserId, agencyId: w.ownerAgencyId, roles: w.ownerRoles,
   agencyName: agency.name, agencyKind: agency.kind,
   officerRole: head([(officer:CaseOfficer {id: w.ownerUserId})-[:WORKS_FOR]->(agency) | officer.role])} AS owner
