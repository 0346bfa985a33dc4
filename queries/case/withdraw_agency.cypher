// Withdraw an agency from a case the caller's agency is involved in: its open INVOLVED_IN ends today, and its officers stop managing the case.
// params: offenderId, callerAgencyId, agencyId
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND EXISTS {
  (:Agency {id: $callerAgencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date()
}
MATCH (a:Agency {id: $agencyId})-[open:INVOLVED_IN]->(o)
WHERE open.until IS NULL OR open.until > date()
SET open.until = date()
WITH DISTINCT o, a, open
CALL (o, a) {
  MATCH (a)<-[:WORKS_FOR]-(:CaseOfficer)-[m:MANAGES]->(o)
  DELETE m
}
RETURN open.basis AS basis, open.since AS since, open.until AS until
LIMIT 1
