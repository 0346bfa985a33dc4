// Add a named contact to a case the caller's agency is involved in: a household member lives at the offender's current address from today; anyone else at their own address when known.
// params: offenderId, agencyId, contactId, name, dateOfBirth, relationship, householdMember, address
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND @involved_case(o)
CREATE (o)-[:HAS_CONTACT {relationship: $relationship}]->(c:Person:NamedContact {
  id: $contactId, name: $name, dateOfBirth: $dateOfBirth
})
WITH o, c,
  COLLECT {
    MATCH (o)-[r:RESIDES_AT]->(home:Address)
    WHERE r.to IS NULL AND r.kind <> 'PROPOSED' AND $householdMember
    RETURN {home: home, kind: r.kind} ORDER BY r.from DESC LIMIT 1
  } AS homes,
  COLLECT {
    MATCH (known:Address {postcode: $address.postcode})
    WHERE NOT known:Protected AND toLower(known.line1) = toLower($address.line1)
    RETURN known.id ORDER BY known.id LIMIT 1
  } AS known
FOREACH (x IN CASE WHEN $householdMember THEN [1] ELSE [] END |
  CREATE (c)-[:HOUSEHOLD_MEMBER_OF {since: date()}]->(o)
)
FOREACH (h IN homes |
  FOREACH (home IN [h.home] | CREATE (c)-[:RESIDES_AT {from: date(), kind: h.kind}]->(home))
)
FOREACH (a IN CASE WHEN $address IS NULL THEN [] ELSE [$address] END |
  MERGE (place:Address {id: coalesce(known[0], a.id)})
  ON CREATE SET place.line1 = a.line1, place.town = a.town, place.postcode = a.postcode,
    place.area = o.area, place.location = point({latitude: a.latitude, longitude: a.longitude})
  CREATE (c)-[:RESIDES_AT {from: date(), kind: 'HOME'}]->(place)
)
RETURN c.id AS id, COLLECT { MATCH (c)-[:RESIDES_AT]->(place) RETURN place.id }[0] AS addressId
