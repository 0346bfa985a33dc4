// Ask the alert evaluator to run the rules again for these offenders: one pending request per offender, its version bumped by every write.
// params: offenderIds
UNWIND $offenderIds AS offenderId
MERGE (q:EvaluationRequest {offenderId: offenderId})
ON CREATE SET q.version = 0
SET q.version = q.version + 1, q.pending = true, q.requestedAt = datetime()
