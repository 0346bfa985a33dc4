// Whether an event made at or before $before still waits to enter the log (any, when null).
// params: before
OPTIONAL MATCH (e:AuditPending)
WHERE $before IS NULL OR e.at <= datetime($before)
WITH e LIMIT 1
RETURN e IS NOT NULL AS pending
