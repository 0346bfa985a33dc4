// Close the requests just evaluated, unless a write bumped one since its claim (it then stays pending): the lock is taken before the version is read, so no write slips between.
// params: requests
UNWIND $requests AS r
MATCH (q:EvaluationRequest {offenderId: r.offenderId})
SET q.leaseUntil = null
WITH q, r
SET q.pending = CASE WHEN q.version = r.version THEN false ELSE q.pending END,
    q.evaluatedAt = datetime()
