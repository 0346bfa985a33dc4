// CHILD_IN_HOUSEHOLD: for category 1 offenders, people under 18 who live now at the place they live now (whichever case recorded each address there), or are their contacts and household members.
// params: offenderIds
UNWIND $offenderIds AS offenderId
MATCH (o:Person:Offender {id: offenderId})
WHERE o.category = 'CATEGORY_1'
CALL (o) {
  MATCH (o)-[r1:RESIDES_AT]->(:Address)-[:AT]->(:Place)<-[:AT]-(:Address)<-[r2:RESIDES_AT]-(child:Person)
  WHERE child <> o AND r1.to IS NULL AND r2.to IS NULL AND r1.kind <> 'PROPOSED'
    AND r2.kind <> 'PROPOSED'
  RETURN child
  UNION
  MATCH (o)-[:HAS_CONTACT]->(child:Person)-[:HOUSEHOLD_MEMBER_OF]->(o)
  RETURN child
}
WITH o, child
WHERE child.dateOfBirth > date() - duration({years: 18})
RETURN o.id AS offenderId, child.id AS counterpartId
