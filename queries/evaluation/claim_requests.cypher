// Claim the oldest pending evaluation requests that no live worker holds: each claim is a lease, so a worker that dies leaves its requests to the next one. Each request's write lock is taken before it is read again, so that a claim another worker made meanwhile is seen and left to it. The index seek is pinned: a plan made on stale statistics (a queue that was small, or all pending) would otherwise scan every request ever kept.
// params: worker, limit, leaseSeconds
MATCH (q:EvaluationRequest)
USING INDEX SEEK q:EvaluationRequest(pending, requestedAt)
WHERE q.pending = true AND q.requestedAt IS NOT NULL
  AND (q.leaseUntil IS NULL OR q.leaseUntil < datetime())
WITH q ORDER BY q.requestedAt LIMIT $limit
SET q.claiming = true
REMOVE q.claiming
WITH q
WHERE q.pending = true AND (q.leaseUntil IS NULL OR q.leaseUntil < datetime())
SET q.leaseUntil = datetime() + duration({seconds: $leaseSeconds}), q.leasedBy = $worker,
    q.claimedAt = datetime()
RETURN q.offenderId AS offenderId, q.version AS version
