// Set the MAPPA level of a case the caller's agency is involved in, with the reason and when.
// params: offenderId, agencyId, level, reason
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND EXISTS {
  (:Agency {id: $agencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date()
}
WITH o, o.level AS previous
SET o.level = $level, o.levelReason = $reason, o.levelSetAt = datetime()
RETURN previous
