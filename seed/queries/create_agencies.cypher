// Create agencies from seed rows.
// params: rows
UNWIND $rows AS r
CREATE (:Agency {id: r.id, name: r.name, kind: r.kind, area: r.area})
