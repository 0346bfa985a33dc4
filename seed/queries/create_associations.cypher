// Link existing people by graded intelligence associations from seed rows.
// params: rows
UNWIND $rows AS r
MATCH (a:Person {id: r.fromId})
MATCH (b:Person {id: r.toId})
CREATE (a)-[:ASSOCIATES_WITH {
  sourceAgency: r.sourceAgency, source: r.source, information: r.information,
  handling: r.handling, observedAt: datetime(r.observedAt)
}]->(b)
