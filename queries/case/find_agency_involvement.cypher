// An agency and its relation to a case: whether it leads it, and its open involvement if any; no row when there is no such agency.
// params: offenderId, agencyId
MATCH (a:Agency {id: $agencyId})
OPTIONAL MATCH (o:Person {id: $offenderId})
WHERE o:Offender
RETURN a.id AS agencyId, o IS NOT NULL AND EXISTS { (o)-[:LEAD_AGENCY]->(a) } AS lead,
  COLLECT {
    MATCH (a)-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date()
    RETURN i {.basis, .since, .until}
  }[0] AS involvement
