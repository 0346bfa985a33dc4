// Whether the graph holds nothing but schema migration records (a bulk import may replace it).
// params: none
RETURN NOT EXISTS { MATCH (n) WHERE NOT n:SchemaMigration } AS empty
