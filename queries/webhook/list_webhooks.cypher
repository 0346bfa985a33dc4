// A page of an agency's webhooks, newest first, as its ADMIN ($admin: all of them) or an owner (its own) sees them, never their secrets: each with its latest delivery's state. $webhookId picks one; $afterId continues after the webhook of that id.
// params: agencyId, userId, admin, webhookId, afterId, limit
OPTIONAL MATCH (last:Webhook {id: $afterId, ownerAgencyId: $agencyId})
MATCH (w:Webhook {ownerAgencyId: $agencyId})
WHERE ($admin OR w.ownerUserId = $userId)
  AND ($webhookId IS NULL OR w.id = $webhookId)
  AND ($afterId IS NULL OR w.createdAt < last.createdAt
       OR (w.createdAt = last.createdAt AND w.id < last.id))
WITH w ORDER BY w.createdAt DESC, w.id DESC LIMIT $limit
CALL (w) {
  OPTIONAL MATCH (w)-[:DELIVERS]->(d:Delivery)
  WITH d ORDER BY d.createdAt DESC, d.id DESC LIMIT 1
  OPTIONAL MATCH (d)-[:ATTEMPTED]->(a:DeliveryAttempt)
  WITH d, a ORDER BY a.at DESC LIMIT 1
  RETURN CASE WHEN d IS NOT NULL THEN d {.state, .attempts, .createdAt, lastAttemptAt: a.at,
    lastStatusCode: a.statusCode} END AS lastDelivery
}
RETURN w {.id, .url, .description, ownerUserId: w.ownerUserId, ownerRoles: w.ownerRoles,
  .enabled, .disabledAt, .disabledReason, .createdAt, .secretRotatedAt,
  lastDelivery: lastDelivery} AS webhook
