// Add an intervention (programme) the offender attends, in a case the caller's agency is involved in.
// params: offenderId, agencyId, interventionId, kind, name, status, start, end
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND EXISTS {
  (:Agency {id: $agencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date()
}
CREATE (o)-[:ATTENDS]->(n:Intervention {
  id: $interventionId, kind: $kind, name: $name, status: $status, start: $start, end: $end
})
RETURN n.id AS id
