// Which of these alerts are on offenders the caller (a webhook's owner, just before sending) may still see.
// params: alertIds, agencyId, userId, classes
UNWIND $alertIds AS alertId
MATCH (alert:Alert {id: alertId})-[:CONCERNS {role: 'OFFENDER'}]->(o:Offender)
WHERE $classes <> [] AND @visible_case(o)
RETURN alert.id AS id
