// VICTIM_IN_NETWORK: victims of the offender within two links of him, a link being a contact, household membership, association or living now at one place (whichever case recorded each address there; the offence itself is no link).
// params: offenderIds
UNWIND $offenderIds AS offenderId
MATCH (o:Person:Offender {id: offenderId})
WHERE EXISTS { (o)-[:OFFENDED_AGAINST]->(:Victim) }
CALL (o) {
  MATCH (o)-[:HAS_CONTACT|HOUSEHOLD_MEMBER_OF|ASSOCIATES_WITH]-(n:Person)
  RETURN n
  UNION
  MATCH (o)-[r1:RESIDES_AT]->(:Address)-[:AT]->(:Place)<-[:AT]-(:Address)<-[r2:RESIDES_AT]-(n:Person)
  WHERE n <> o AND r1.to IS NULL AND r2.to IS NULL AND r1.kind <> 'PROPOSED' AND r2.kind <> 'PROPOSED'
  RETURN n
}
WITH o, collect(DISTINCT n) AS near
MATCH (o)-[:OFFENDED_AGAINST]->(v:Victim)
WHERE v IN near OR any(n IN near WHERE n <> v AND (
  EXISTS { (n)-[:HAS_CONTACT|HOUSEHOLD_MEMBER_OF|ASSOCIATES_WITH]-(v) }
  OR EXISTS {
    (n)-[r1:RESIDES_AT]->(:Address)-[:AT]->(:Place)<-[:AT]-(:Address)<-[r2:RESIDES_AT]-(v)
    WHERE r1.to IS NULL AND r2.to IS NULL AND r1.kind <> 'PROPOSED' AND r2.kind <> 'PROPOSED'
  }))
RETURN o.id AS offenderId, v.id AS counterpartId
