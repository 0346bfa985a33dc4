// Append hashed events to the audit chain and move its head, in the head's transaction.
// params: events, sequence, hash
UNWIND $events AS e
CREATE (:AuditEvent {
  id: e.id, sequence: e.sequence, at: datetime(e.at), userId: e.userId, agencyId: e.agencyId,
  roles: e.roles, purpose: e.purpose, justification: e.justification, action: e.action,
  operation: e.operation, subjectIds: e.subjectIds, fieldClasses: e.fieldClasses,
  outcome: e.outcome, prevHash: e.prevHash, hash: e.hash
})
WITH count(*) AS appended
MATCH (h:AuditHead {id: 'audit'})
SET h.sequence = $sequence, h.hash = $hash
