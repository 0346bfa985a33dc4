// What operators watch waiting in Neo4j (for /metrics, every process's work): evaluation requests pending and how long the oldest has waited, and webhook deliveries waiting to be sent or retried; each counted from its index ((pending, requestedAt), (state, nextAttemptAt)), so a scrape reads no case.
// params: none
CALL () {
  MATCH (q:EvaluationRequest)
  WHERE q.pending = true AND q.requestedAt IS NOT NULL
  RETURN count(q) AS evaluations, min(q.requestedAt) AS oldest
}
CALL () {
  MATCH (d:Delivery)
  WHERE d.state = 'PENDING' AND d.nextAttemptAt IS NOT NULL
  RETURN count(d) AS deliveries
}
RETURN evaluations, deliveries,
  CASE WHEN oldest IS NULL THEN 0.0
       ELSE duration.inSeconds(oldest, datetime()).milliseconds / 1000.0 END AS oldestAgeSeconds
