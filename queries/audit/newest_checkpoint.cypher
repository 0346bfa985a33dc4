// The size of the newest signed checkpoint (0 before the first).
// params: none
OPTIONAL MATCH (c:AuditCheckpoint)
WITH c ORDER BY c.size DESC LIMIT 1
RETURN coalesce(c.size, 0) AS size
