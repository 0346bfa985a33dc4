// OFFENDER_ASSOCIATION: other offenders who live now at the place the offender lives now (whichever case recorded each address there; Approved Premises excepted: a place where an address is flagged approvedPremises) or are linked to him by an association, either way.
// params: offenderIds
UNWIND $offenderIds AS offenderId
MATCH (o:Person:Offender {id: offenderId})
CALL (o) {
  MATCH (o)-[r1:RESIDES_AT]->(:Address)-[:AT]->(place:Place)<-[:AT]-(:Address)<-[r2:RESIDES_AT]-(other:Offender)
  WHERE other <> o AND r1.to IS NULL AND r2.to IS NULL AND r1.kind <> 'PROPOSED'
    AND r2.kind <> 'PROPOSED'
    AND NOT EXISTS { (place)<-[:AT]-(:Address {approvedPremises: true}) }
  RETURN other
  UNION
  MATCH (o)-[:ASSOCIATES_WITH]-(other:Offender)
  WHERE other <> o
  RETURN other
}
RETURN o.id AS offenderId, other.id AS counterpartId
