// Claim these offenders for evaluation (the sweep), pending or not, under a lease as a worker would, so that a write made while they are evaluated keeps its request pending. An offender another live worker holds is left to it: that evaluation began after its claim. The lock is taken before the lease is read again.
// params: offenderIds, worker, leaseSeconds
UNWIND $offenderIds AS offenderId
MERGE (q:EvaluationRequest {offenderId: offenderId})
ON CREATE SET q.version = 0, q.pending = false, q.requestedAt = datetime()
SET q.claiming = true
REMOVE q.claiming
WITH q
WHERE q.leaseUntil IS NULL OR q.leaseUntil < datetime()
SET q.leaseUntil = datetime() + duration({seconds: $leaseSeconds}), q.leasedBy = $worker,
    q.claimedAt = datetime()
RETURN q.offenderId AS offenderId, q.version AS version
