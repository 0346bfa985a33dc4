// The size of the newest signed checkpoint (0 before the first), from the index on size.
// params: none
OPTIONAL CALL () {
  MATCH (c:AuditCheckpoint)
  WHERE c.size IS NOT NULL
  RETURN c.size AS size
  ORDER BY c.size DESC
  LIMIT 1
}
RETURN coalesce(size, 0) AS size
