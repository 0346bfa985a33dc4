// One page of the audit log's events in sequence order: for verification, and for the sequencer, the events numbered after the tree's size (the hash chain's, from before the Merkle tree), which become its first leaves in their order.
// params: afterSequence, limit
MATCH (e:AuditEvent)
WHERE e.sequence > $afterSequence
RETURN e {.*, at: toString(e.at)} AS event
ORDER BY e.sequence
LIMIT $limit
