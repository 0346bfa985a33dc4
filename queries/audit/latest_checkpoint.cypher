// The latest signed checkpoint and the tree's size (no row before the first integration).
// params: none
MATCH (t:AuditTree {id: 'audit'})
WHERE t.checkpoint IS NOT NULL
RETURN t.size AS size, t.checkpoint AS note
