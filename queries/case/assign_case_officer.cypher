// Make a case officer manage a case the caller's agency is involved in (from today; kept as it was when it already does).
// params: offenderId, agencyId, officerId
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND @involved_case(o)
MATCH (officer:CaseOfficer {id: $officerId})
MERGE (officer)-[m:MANAGES]->(o)
ON CREATE SET m.since = date()
RETURN m.since AS since
