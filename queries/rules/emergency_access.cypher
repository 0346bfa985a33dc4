// EMERGENCY_ACCESS: every emergency grant on these offenders' cases, revoked or expired ones included (a grant that was used stays up for the lead agency's review).
// params: offenderIds
UNWIND $offenderIds AS offenderId
MATCH (o:Person:Offender {id: offenderId})<-[:GRANTS_ACCESS_TO]-(g:EmergencyGrant)
RETURN o.id AS offenderId, g.id AS counterpartId
