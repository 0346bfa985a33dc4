// A page of every offender's id, in id order (the sweep walks the whole graph with it, along the person id index).
// params: after, limit
MATCH (o:Person)
WHERE o.id > $after AND o:Offender
RETURN o.id AS offenderId
ORDER BY o.id
LIMIT $limit
