// Record one sent attempt (status code or error, when) and the delivery's new state: DELIVERED, PENDING again at nextAttemptAt, or FAILED after the last attempt (or a 410, after which the webhook is disabled).
// params: deliveryId, state, statusCode, error, nextAttemptAt
MATCH (d:Delivery {id: $deliveryId})
CREATE (d)-[:ATTEMPTED]->(:DeliveryAttempt {at: datetime(), statusCode: $statusCode, error: $error})
SET d.attempts = d.attempts + 1, d.state = $state, d.nextAttemptAt = $nextAttemptAt,
    d.leaseUntil = null, d.deliveredAt = CASE WHEN $state = 'DELIVERED' THEN datetime() END
