// Withdraw an agency from a case the caller's agency is involved in: its open INVOLVED_IN ends today (one that has ended already, by its until or an earlier withdrawal, stays as it ended), and its officers stop managing the case; the involvement as it now stands, no row when the agency was never involved.
// params: offenderId, agencyId, withdrawnAgencyId
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND @involved_case(o)
MATCH (a:Agency {id: $withdrawnAgencyId})-[involvement:INVOLVED_IN]->(o)
WITH o, a, collect(involvement) AS involvements
WITH o, a, involvements, [i IN involvements WHERE @open_involvement(i)] AS open
FOREACH (i IN open | SET i.until = date())
FOREACH (keyed IN @keyed_people(o) | SET keyed.searchKeys = @search_keys(keyed))
WITH o, a, involvements, open
CALL (o, a) {
  MATCH (a)<-[:WORKS_FOR]-(:CaseOfficer)-[m:MANAGES]->(o)
  DELETE m
}
// The one just ended, or else the one that ended last.
WITH coalesce(open[0], COLLECT {
  UNWIND involvements AS i
  RETURN i ORDER BY i.until DESC LIMIT 1
}[0]) AS withdrawn
RETURN withdrawn.basis AS basis, withdrawn.since AS since, withdrawn.until AS until
