// Delete every node except schema migration records, in inner transactions small enough for any heap.
// params: batchSize
MATCH (n)
WHERE NOT n:SchemaMigration
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF $batchSize ROWS
