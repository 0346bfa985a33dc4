// Grant the caller emergency access to a case its agency is not involved in, from now for the given hours, unless the caller holds maxActive unrevoked, unexpired grants or took maxPerDay in the last 24 hours. The counts are read under a write lock on the caller's officer node (its lastEmergencyGrantAt, kept only when a grant is made), so that requests at the same moment cannot both pass a cap; they come back either way, the grant only when made.
// params: grantId, offenderId, agencyId, userId, roles, purpose, justification, hours, maxActive, maxPerDay
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND NOT @involved_case(o)
OPTIONAL MATCH (officer:CaseOfficer {id: $userId})-[:WORKS_FOR]->(:Agency {id: $agencyId})
FOREACH (holder IN CASE WHEN officer IS NULL THEN [] ELSE [officer] END |
  SET holder.lastEmergencyGrantAt = datetime())
WITH o
CALL () {
  OPTIONAL MATCH (held:EmergencyGrant {userId: $userId, agencyId: $agencyId})
  RETURN count(CASE WHEN @active_grant(held) THEN 1 END) AS active,
    count(CASE WHEN held.grantedAt > datetime() - duration({hours: 24}) THEN 1 END) AS today
}
FOREACH (granted IN CASE WHEN active < $maxActive AND today < $maxPerDay THEN [o] ELSE [] END |
  CREATE (:EmergencyGrant {
    id: $grantId, userId: $userId, agencyId: $agencyId, roles: $roles, purpose: $purpose,
    justification: $justification, grantedAt: datetime(),
    expiresAt: datetime() + duration({hours: $hours})
  })-[:GRANTS_ACCESS_TO]->(granted))
WITH o, active, today
OPTIONAL MATCH (g:EmergencyGrant {id: $grantId})-[:GRANTS_ACCESS_TO]->(o)
RETURN active, today, g {.*, offenderId: o.id} AS grant
