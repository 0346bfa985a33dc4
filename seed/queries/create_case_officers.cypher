// Create case officers from seed rows, each working for an existing agency.
// params: rows
UNWIND $rows AS r
MATCH (agency:Agency {id: r.agencyId})
CREATE (:CaseOfficer {id: r.id, name: r.name, role: r.role, email: r.email})-[:WORKS_FOR]->(agency)
