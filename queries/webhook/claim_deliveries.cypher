// Claim due pending deliveries under a lease, with what sending needs: the webhook, the principal it acts as (its owner), and the thin payload. Each delivery's write lock is taken before it is read again, so that a claim another process made meanwhile is seen and left to it.
// params: limit, leaseSeconds
MATCH (d:Delivery {state: 'PENDING'})
WHERE d.nextAttemptAt <= datetime() AND (d.leaseUntil IS NULL OR d.leaseUntil < datetime())
WITH d ORDER BY d.nextAttemptAt, d.id LIMIT $limit
SET d.claiming = true
REMOVE d.claiming
WITH d
WHERE d.state = 'PENDING' AND (d.leaseUntil IS NULL OR d.leaseUntil < datetime())
SET d.leaseUntil = datetime() + duration({seconds: $leaseSeconds})
WITH d
MATCH (w:Webhook)-[:DELIVERS]->(d)-[:FOR_ALERT]->(alert:Alert)-[:CONCERNS {role: 'OFFENDER'}]->(o:Offender)
MATCH (agency:Agency {id: w.ownerAgencyId})
RETURN d.id AS id, d.attempts AS attempts,
  w {.id, .url, .secret, .enabled, owner: {userId: w.ownerUserId, agencyId: agency.id,
     agencyName: agency.name, agencyKind: agency.kind, roles: w.ownerRoles}} AS webhook,
  {alertId: alert.id, rule: alert.rule, severity: alert.severity, offenderId: o.id,
   sequence: alert.sequence, raisedAt: alert.raisedAt} AS payload
