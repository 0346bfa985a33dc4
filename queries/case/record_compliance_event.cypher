// Record a compliance event (missed appointment, late for curfew, breach, positive test) and its outcome, in a case the caller's agency is involved in.
// params: offenderId, agencyId, eventId, kind, at, outcome, note, recordedBy
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND @involved_case(o)
CREATE (e:ComplianceEvent {
  id: $eventId, kind: $kind, at: $at, outcome: $outcome, note: $note, recordedBy: $recordedBy
})-[:RECORDED_FOR]->(o)
RETURN e.id AS id
