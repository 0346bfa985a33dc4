// Grant the caller emergency access to a case its agency is not involved in, from now for the given hours.
// params: grantId, offenderId, agencyId, userId, roles, justification, hours
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND NOT EXISTS {
  (:Agency {id: $agencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date()
}
CREATE (g:EmergencyGrant {
  id: $grantId, userId: $userId, agencyId: $agencyId, roles: $roles,
  justification: $justification, grantedAt: datetime(),
  expiresAt: datetime() + duration({hours: $hours})
})-[:GRANTS_ACCESS_TO]->(o)
RETURN g {.*, offenderId: o.id} AS grant
