// Add premises (school, playground, nursery, youth club) in the caller's agency's area; returns the offenders whose in-force out-of-bounds condition names that kind and whose current residence or last fix lies within reach.
// params: premisesId, agencyId, name, kind, latitude, longitude, reachMetres
MATCH (agency:Agency {id: $agencyId})
CREATE (p:Premises {
  id: $premisesId, name: $name, kind: $kind, area: agency.area,
  location: point({latitude: $latitude, longitude: $longitude})
})
WITH p, COLLECT {
  MATCH (address:Address)
  WHERE point.distance(address.location, p.location) <= $reachMetres
  MATCH (o:Offender)-[r:RESIDES_AT]->(address)
  WHERE r.to IS NULL
  RETURN o
  UNION
  MATCH (o:Offender)-[:SUBJECT_TO]->(:LicenceCondition {kind: 'OUT_OF_BOUNDS_PREMISES_TYPE'})
  WHERE point.distance(o.lastFixLocation, p.location) <= $reachMetres
  RETURN o
} AS near
RETURN p.area AS area, [o IN near WHERE EXISTS {
  (o)-[:SUBJECT_TO]->(c:LicenceCondition {kind: 'OUT_OF_BOUNDS_PREMISES_TYPE', premisesKind: $kind})
  WHERE c.validTo IS NULL OR c.validTo >= date()
} | o.id] AS offenderIds
