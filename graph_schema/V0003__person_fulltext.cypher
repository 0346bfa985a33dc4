// searchPeople looks names and aliases up through one full-text index.
CREATE FULLTEXT INDEX person_names IF NOT EXISTS FOR (n:Person) ON EACH [n.name, n.aliases];
