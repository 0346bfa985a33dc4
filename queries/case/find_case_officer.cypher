// A case officer, its role and agency, and whether its agency is involved in the case and it already manages it; no row when there is no such officer.
// params: offenderId, officerId
MATCH (officer:CaseOfficer {id: $officerId})
OPTIONAL MATCH (officer)-[:WORKS_FOR]->(agency:Agency)
OPTIONAL MATCH (o:Person {id: $offenderId})
WHERE o:Offender
RETURN officer.role AS role, agency.id AS agencyId,
  o IS NOT NULL AND agency IS NOT NULL AND EXISTS {
    (agency)-[i:INVOLVED_IN]->(o) WHERE @open_involvement(i)
  } AS agencyInvolved
