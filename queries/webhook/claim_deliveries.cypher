// Claim due pending deliveries (a lease, so that no two processes send one at once) with what sending needs: the webhook, the thin payload, and whether the owner may still see the offender.
// params: limit, leaseSeconds
MATCH (d:Delivery {state: 'PENDING'})
WHERE d.nextAttemptAt <= datetime() AND (d.leaseUntil IS NULL OR d.leaseUntil < datetime())
WITH d ORDER BY d.nextAttemptAt LIMIT $limit
SET d.leaseUntil = datetime() + duration({seconds: $leaseSeconds})
WITH d
MATCH (w:Webhook)-[:DELIVERS]->(d)-[:FOR_ALERT]->(alert:Alert)-[:CONCERNS {role: 'OFFENDER'}]->(o:Offender)
RETURN d.id AS id, d.attempts AS attempts,
  w {.id, .url, .secret, .enabled, .ownerUserId, .ownerAgencyId, .ownerRoles} AS webhook,
  {alertId: alert.id, rule: alert.rule, severity: alert.severity, offenderId: o.id,
   sequence: alert.sequence} AS payload,
  EXISTS { (:Agency {id: w.ownerAgencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date() }
   OR EXISTS { (:CaseOfficer {id: w.ownerUserId})-[:MANAGES]->(o) }
   OR EXISTS { (g:EmergencyGrant {userId: w.ownerUserId, agencyId: w.ownerAgencyId})-[:GRANTS_ACCESS_TO]->(o)
               WHERE g.revokedAt IS NULL AND g.expiresAt > datetime() } AS visible
