// Record where a victim lives, in a case the caller's agency is involved in: a new protected address; the current one ends the day the new one begins.
// params: personId, agencyId, addressId, line1, town, postcode, latitude, longitude, from
MATCH (p:Person {id: $personId})
WHERE p:Victim AND EXISTS { MATCH (p)<-[:OFFENDED_AGAINST]-(o:Offender) WHERE @involved_case(o) }
WITH p,
  COLLECT { MATCH (p)-[current:LOCATED_AT]->() WHERE current.to IS NULL RETURN current } AS ended,
  COLLECT { MATCH (o:Offender)-[:OFFENDED_AGAINST]->(p) RETURN o.area LIMIT 1 }[0] AS area
FOREACH (current IN ended | SET current.to = $from)
CREATE (p)-[:LOCATED_AT {from: $from}]->(address:Address:Protected {
  id: $addressId, line1: $line1, town: $town, postcode: $postcode, area: area,
  location: point({latitude: $latitude, longitude: $longitude})
})
RETURN address.id AS addressId, [current IN ended | endNode(current).id] AS endedAddressIds
