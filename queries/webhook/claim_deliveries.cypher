// Claim due pending deliveries under a lease, with what sending needs: the webhook (its secrets sealed, the previous one only while its overlap lasts), its owner as the graph has it now (its agency, and its role as an officer of that agency if it is one), and the thin payload (a webhook whose secret is not sealed yet waits: the delivering processes seal such secrets as they start). Each delivery's write lock is taken before it is read again, so that a claim another process made meanwhile is seen and left to it.
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
WHERE w.sealedSecret IS NOT NULL // one a process of an earlier version registered waits to be sealed
OPTIONAL MATCH (agency:Agency {id: w.ownerAgencyId})
RETURN d.id AS id, d.attempts AS attempts,
  w {.id, .url, .enabled, .sealedSecret,
     previousSealedSecret: CASE WHEN w.previousSecretUntil > datetime() THEN w.previousSealedSecret END,
     owner: {userId: w.ownerUserId, agencyId: w.ownerAgencyId, roles: w.ownerRoles,
   agencyName: agency.name, agencyKind: agency.kind,
   officerRole: head([(officer:CaseOfficer {id: w.ownerUserId})-[:WORKS_FOR]->(agency) | officer.role])}} AS webhook,
  {alertId: alert.id, rule: alert.rule, severity: alert.severity, offenderId: o.id,
   sequence: alert.sequence, raisedAt: alert.raisedAt} AS payload
