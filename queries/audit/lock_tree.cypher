// Lock the tree for one integration by the lease's holder: its size, root and whether a checkpoint signs it yet (no row when $holder no longer holds the lease).
// params: holder
MATCH (t:AuditTree {id: 'audit'})
SET t.lockedAt = datetime()
WITH t WHERE t.holder = $holder AND t.leaseUntil >= datetime()
RETURN t.size AS size, t.root AS root, t.checkpoint IS NOT NULL AS signed
