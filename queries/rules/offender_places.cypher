// Where these offenders are taken to be now, for NEAR_RESTRICTED_PREMISES: their current residences and their last reported fix (only offenders with an active OUT_OF_BOUNDS_PREMISES_TYPE condition).
// params: offenderIds
UNWIND $offenderIds AS offenderId
MATCH (o:Person:Offender {id: offenderId})
WHERE EXISTS {
  (o)-[:SUBJECT_TO]->(c:LicenceCondition {kind: 'OUT_OF_BOUNDS_PREMISES_TYPE'})
  WHERE (c.validFrom IS NULL OR c.validFrom <= date()) AND (c.validTo IS NULL OR c.validTo >= date())
}
RETURN o.id AS offenderId,
  [(o)-[r:RESIDES_AT]->(a:Address) WHERE r.to IS NULL AND r.kind <> 'PROPOSED' | a.location] AS homes,
  o.lastFixLocation AS lastFix
