// The alerts that go to the caller (the alert_audience fragment: on cases it may see, and ACTION_OVERDUE to the action's owner and the lead), newest first, filtered, each as the caller may read it (the alert_shown fragment).
// params: status, rule, severity, offenderId, after, limit, agencyId, userId, classes, grantScopes
MATCH (alert:Alert)-[:CONCERNS {role: 'OFFENDER'}]->(offender:Offender)
WHERE ($offenderId IS NULL OR offender.id = $offenderId)
  AND ($status IS NULL OR alert.status = $status)
  AND ($rule IS NULL OR alert.rule = $rule)
  AND ($severity IS NULL OR alert.severity = $severity)
  AND ($after IS NULL OR alert.sequence < $after)
  AND @alert_audience(alert, offender)
WITH alert, offender
ORDER BY alert.sequence DESC
LIMIT $limit
RETURN @alert_shown(alert, offender) AS alert
ORDER BY alert.sequence DESC
