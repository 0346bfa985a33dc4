// Each INVOLVED_IN carries the ids of its two ends (agencyId, offenderId; ids never change), so that
// an agency's caseload is read from one index in offender id order and a page stops at its last
// row, instead of sorting every case the agency has (queries/offender/list_offenders.cypher).
// Every query that creates an INVOLVED_IN sets both (tests/unit/test_redaction.py checks).
MATCH (a:Agency)-[i:INVOLVED_IN]->(o:Offender)
WHERE i.agencyId IS NULL OR i.offenderId IS NULL
CALL (a, i, o) { SET i.agencyId = a.id, i.offenderId = o.id } IN TRANSACTIONS OF 10000 ROWS;
CREATE INDEX involved_in_agency_offender IF NOT EXISTS FOR ()-[i:INVOLVED_IN]-() ON (i.agencyId, i.offenderId);
