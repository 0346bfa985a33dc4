// Record where an offender or contact lives, in a case the caller's agency is involved in: at a known unprotected address with the same postcode and first line, or a new one; unless only PROPOSED, it ends the current residence the day it begins.
// params: personId, agencyId, addressId, line1, town, postcode, latitude, longitude, kind, from
MATCH (p:Person {id: $personId})
WHERE (p:Offender AND @involved_case(p))
  OR EXISTS { MATCH (p)<-[:HAS_CONTACT]-(o:Offender) WHERE @involved_case(o) }
  OR EXISTS { MATCH (p)-[:HOUSEHOLD_MEMBER_OF]->(o:Offender) WHERE @involved_case(o) }
WITH p,
  COLLECT {
    MATCH (known:Address {postcode: $postcode})
    WHERE NOT known:Protected AND toLower(known.line1) = toLower($line1)
    RETURN known.id ORDER BY known.id LIMIT 1
  } AS known,
  COLLECT {
    MATCH (p)-[current:RESIDES_AT]->()
    WHERE current.to IS NULL AND current.kind <> 'PROPOSED' AND $kind <> 'PROPOSED'
    RETURN current
  } AS ended,
  coalesce(p.area, COLLECT { MATCH (o:Offender)-[:HAS_CONTACT]->(p) RETURN o.area LIMIT 1 }[0]) AS area
FOREACH (current IN ended | SET current.to = $from)
MERGE (address:Address {id: coalesce(known[0], $addressId)})
ON CREATE SET address.line1 = $line1, address.town = $town, address.postcode = $postcode,
  address.area = area, address.location = point({latitude: $latitude, longitude: $longitude})
CREATE (p)-[:RESIDES_AT {from: $from, kind: $kind}]->(address)
RETURN address.id AS addressId, [current IN ended | endNode(current).id] AS endedAddressIds
