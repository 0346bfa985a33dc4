// Whether `resident` lived at `place` on $asAt: a residence of theirs (not a PROPOSED one) at an address at that Place had begun by then and not yet ended. The traversals (queries/network/) step between a person and a place along the person's RESIDENT_OF, which says only that they have lived there at some time; this says when.
// params: asAt
// args: resident, place
// The place is matched apart, from the address, so that the look-up starts at the resident's few
// residences: with both ends in one pattern Neo4j started at the place, whose every address (an
// approved premises has hundreds) it read again for each resident a walk crossed it to.
EXISTS { (resident)-[livedThere:RESIDES_AT]->(livedAddress:Address)
         WHERE livedThere.kind <> 'PROPOSED' AND coalesce(livedThere.from, $asAt) <= $asAt
           AND (livedThere.to IS NULL OR livedThere.to > $asAt)
           AND EXISTS { (livedAddress)-[:AT]->(place) } }
