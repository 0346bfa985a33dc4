// Claim the oldest pending evaluation requests that no live worker holds: each claim is a lease, so a worker that dies leaves its requests to the next one.
// params: worker, limit, leaseSeconds
MATCH (q:EvaluationRequest)
WHERE q.pending = true AND (q.leaseUntil IS NULL OR q.leaseUntil < datetime())
WITH q ORDER BY q.requestedAt LIMIT $limit
SET q.leaseUntil = datetime() + duration({seconds: $leaseSeconds}), q.leasedBy = $worker
RETURN q.offenderId AS offenderId, q.version AS version
