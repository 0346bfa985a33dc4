// Whether any event waits to enter the log.
// params: none
OPTIONAL MATCH (e:AuditPending)
WITH e LIMIT 1
RETURN e IS NOT NULL AS pending
