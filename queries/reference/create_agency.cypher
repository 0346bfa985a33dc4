// Create an agency (the id's uniqueness constraint refuses a second one).
// params: id, name, kind, area
CREATE (a:Agency {id: $id, name: $name, kind: $kind, area: $area})
RETURN a {.id, .name, .kind, .area} AS agency
