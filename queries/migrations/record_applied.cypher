// Record that one schema migration file has been applied (fails if another process did so first).
// params: version, name, checksum
CREATE (:SchemaMigration {version: $version, name: $name, checksum: $checksum, appliedAt: datetime()})
