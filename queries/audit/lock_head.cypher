// Take the audit chain's head (created on first use) under a write lock; return where it ends.
// params: none
MERGE (h:AuditHead {id: 'audit'})
  ON CREATE SET h.sequence = 0, h.hash = ''
SET h.lockedAt = datetime()
RETURN h.sequence AS sequence, h.hash AS hash
