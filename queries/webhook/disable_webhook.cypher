// Disable an enabled webhook for good, saying why (a 410 from its receiver, an owner no longer a principal, or its agency's decision), and drop its pending deliveries, claimed ones too, with that reason. A webhook disabled already keeps its first reason.
// params: webhookId, reason
MATCH (w:Webhook {id: $webhookId})
WHERE w.enabled
SET w.enabled = false, w.disabledAt = datetime(), w.disabledReason = $reason
WITH w
MATCH (w)-[:DELIVERS]->(d:Delivery {state: 'PENDING'})
SET d.state = 'DROPPED', d.droppedReason = $reason, d.leaseUntil = null
