// Places keyed again, with the key of queries/_fragments/place_key.cypher as it is from this
// version on: the first line folded beyond case and spacing (punctuation, and the usual
// abbreviations written out), so that '22 Cromwell Rd.' and '22, Cromwell Road' recorded by two
// agencies meet at one place, and the shared-address rules see them together. Each address moves
// to the Place of its new key (made when none has it yet).
MATCH (address:Address)-[at:AT]->(old:Place)
WITH address, at, old, toUpper(replace(address.postcode, ' ', '')) + '|'
  + reduce(placeKeyLine = '', placeKeyWord IN split(toLower(replace(replace(replace(replace(replace(
        address.line1, ',', ' '), '.', ' '), '-', ' '), '/', ' '), "'", '')), ' ') |
      CASE WHEN placeKeyWord = '' THEN placeKeyLine
           ELSE CASE WHEN placeKeyLine = '' THEN '' ELSE placeKeyLine + ' ' END
             + coalesce({rd: 'road', st: 'street', ave: 'avenue', av: 'avenue', ln: 'lane',
                 dr: 'drive', cres: 'crescent', cl: 'close', ct: 'court', pl: 'place',
                 sq: 'square', gdns: 'gardens', gr: 'grove', tce: 'terrace', terr: 'terrace',
                 pde: 'parade', hts: 'heights', wy: 'way', pk: 'park', bldgs: 'buildings',
                 apt: 'flat', apartment: 'flat'}[placeKeyWord], placeKeyWord) END) AS key
WHERE key <> old.key
CALL (address, at, key) {
  MERGE (place:Place {key: key})
  CREATE (address)-[:AT]->(place)
  DELETE at
} IN TRANSACTIONS OF 10000 ROWS;
// Whoever has lived at an address is RESIDENT_OF its Place, and of no other.
MATCH (resident:Person)-[:RESIDES_AT]->(:Address)-[:AT]->(place:Place)
WITH DISTINCT resident, place
CALL (resident, place) {
  MERGE (resident)-[:RESIDENT_OF]->(place)
} IN TRANSACTIONS OF 10000 ROWS;
MATCH (resident:Person)-[stale:RESIDENT_OF]->(place:Place)
WHERE NOT EXISTS { (resident)-[:RESIDES_AT]->(:Address)-[:AT]->(place) }
CALL (stale) {
  DELETE stale
} IN TRANSACTIONS OF 10000 ROWS;
// A place no address is at any more holds nothing.
MATCH (empty:Place)
WHERE NOT EXISTS { (empty)<-[:AT]-(:Address) }
CALL (empty) {
  DETACH DELETE empty
} IN TRANSACTIONS OF 10000 ROWS;
