// The audit log as a Merkle tree (issue 23): events are added pending, without a sequence, and
// the sequencer numbers them; the tree's tiles, its one node (size, root, the sequencer's lease)
// and its signed checkpoints. The hash chain's head is gone: its events become the tree's first
// leaves, in their order.
CREATE CONSTRAINT audit_tile_id IF NOT EXISTS FOR (n:AuditTile) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT audit_tree_id IF NOT EXISTS FOR (n:AuditTree) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT audit_checkpoint_size IF NOT EXISTS FOR (n:AuditCheckpoint) REQUIRE n.size IS UNIQUE;
DROP CONSTRAINT audit_head_id IF EXISTS;
MATCH (h:AuditHead) DELETE h;
