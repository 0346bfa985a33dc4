// Whether `resident` lived at `place` on $asAt: a residence of theirs (not a PROPOSED one) at an address at that Place had begun by then and not yet ended. The traversals (queries/network/) step between a person and a place along the person's RESIDENT_OF, which says only that they have lived there at some time; this says when.
// params: asAt
// args: resident, place
EXISTS { (resident)-[livedThere:RESIDES_AT]->(:Address)-[:AT]->(place)
         WHERE livedThere.kind <> 'PROPOSED' AND coalesce(livedThere.from, $asAt) <= $asAt
           AND (livedThere.to IS NULL OR livedThere.to > $asAt) }
