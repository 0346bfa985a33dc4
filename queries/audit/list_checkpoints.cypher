// Signed checkpoints, by size, one page after a size.
// params: afterSize, limit
MATCH (c:AuditCheckpoint)
WHERE c.size > $afterSize
RETURN c.size AS size, c.note AS note
ORDER BY c.size
LIMIT $limit
