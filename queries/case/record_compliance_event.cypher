// Record a compliance event (missed appointment, late for curfew, breach, positive test) and its outcome, in a case the caller's agency is involved in.
// params: offenderId, agencyId, eventId, kind, at, outcome, note, recordedBy
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND EXISTS {
  (:Agency {id: $agencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date()
}
CREATE (e:ComplianceEvent {
  id: $eventId, kind: $kind, at: $at, outcome: $outcome, note: $note, recordedBy: $recordedBy
})-[:RECORDED_FOR]->(o)
RETURN e.id AS id
