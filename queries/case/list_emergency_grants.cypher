// One page of the emergency grants on an offender's case, newest first, after the grant `after` when given (none when that grant is not on this case); run only for a caller authorised in the same transaction to review them (app/cases/service.py).
// params: offenderId, after, limit
MATCH (o:Person:Offender {id: $offenderId})
OPTIONAL MATCH (last:EmergencyGrant {id: $after})-[:GRANTS_ACCESS_TO]->(o)
WITH o, last
WHERE $after IS NULL OR last IS NOT NULL
MATCH (g:EmergencyGrant)-[:GRANTS_ACCESS_TO]->(o)
WHERE last IS NULL OR g.grantedAt < last.grantedAt OR (g.grantedAt = last.grantedAt AND g.id < last.id)
RETURN g {.*, offenderId: o.id} AS grant
ORDER BY g.grantedAt DESC, g.id DESC
LIMIT $limit
