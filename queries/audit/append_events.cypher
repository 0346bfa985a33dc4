// Append hashed events after the chain end the caller expects, under the head's lock; when the head has moved on, append nothing and return where the chain now ends (the caller re-hashes and tries again in this transaction, still holding the lock).
// params: afterSequence, afterHash, events, sequence, hash
MERGE (h:AuditHead {id: 'audit'})
  ON CREATE SET h.sequence = 0, h.hash = ''
SET h.lockedAt = datetime()
WITH h, h.sequence = $afterSequence AND h.hash = $afterHash AS expected
FOREACH (e IN CASE WHEN expected THEN $events ELSE [] END |
  CREATE (:AuditEvent {
    id: e.id, sequence: e.sequence, at: datetime(e.at), userId: e.userId, agencyId: e.agencyId,
    roles: e.roles, purpose: e.purpose, justification: e.justification, action: e.action,
    operation: e.operation, subjectIds: e.subjectIds, fieldClasses: e.fieldClasses,
    outcome: e.outcome, prevHash: e.prevHash, hash: e.hash
  })
)
SET h.sequence = CASE WHEN expected THEN $sequence ELSE h.sequence END,
    h.hash = CASE WHEN expected THEN $hash ELSE h.hash END
RETURN expected AS appended, h.sequence AS sequence, h.hash AS hash
