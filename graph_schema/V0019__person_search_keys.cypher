// searchPeople asks the full-text index for the name and whom the caller may see in one look-up
// (issue 24): every person's searchKeys (queries/_fragments/search_keys.cypher, spliced here as in
// every write that keeps them in step) are written, then person_names is built again over the
// name, the aliases and the keys.
DROP INDEX person_names IF EXISTS;
MATCH (p:Person)
CALL (p) { SET p.searchKeys = @search_keys(p) } IN TRANSACTIONS OF 10000 ROWS;
CREATE FULLTEXT INDEX person_names IF NOT EXISTS FOR (n:Person) ON EACH [n.name, n.aliases, n.searchKeys];
