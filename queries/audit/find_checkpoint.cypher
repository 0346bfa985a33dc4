// The signed checkpoint of the tree at one size (no row when none was signed at that size).
// params: size
MATCH (c:AuditCheckpoint {size: $size})
RETURN c.note AS note
