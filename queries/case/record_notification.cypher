// Record a registered sexual offender's notification and when it was due, in a case the caller's agency is involved in.
// params: offenderId, agencyId, notificationId, kind, madeOn, dueOn, details
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND @involved_case(o)
CREATE (n:Notification {
  id: $notificationId, kind: $kind, madeOn: $madeOn, dueOn: $dueOn, details: $details
})-[:RECORDED_FOR]->(o)
RETURN n.id AS id
