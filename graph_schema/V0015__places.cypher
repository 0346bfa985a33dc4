// Each recorded address keeps what its writer wrote; addresses that different cases record at one
// place meet at a (:Place {key}), the key being the normalised postcode and first line
// (queries/_fragments/place_key.cypher) and nothing else. Until now recordAddress and
// addNamedContact adopted a known address with the same postcode and first line, so people of
// several cases shared one Address node, whose line, town and point the first case had written.
CREATE CONSTRAINT place_key IF NOT EXISTS FOR (n:Place) REQUIRE n.key IS UNIQUE;
// Split such a node: the case that lived there first (earliest residence, then offender id) keeps
// it; every later case gets its own copy, id `<id>:<offender id>`, holding the same values (what
// that case has been reading all along, so nobody learns anything new), and its people's
// residences move to it. A case is an offender: a resident who is not one belongs to the first
// offender, by id, whose contact, household member or victim they are. From now on one case's
// record can be corrected, kept or disposed of (MoPI) without touching another's.
MATCH (shared:Address)
WHERE NOT shared:Protected
CALL (shared) {
  MATCH (resident:Person)-[residence:RESIDES_AT]->(shared)
  WITH residence, CASE WHEN resident:Offender THEN resident.id
    ELSE coalesce(head(COLLECT {
      MATCH (resident)-[:HAS_CONTACT|HOUSEHOLD_MEMBER_OF|OFFENDED_AGAINST]-(o:Offender)
      RETURN o.id ORDER BY o.id
    }), resident.id) END AS owner
  WITH owner, collect(residence) AS residences, min(residence.from) AS first
  ORDER BY first, owner
  WITH collect({owner: owner, residences: residences}) AS cases
  UNWIND cases[1..] AS later
  MERGE (own:Address {id: shared.id + ':' + later.owner})
  ON CREATE SET own.line1 = shared.line1, own.town = shared.town, own.postcode = shared.postcode,
    own.area = shared.area, own.location = shared.location,
    own.approvedPremises = shared.approvedPremises
  WITH own, later
  UNWIND later.residences AS residence
  WITH own, residence, startNode(residence) AS resident
  CREATE (resident)-[moved:RESIDES_AT]->(own)
  SET moved = properties(residence)
  DELETE residence
} IN TRANSACTIONS OF 1000 ROWS;
// Every unprotected address is at the Place of its key (protected addresses never share one).
MATCH (address:Address)
WHERE NOT address:Protected AND NOT EXISTS { (address)-[:AT]->(:Place) }
CALL (address) {
  MERGE (place:Place {key: toUpper(replace(address.postcode, ' ', '')) + '|'
  + reduce(placeKeyLine = '', placeKeyWord IN split(toLower(trim(address.line1)), ' ') |
      CASE WHEN placeKeyWord = '' THEN placeKeyLine
           WHEN placeKeyLine = '' THEN placeKeyWord
           ELSE placeKeyLine + ' ' + placeKeyWord END)})
  CREATE (address)-[:AT]->(place)
} IN TRANSACTIONS OF 10000 ROWS;
// Whoever has lived at an address is RESIDENT_OF its Place: the step the traversals take.
MATCH (resident:Person)-[:RESIDES_AT]->(:Address)-[:AT]->(place:Place)
WITH DISTINCT resident, place
CALL (resident, place) {
  MERGE (resident)-[:RESIDENT_OF]->(place)
} IN TRANSACTIONS OF 10000 ROWS;
