// PROXIMITY_TO_VICTIM: offenders whose current residence lies within $distanceMetres of where one of their victims, or a person an active NO_CONTACT condition protects, lives now (the nearest such address counts).
// params: offenderIds, distanceMetres
UNWIND $offenderIds AS offenderId
MATCH (o:Person:Offender {id: offenderId})-[r:RESIDES_AT]->(home:Address)
WHERE r.to IS NULL AND r.kind <> 'PROPOSED'
CALL (o) {
  MATCH (o)-[:OFFENDED_AGAINST]->(p:Person)
  RETURN p
  UNION
  MATCH (o)-[:SUBJECT_TO]->(c:LicenceCondition {kind: 'NO_CONTACT'})-[:PROTECTS]->(p:Person)
  WHERE (c.validFrom IS NULL OR c.validFrom <= date()) AND (c.validTo IS NULL OR c.validTo >= date())
  RETURN p
}
CALL (p) {
  MATCH (p)-[l:LOCATED_AT]->(a:Address) WHERE l.to IS NULL
  RETURN a
  UNION
  MATCH (p)-[l:RESIDES_AT]->(a:Address) WHERE l.to IS NULL AND l.kind <> 'PROPOSED'
  RETURN a
}
WITH o, p, min(point.distance(home.location, a.location)) AS distance
WHERE distance <= $distanceMetres
RETURN o.id AS offenderId, p.id AS counterpartId, distance AS distanceMetres
