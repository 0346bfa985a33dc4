// The case an alert is on, with its status and sequence (an officer acknowledging or resolving it must have a right on that case).
// params: alertId
MATCH (alert:Alert {id: $alertId})-[:CONCERNS {role: 'OFFENDER'}]->(o:Offender)
RETURN o.id AS offenderId, alert.status AS status, alert.sequence AS sequence
