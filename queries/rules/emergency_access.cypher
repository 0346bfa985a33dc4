// EMERGENCY_ACCESS: every emergency grant on these offenders' cases that has not been reviewed, revoked or expired ones included (a grant that was used stays up until the lead agency or a MAPPA coordinator reviews it).
// params: offenderIds
UNWIND $offenderIds AS offenderId
MATCH (o:Person:Offender {id: offenderId})<-[:GRANTS_ACCESS_TO]-(g:EmergencyGrant)
WHERE g.reviewedAt IS NULL
RETURN o.id AS offenderId, g.id AS counterpartId
