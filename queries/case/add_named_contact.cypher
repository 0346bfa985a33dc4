// Add a named contact to a case the caller's agency is involved in: a household member lives at the offender's current address from today; anyone else, when an address is given, at a new address holding what the caller wrote (never another case's record of the place) from today; either way RESIDENT_OF its Place. With the offenders whose cases have someone living now where the contact lives.
// params: offenderId, agencyId, contactId, name, dateOfBirth, relationship, householdMember, address
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND @involved_case(o)
CREATE (o)-[:HAS_CONTACT {relationship: $relationship}]->(c:Person:NamedContact {
  id: $contactId, name: $name, dateOfBirth: $dateOfBirth
})
SET c.searchKeys = @search_keys(c)
FOREACH (x IN CASE WHEN $householdMember THEN [1] ELSE [] END |
  CREATE (c)-[:HOUSEHOLD_MEMBER_OF {since: date()}]->(o)
)
WITH o, c
CALL (o, c) {
  MATCH (o)-[r:RESIDES_AT]->(home:Address)-[:AT]->(homePlace:Place)
  WHERE r.to IS NULL AND r.kind <> 'PROPOSED' AND $householdMember
  WITH r, home, homePlace ORDER BY r.from DESC LIMIT 1
  CREATE (c)-[:RESIDES_AT {from: date(), kind: r.kind}]->(home)
  MERGE (c)-[:RESIDENT_OF]->(homePlace)
}
CALL (o, c) {
  WITH $address AS a WHERE a IS NOT NULL
  CREATE (c)-[:RESIDES_AT {from: date(), kind: 'HOME'}]->(address:Address {
    id: a.id, line1: a.line1, town: a.town, postcode: a.postcode, area: o.area,
    location: point({latitude: a.latitude, longitude: a.longitude})
  })
  MERGE (place:Place {key: @place_key(address)})
  CREATE (address)-[:AT]->(place)
  MERGE (c)-[:RESIDENT_OF]->(place)
}
WITH c, COLLECT { MATCH (c)-[:RESIDENT_OF]->(place:Place) RETURN place } AS places
RETURN c.id AS id, COLLECT { MATCH (c)-[:RESIDES_AT]->(address) RETURN address.id }[0] AS addressId,
  @offenders_at_places(places) AS sharingOffenderIds
