// Create a case officer working for an agency (no row when the agency does not exist).
// params: id, name, role, agencyId
MATCH (a:Agency {id: $agencyId})
CREATE (o:CaseOfficer {id: $id, name: $name, role: $role})-[:WORKS_FOR]->(a)
RETURN o {.id, .name, .role, agency: a {.id, .name, .kind, .area}} AS officer
