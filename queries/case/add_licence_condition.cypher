// Add a licence condition to a case the caller's agency is involved in, with the person it protects and the zone it defines (valid as long as the condition).
// params: offenderId, agencyId, conditionId, kind, text, validFrom, validTo, premisesKind, protectedPersonId, zone
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND @involved_case(o)
CREATE (o)-[:SUBJECT_TO]->(c:LicenceCondition {
  id: $conditionId, kind: $kind, text: $text, validFrom: $validFrom, validTo: $validTo,
  premisesKind: $premisesKind
})
WITH c
OPTIONAL MATCH (protected:Person {id: $protectedPersonId})
FOREACH (person IN CASE WHEN protected IS NULL THEN [] ELSE [protected] END |
  CREATE (c)-[:PROTECTS]->(person)
)
FOREACH (z IN CASE WHEN $zone IS NULL THEN [] ELSE [$zone] END |
  CREATE (c)-[:DEFINES_ZONE]->(:Zone {
    id: z.id, kind: z.kind, shape: z.shape, geometry: z.geometry,
    centre: point({latitude: z.centreLat, longitude: z.centreLon}), radiusMetres: z.radiusMetres,
    bboxLow: point({latitude: z.south, longitude: z.west}),
    bboxHigh: point({latitude: z.north, longitude: z.east}),
    validFrom: $validFrom, validTo: $validTo
  })
)
RETURN c.id AS id
