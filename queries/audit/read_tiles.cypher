// The tiles of the Merkle tree asked for by id ("<level>/<index>").
// params: ids
MATCH (t:AuditTile)
WHERE t.id IN $ids
RETURN t.id AS id, t.hashes AS hashes
