// Alerts numbered in ($newerThan, $upTo] that go to the caller (the alert_audience fragment), oldest first: what the alertRaised subscription replays and streams, each shown as in alert/list_alerts (the alert_shown fragment).
// params: newerThan, upTo, agencyId, userId, classes, grantScopes
MATCH (alert:Alert)
WHERE alert.sequence > $newerThan AND alert.sequence <= $upTo
MATCH (alert)-[:CONCERNS {role: 'OFFENDER'}]->(offender:Offender)
WHERE @alert_audience(alert, offender)
WITH alert, offender
RETURN @alert_shown(alert, offender) AS alert
ORDER BY alert.sequence
