// An agency and its relation to a case: whether it leads it, and its involvement if it has ever had one (the open one, else the one that ended last); no row when there is no such agency.
// params: offenderId, agencyId
MATCH (a:Agency {id: $agencyId})
OPTIONAL MATCH (o:Person {id: $offenderId})
WHERE o:Offender
RETURN a.id AS agencyId, o IS NOT NULL AND EXISTS { (o)-[:LEAD_AGENCY]->(a) } AS lead,
  COLLECT {
    MATCH (a)-[i:INVOLVED_IN]->(o)
    RETURN i {.basis, .since, .until}
    ORDER BY @open_involvement(i) DESC, i.until DESC
  }[0] AS involvement
