// Revoke an emergency grant the caller holds, or one on a case the caller's agency leads; a grant revoked before keeps its first revocation.
// params: grantId, agencyId, userId
MATCH (g:EmergencyGrant {id: $grantId})-[:GRANTS_ACCESS_TO]->(o:Offender)
WHERE (g.userId = $userId AND g.agencyId = $agencyId)
  OR EXISTS { (o)-[:LEAD_AGENCY]->(:Agency {id: $agencyId}) }
SET g.revokedAt = coalesce(g.revokedAt, datetime()), g.revokedBy = coalesce(g.revokedBy, $userId)
RETURN g {.*, offenderId: o.id} AS grant
