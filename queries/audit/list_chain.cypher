// One page of the audit chain in sequence order, for verification.
// params: afterSequence, limit
MATCH (e:AuditEvent)
WHERE e.sequence > $afterSequence
RETURN e {.*, at: toString(e.at)} AS event
ORDER BY e.sequence
LIMIT $limit
