// A pending delivery to one webhook of each newly raised alert on an offender its owner (the caller here) may see, made in the raising transaction so a crash loses none.
// params: webhookId, alertIds, agencyId, userId, classes
MATCH (w:Webhook {id: $webhookId, enabled: true})
UNWIND $alertIds AS alertId
MATCH (alert:Alert {id: alertId})-[:CONCERNS {role: 'OFFENDER'}]->(o:Offender)
WHERE $classes <> []
  AND (EXISTS { (:Agency {id: $agencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date() }
    OR EXISTS { (g:EmergencyGrant {userId: $userId, agencyId: $agencyId})-[:GRANTS_ACCESS_TO]->(o)
                WHERE g.revokedAt IS NULL AND g.expiresAt > datetime() })
CREATE (w)-[:DELIVERS]->(d:Delivery {
  id: 'msg_' + randomUUID(), state: 'PENDING', attempts: 0, createdAt: datetime(),
  nextAttemptAt: datetime()
})-[:FOR_ALERT]->(alert)
