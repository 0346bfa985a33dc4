// Alerts numbered in ($newerThan, $upTo] on offenders the caller may see, oldest first: what the alertRaised subscription replays and streams, each shown as in alert/list_alerts (the alert_shown fragment).
// params: newerThan, upTo, agencyId, userId, classes, grantScopes
MATCH (alert:Alert)
WHERE alert.sequence > $newerThan AND alert.sequence <= $upTo
MATCH (alert)-[:CONCERNS {role: 'OFFENDER'}]->(offender:Offender)
WHERE $classes <> [] AND @visible_case(offender)
WITH alert, offender
RETURN @alert_shown(alert, offender) AS alert
ORDER BY alert.sequence
