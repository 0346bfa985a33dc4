// Record where an offender or contact lives, in a case the caller's agency is involved in: always a new address holding what the caller wrote (never another case's record of the place), at the Place of its key, which the person becomes RESIDENT_OF (an address recorded as APPROVED_PREMISES is flagged approvedPremises, which exempts its place from OFFENDER_ASSOCIATION); unless only PROPOSED, it ends the current residence the day it begins. With the offenders whose cases have someone living now at that place, or at the places of the residences it ended.
// params: personId, agencyId, addressId, line1, town, postcode, latitude, longitude, kind, from
MATCH (p:Person {id: $personId})
WHERE (p:Offender AND @involved_case(p))
  OR EXISTS { MATCH (p)<-[:HAS_CONTACT]-(o:Offender) WHERE @involved_case(o) }
  OR EXISTS { MATCH (p)-[:HOUSEHOLD_MEMBER_OF]->(o:Offender) WHERE @involved_case(o) }
WITH p,
  COLLECT {
    MATCH (p)-[current:RESIDES_AT]->()
    WHERE current.to IS NULL AND current.kind <> 'PROPOSED' AND $kind <> 'PROPOSED'
    RETURN current
  } AS ended,
  coalesce(p.area, COLLECT { MATCH (o:Offender)-[:HAS_CONTACT]->(p) RETURN o.area LIMIT 1 }[0]) AS area
FOREACH (current IN ended | SET current.to = $from)
CREATE (p)-[:RESIDES_AT {from: $from, kind: $kind}]->(address:Address {
  id: $addressId, line1: $line1, town: $town, postcode: $postcode, area: area,
  location: point({latitude: $latitude, longitude: $longitude}),
  approvedPremises: CASE WHEN $kind = 'APPROVED_PREMISES' THEN true END
})
MERGE (place:Place {key: @place_key(address)})
CREATE (address)-[:AT]->(place)
MERGE (p)-[:RESIDENT_OF]->(place)
WITH address, ended, [place] + COLLECT {
  UNWIND ended AS current
  WITH endNode(current) AS left
  MATCH (left)-[:AT]->(leftPlace:Place)
  RETURN leftPlace
} AS places
RETURN address.id AS addressId, [current IN ended | endNode(current).id] AS endedAddressIds,
  @offenders_at_places(places) AS sharingOffenderIds
