// The schema migrations already applied, with the checksum each had when applied.
// params: none
MATCH (m:SchemaMigration)
RETURN m.version AS version, m.name AS name, m.checksum AS checksum
ORDER BY m.version
