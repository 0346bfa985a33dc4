// Record one sent attempt (status code or error, when) and the delivery's new state: DELIVERED, PENDING again at nextAttemptAt, or FAILED after the last attempt; a 410 disables the webhook and drops its other pending deliveries.
// params: deliveryId, state, statusCode, error, nextAttemptAt, disable
MATCH (w:Webhook)-[:DELIVERS]->(d:Delivery {id: $deliveryId})
CREATE (d)-[:ATTEMPTED]->(:DeliveryAttempt {at: datetime(), statusCode: $statusCode, error: $error})
SET d.attempts = d.attempts + 1, d.state = $state, d.nextAttemptAt = $nextAttemptAt,
    d.leaseUntil = null, d.deliveredAt = CASE WHEN $state = 'DELIVERED' THEN datetime() END
WITH w, d
CALL (w, d) {
  WITH w, d WHERE $disable
  SET w.enabled = false, w.disabledAt = datetime(), w.disabledReason = '410 Gone'
  WITH w, d
  MATCH (w)-[:DELIVERS]->(other:Delivery {state: 'PENDING'}) WHERE other <> d
  SET other.state = 'DROPPED', other.droppedReason = 'webhook disabled', other.leaseUntil = null
}
RETURN d.state AS state
