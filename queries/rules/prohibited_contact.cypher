// PROHIBITED_CONTACT: people an active NO_CONTACT condition of the offender protects, who live now at the place he lives now (whichever case recorded each address there), are his contact or household member, or are linked to him by an association.
// params: offenderIds
UNWIND $offenderIds AS offenderId
MATCH (o:Person:Offender {id: offenderId})-[:SUBJECT_TO]->(c:LicenceCondition {kind: 'NO_CONTACT'})-[:PROTECTS]->(p:Person)
WHERE (c.validFrom IS NULL OR c.validFrom <= date()) AND (c.validTo IS NULL OR c.validTo >= date())
  AND (EXISTS { (o)-[:HAS_CONTACT|ASSOCIATES_WITH]-(p) }
    OR EXISTS { (p)-[:HOUSEHOLD_MEMBER_OF]->(o) }
    OR EXISTS {
      (o)-[r1:RESIDES_AT]->(:Address)-[:AT]->(:Place)<-[:AT]-(:Address)<-[r2:RESIDES_AT]-(p)
      WHERE r1.to IS NULL AND r2.to IS NULL AND r1.kind <> 'PROPOSED' AND r2.kind <> 'PROPOSED'
    })
RETURN DISTINCT o.id AS offenderId, p.id AS counterpartId
