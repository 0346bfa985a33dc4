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
RETURN p:Offender AS isOffender, p:Victim AS isVictim, o.id AS offenderId, route,
  @involved_case(o) AS involved, @visible_case(o) AS visible,
  COLLECT {
    MATCH (p)-[r:RESIDES_AT]->() WHERE r.to IS NULL AND r.kind <> 'PROPOSED' RETURN r.from ORDER BY r.from DESC LIMIT 1
  }[0] AS residentFrom,
  COLLECT {
    MATCH (p)-[r:LOCATED_AT]->() WHERE r.to IS NULL RETURN r.from ORDER BY r.from DESC LIMIT 1
  }[0] AS locatedFrom
