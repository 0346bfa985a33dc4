// The cases a person belongs to (as the offender, a contact or household member, a victim, or a person a condition protects), with the caller's relation to each, and the person's current residence; no row when the person is in no case.
// params: personId, agencyId, userId
MATCH (p:Person {id: $personId})
CALL (p) {
  MATCH (o:Person {id: p.id}) WHERE o:Offender
  RETURN o, 'OFFENDER' AS route
  UNION
  MATCH (o:Offender)-[:HAS_CONTACT]->(p)
  RETURN o, 'CONTACT' AS route
  UNION
  MATCH (p)-[:HOUSEHOLD_MEMBER_OF]->(o:Offender)
  RETURN o, 'CONTACT' AS route
  UNION
  MATCH (o:Offender)-[:OFFENDED_AGAINST]->(p)
  RETURN o, 'VICTIM' AS route
  UNION
  MATCH (o:Offender)-[:SUBJECT_TO]->(:LicenceCondition)-[:PROTECTS]->(p)
  RETURN o, 'PROTECTED' AS route
}
WITH p, o, route, EXISTS {
  (:Agency {id: $agencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date()
} AS involved
RETURN p:Offender AS isOffender, p:Victim AS isVictim, o.id AS offenderId, route, involved,
  involved
    OR EXISTS { (:CaseOfficer {id: $userId})-[:MANAGES]->(o) }
    OR EXISTS { (g:EmergencyGrant {userId: $userId, agencyId: $agencyId})-[:GRANTS_ACCESS_TO]->(o)
                WHERE g.revokedAt IS NULL AND g.expiresAt > datetime() } AS visible,
  COLLECT {
    MATCH (p)-[r:RESIDES_AT]->() WHERE r.to IS NULL AND r.kind <> 'PROPOSED' RETURN r.from ORDER BY r.from DESC LIMIT 1
  }[0] AS residentFrom,
  COLLECT {
    MATCH (p)-[r:LOCATED_AT]->() WHERE r.to IS NULL RETURN r.from ORDER BY r.from DESC LIMIT 1
  }[0] AS locatedFrom
