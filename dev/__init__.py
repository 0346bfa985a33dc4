"""Development tools, outside the package the server imports: the local Neo4j server and the
`mappa` commands that need a checkout (neo4j, seed, up, bench)."""
