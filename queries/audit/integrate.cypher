// One integration, in the transaction that locked the tree: number the events, write the tiles they changed, and the tree's new size, root and signed checkpoint.
// params: numbered, tiles, size, root, note, at
MATCH (t:AuditTree {id: 'audit'})
SET t.size = $size, t.root = $root, t.checkpoint = $note, t.integratedAt = datetime($at)
CREATE (:AuditCheckpoint {size: $size, root: $root, note: $note, at: datetime($at)})
WITH t
CALL (t) {
  UNWIND $numbered AS n
  MATCH (e:AuditEvent {id: n.id})
  SET e.sequence = n.sequence
  REMOVE e:AuditPending
}
CALL (t) {
  UNWIND $tiles AS tile
  MERGE (x:AuditTile {id: tile.id})
  SET x.level = tile.level, x.index = tile.index, x.hashes = tile.hashes
}
RETURN t.size AS size
