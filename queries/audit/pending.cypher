// Events not yet in the log, oldest first.
// params: limit
MATCH (e:AuditPending)
RETURN e {.*, at: toString(e.at)} AS event
ORDER BY e.at, e.id
LIMIT $limit
