// Add a victim to a case the caller's agency is involved in, with their protected address (from today) when known.
// params: offenderId, agencyId, victimId, name, dateOfBirth, address
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND @involved_case(o)
CREATE (o)-[:OFFENDED_AGAINST]->(v:Person:Victim {
  id: $victimId, name: $name, dateOfBirth: $dateOfBirth
})
SET v.searchKeys = @search_keys(v)
FOREACH (a IN CASE WHEN $address IS NULL THEN [] ELSE [$address] END |
  CREATE (v)-[:LOCATED_AT {from: date()}]->(:Address:Protected {
    id: a.id, line1: a.line1, town: a.town, postcode: a.postcode, area: o.area,
    location: point({latitude: a.latitude, longitude: a.longitude})
  })
)
RETURN v.id AS id
