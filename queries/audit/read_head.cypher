// Where the audit chain's head says the chain ends (no row before the first event).
// params: none
MATCH (h:AuditHead {id: 'audit'})
RETURN h.sequence AS sequence, h.hash AS hash
