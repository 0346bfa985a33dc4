// An emergency grant and the caller's relation to it and its case: the grantee, the lead agency, visible; no row when there is no such grant.
// params: grantId, agencyId, userId
MATCH (g:EmergencyGrant {id: $grantId})-[:GRANTS_ACCESS_TO]->(o:Offender)
WITH g, o, EXISTS {
  (:Agency {id: $agencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date()
} AS involved
RETURN g {.*, offenderId: o.id} AS grant,
  g.userId = $userId AND g.agencyId = $agencyId AS grantee,
  involved,
  EXISTS { (o)-[:LEAD_AGENCY]->(:Agency {id: $agencyId}) } AS lead,
  involved
    OR EXISTS { (:CaseOfficer {id: $userId})-[:MANAGES]->(o) }
    OR EXISTS { (active:EmergencyGrant {userId: $userId, agencyId: $agencyId})-[:GRANTS_ACCESS_TO]->(o)
                WHERE active.revokedAt IS NULL AND active.expiresAt > datetime() } AS visible
