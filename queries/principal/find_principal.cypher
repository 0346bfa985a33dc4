// The agency a token names, and whether the token's subject is a case officer of that agency (no row when the agency does not exist).
// params: agencyId, userId
MATCH (a:Agency {id: $agencyId})
RETURN a.id AS id, a.name AS name, a.kind AS kind,
  EXISTS { (:CaseOfficer {id: $userId})-[:WORKS_FOR]->(a) } AS isOfficer
