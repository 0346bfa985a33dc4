// Revoke an emergency grant the caller holds, or one on a case the caller's agency leads; a grant revoked before keeps its first revocation. The grant is locked before its revocation is read, so of two revocations at once the second finds the first.
// params: grantId, agencyId, userId
MATCH (g:EmergencyGrant {id: $grantId})-[:GRANTS_ACCESS_TO]->(o:Offender)
WHERE (g.userId = $userId AND g.agencyId = $agencyId)
  OR @led_case(o)
SET g.revokeLock = true
REMOVE g.revokeLock
SET g.revokedAt = coalesce(g.revokedAt, datetime()), g.revokedBy = coalesce(g.revokedBy, $userId)
RETURN g {.*, offenderId: o.id} AS grant
