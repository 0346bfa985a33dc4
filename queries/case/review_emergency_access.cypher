// Record the review of an emergency grant, once, by a caller who reviews the case's grants (grantScopes: LEAD, the case's lead agency; INVOLVED, an agency involved in it; app/access/write_rights.py) and does not hold the grant. The grant is locked before its review is read, so two reviewers at once cannot both record one; `reviewed` is false when it had been reviewed already. An UNJUSTIFIED finding also revokes the grant while it is active.
// params: grantId, agencyId, userId, grantScopes, outcome, note
MATCH (g:EmergencyGrant {id: $grantId})-[:GRANTS_ACCESS_TO]->(o:Offender)
WHERE @grant_reviewer(o) AND NOT (g.userId = $userId AND g.agencyId = $agencyId)
SET g.reviewLock = true
WITH g, o, g.reviewedAt IS NULL AS first
REMOVE g.reviewLock
WITH g, o, first,
  first AND $outcome = 'UNJUSTIFIED' AND @active_grant(g) AS revoke
FOREACH (_ IN CASE WHEN first THEN [1] ELSE [] END |
  SET g.reviewOutcome = $outcome, g.reviewNote = $note, g.reviewedBy = $userId,
    g.reviewedAt = datetime())
FOREACH (_ IN CASE WHEN revoke THEN [1] ELSE [] END |
  SET g.revokedAt = datetime(), g.revokedBy = $userId)
RETURN first AS reviewed, g {.*, offenderId: o.id} AS grant
