// Every node and relationship except schema migrations, with labels, ends and properties: a dump to compare loads. A node is named by its id (a Place, which has none, by its key).
// params: none
MATCH (n)
WHERE NOT n:SchemaMigration
RETURN coalesce(n.id, n.key) AS id, labels(n) AS labels, properties(n) AS properties, null AS start, null AS type, null AS end
UNION ALL
MATCH (a)-[r]->(b)
RETURN null AS id, null AS labels, properties(r) AS properties, coalesce(a.id, a.key) AS start, type(r) AS type, coalesce(b.id, b.key) AS end
