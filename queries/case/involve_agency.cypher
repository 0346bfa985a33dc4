// Involve an agency in a case the caller's agency is involved in: update its open INVOLVED_IN (one a MAPPA meeting's invitation gave becomes of the basis given, and no longer names the meeting), or open one from today.
// params: offenderId, agencyId, involvedAgencyId, basis, until
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND @involved_case(o)
MATCH (a:Agency {id: $involvedAgencyId})
OPTIONAL MATCH (a)-[open:INVOLVED_IN]->(o)
WHERE @open_involvement(open)
WITH o, a, collect(open) AS opens
FOREACH (involvement IN opens |
  SET involvement.basis = $basis, involvement.until = $until, involvement.meetingId = null)
FOREACH (absent IN CASE WHEN opens = [] THEN [1] ELSE [] END |
  CREATE (a)-[:INVOLVED_IN {
    basis: $basis, since: date(), until: $until, agencyId: a.id, offenderId: o.id
  }]->(o)
)
FOREACH (keyed IN @keyed_people(o) | SET keyed.searchKeys = @search_keys(keyed))
WITH o, a
MATCH (a)-[i:INVOLVED_IN]->(o)
WHERE @open_involvement(i)
RETURN i.basis AS basis, i.since AS since, i.until AS until
LIMIT 1
