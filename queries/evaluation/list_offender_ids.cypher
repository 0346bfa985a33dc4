// A page of every offender's id, in id order (the sweep walks the whole graph with it).
// params: after, limit
MATCH (o:Offender)
WHERE o.id > $after
RETURN o.id AS offenderId
ORDER BY o.id
LIMIT $limit
