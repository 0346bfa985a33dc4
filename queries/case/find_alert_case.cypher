// The case an alert is on, with its status and sequence, and whether the alert goes to the caller (the alert_audience fragment): an officer acknowledging or resolving it must get it, and have a right on that case.
// params: alertId, agencyId, userId, classes
MATCH (alert:Alert {id: $alertId})-[:CONCERNS {role: 'OFFENDER'}]->(o:Offender)
RETURN o.id AS offenderId, alert.status AS status, alert.sequence AS sequence,
       @alert_audience(alert, o) AS toCaller
