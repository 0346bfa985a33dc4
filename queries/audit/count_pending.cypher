// How many events wait to enter the log.
// params: none
MATCH (e:AuditPending)
RETURN count(e) AS pending
