// Which of these alerts are on offenders the caller (a webhook's owner, just before sending) may still see.
// params: alertIds, agencyId, userId, classes
UNWIND $alertIds AS alertId
MATCH (alert:Alert {id: alertId})-[:CONCERNS {role: 'OFFENDER'}]->(o:Offender)
WHERE $classes <> []
  AND (EXISTS { (:Agency {id: $agencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date() }
    OR EXISTS { (g:EmergencyGrant {userId: $userId, agencyId: $agencyId})-[:GRANTS_ACCESS_TO]->(o)
                WHERE g.revokedAt IS NULL AND g.expiresAt > datetime() })
RETURN alert.id AS id
