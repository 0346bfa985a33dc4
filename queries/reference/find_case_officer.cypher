// A case officer by id, as stored, with the agency they work for (none when there is no such officer).
// params: id
MATCH (o:CaseOfficer {id: $id})
OPTIONAL MATCH (o)-[:WORKS_FOR]->(a:Agency)
RETURN o {.id, .name, .role, agency: a {.id, .name, .kind, .area}} AS officer
