// Involve an agency in a case the caller's agency is involved in: update its open INVOLVED_IN, or open one from today.
// params: offenderId, callerAgencyId, agencyId, basis, until
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND EXISTS {
  (:Agency {id: $callerAgencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date()
}
MATCH (a:Agency {id: $agencyId})
OPTIONAL MATCH (a)-[open:INVOLVED_IN]->(o)
WHERE open.until IS NULL OR open.until > date()
WITH o, a, collect(open) AS opens
FOREACH (involvement IN opens | SET involvement.basis = $basis, involvement.until = $until)
FOREACH (absent IN CASE WHEN opens = [] THEN [1] ELSE [] END |
  CREATE (a)-[:INVOLVED_IN {
    basis: $basis, since: date(), until: $until, agencyId: a.id, offenderId: o.id
  }]->(o)
)
WITH o, a
MATCH (a)-[i:INVOLVED_IN]->(o)
WHERE i.until IS NULL OR i.until > date()
RETURN i.basis AS basis, i.since AS since, i.until AS until
LIMIT 1
