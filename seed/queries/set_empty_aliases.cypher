// Give each offender without aliases the empty list the create statement stores (a bulk import cannot write an empty list), in inner transactions.
// params: batchSize
MATCH (o:Offender)
WHERE o.aliases IS NULL
CALL (o) {
  SET o.aliases = []
} IN TRANSACTIONS OF $batchSize ROWS
