// EMERGENCY_ACCESS_REVIEW_OVERDUE: emergency grants on these offenders' cases taken longer ago than the review window and still not reviewed.
// params: offenderIds, reviewWindowHours
UNWIND $offenderIds AS offenderId
MATCH (o:Person:Offender {id: offenderId})<-[:GRANTS_ACCESS_TO]-(g:EmergencyGrant)
WHERE g.reviewedAt IS NULL AND g.grantedAt <= datetime() - duration({hours: $reviewWindowHours})
RETURN o.id AS offenderId, g.id AS counterpartId
