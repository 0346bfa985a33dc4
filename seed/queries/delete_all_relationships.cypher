// Delete every relationship, in inner transactions small enough for any heap (dense nodes such as agencies would otherwise be detached in one transaction).
// params: batchSize
MATCH ()-[r]->()
CALL (r) {
  DELETE r
} IN TRANSACTIONS OF $batchSize ROWS
