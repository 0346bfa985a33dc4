// The active zones of these offenders' active EXCLUSION_ZONE conditions (both condition and zone within their validity windows), with each offender's current residences and last reported fix: the zone rules test them exactly in Python.
// params: offenderIds
UNWIND $offenderIds AS offenderId
MATCH (o:Person:Offender {id: offenderId})-[:SUBJECT_TO]->(c:LicenceCondition {kind: 'EXCLUSION_ZONE'})-[:DEFINES_ZONE]->(z:Zone)
WHERE (c.validFrom IS NULL OR c.validFrom <= date()) AND (c.validTo IS NULL OR c.validTo >= date())
  AND (z.validFrom IS NULL OR z.validFrom <= date()) AND (z.validTo IS NULL OR z.validTo >= date())
WITH o, collect(z {.id, .kind, .shape, .geometry, .centre, .radiusMetres, .bboxLow, .bboxHigh}) AS zones
RETURN o.id AS offenderId, zones,
  [(o)-[r:RESIDES_AT]->(a:Address) WHERE r.to IS NULL AND r.kind <> 'PROPOSED' | a.location] AS homes,
  o.lastFixLocation AS lastFix
