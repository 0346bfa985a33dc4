// Wait until every index (including those just created) is online before reporting success.
// params: none
CALL db.awaitIndexes(300)
