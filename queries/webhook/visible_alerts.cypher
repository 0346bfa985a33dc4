// Which of these alerts still go to the caller (a webhook's owner, just before sending; the alert_audience fragment).
// params: alertIds, agencyId, userId, classes
UNWIND $alertIds AS alertId
MATCH (alert:Alert {id: alertId})-[:CONCERNS {role: 'OFFENDER'}]->(o:Offender)
WHERE @alert_audience(alert, o)
RETURN alert.id AS id
