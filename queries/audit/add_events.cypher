// Add events to the log, pending: the sequencer numbers them and takes them into the Merkle tree. Nothing here is shared with another request's events, so no lock is taken.
// params: events
UNWIND $events AS e
CREATE (:AuditEvent:AuditPending {
  id: e.id, at: datetime(e.at), userId: e.userId, agencyId: e.agencyId, roles: e.roles,
  purpose: e.purpose, justification: e.justification, action: e.action, operation: e.operation,
  subjectIds: e.subjectIds, fieldClasses: e.fieldClasses, outcome: e.outcome
})
