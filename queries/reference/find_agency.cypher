// An agency by id, as stored (none when there is no such agency).
// params: id
MATCH (a:Agency {id: $id})
RETURN a {.id, .name, .kind, .area} AS agency
