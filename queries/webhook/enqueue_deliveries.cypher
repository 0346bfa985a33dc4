// A pending delivery to one webhook of each newly raised alert that goes to its owner (the caller here; the alert_audience fragment), made in the raising transaction so a crash loses none.
// params: webhookId, alertIds, agencyId, userId, classes
MATCH (w:Webhook {id: $webhookId, enabled: true})
UNWIND $alertIds AS alertId
MATCH (alert:Alert {id: alertId})-[:CONCERNS {role: 'OFFENDER'}]->(o:Offender)
WHERE @alert_audience(alert, o)
CREATE (w)-[:DELIVERS]->(d:Delivery {
  id: 'msg_' + randomUUID(), state: 'PENDING', attempts: 0, createdAt: datetime(),
  nextAttemptAt: datetime()
})-[:FOR_ALERT]->(alert)
