// Add an intervention (programme) the offender attends, in a case the caller's agency is involved in.
// params: offenderId, agencyId, interventionId, kind, name, status, start, end
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND @involved_case(o)
CREATE (o)-[:ATTENDS]->(n:Intervention {
  id: $interventionId, kind: $kind, name: $name, status: $status, start: $start, end: $end
})
RETURN n.id AS id
