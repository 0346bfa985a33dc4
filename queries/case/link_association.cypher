// Link two people the caller may see (each the offender, a contact or a victim of a case it may see) by a graded intelligence association from the caller's agency.
// params: personAId, personBId, agencyId, userId, source, information, handling, observedAt
MATCH (a:Person {id: $personAId})
MATCH (b:Person {id: $personBId})
WHERE all(person IN [a, b] WHERE EXISTS {
  CALL (person) {
    MATCH (o:Person {id: person.id}) WHERE o:Offender
    RETURN o
    UNION
    MATCH (o:Offender)-[:HAS_CONTACT|OFFENDED_AGAINST]->(person)
    RETURN o
    UNION
    MATCH (person)-[:HOUSEHOLD_MEMBER_OF]->(o:Offender)
    RETURN o
  }
  WITH o
  WHERE @visible_case(o)
  RETURN o
})
CREATE (a)-[r:ASSOCIATES_WITH {
  sourceAgency: $agencyId, source: $source, information: $information, handling: $handling,
  observedAt: $observedAt
}]->(b)
RETURN r.sourceAgency AS sourceAgency
