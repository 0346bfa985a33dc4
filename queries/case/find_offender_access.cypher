// The caller's relation to each of these offenders' cases (MODEL.md, the visibility rule): involved, lead, visible; no row for an id that is no offender.
// params: offenderIds, agencyId, userId
UNWIND $offenderIds AS offenderId
MATCH (o:Person {id: offenderId})
WHERE o:Offender
WITH o, EXISTS {
  (:Agency {id: $agencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date()
} AS involved
RETURN o.id AS offenderId, involved,
  EXISTS { (o)-[:LEAD_AGENCY]->(:Agency {id: $agencyId}) } AS lead,
  involved
    OR EXISTS { (:CaseOfficer {id: $userId})-[:MANAGES]->(o) }
    OR EXISTS { (g:EmergencyGrant {userId: $userId, agencyId: $agencyId})-[:GRANTS_ACCESS_TO]->(o)
                WHERE g.revokedAt IS NULL AND g.expiresAt > datetime() } AS visible
