// Every node and relationship except schema migrations, with labels, ends and properties: a dump to compare loads.
// params: none
MATCH (n)
WHERE NOT n:SchemaMigration
RETURN labels(n) AS labels, properties(n) AS properties, null AS start, null AS type, null AS end
UNION ALL
MATCH (a)-[r]->(b)
RETURN null AS labels, properties(r) AS properties, a.id AS start, type(r) AS type, b.id AS end
