// A pending delivery of each newly raised alert to every enabled webhook whose owner may see its offender (the visibility rule, with the owner's agency and user), in the raising transaction so a crash loses none.
// params: alertIds
UNWIND $alertIds AS alertId
MATCH (alert:Alert {id: alertId})-[:CONCERNS {role: 'OFFENDER'}]->(o:Offender)
MATCH (w:Webhook {enabled: true})
WHERE EXISTS { (:Agency {id: w.ownerAgencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date() }
   OR EXISTS { (:CaseOfficer {id: w.ownerUserId})-[:MANAGES]->(o) }
   OR EXISTS { (g:EmergencyGrant {userId: w.ownerUserId, agencyId: w.ownerAgencyId})-[:GRANTS_ACCESS_TO]->(o)
               WHERE g.revokedAt IS NULL AND g.expiresAt > datetime() }
CREATE (w)-[:DELIVERS]->(d:Delivery {
  id: 'msg_' + randomUUID(), state: 'PENDING', attempts: 0, createdAt: datetime(),
  nextAttemptAt: datetime()
})-[:FOR_ALERT]->(alert)
