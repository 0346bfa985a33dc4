// The agency a token names, to establish the principal (none when the agency does not exist).
// params: agencyId
MATCH (a:Agency {id: $agencyId})
RETURN a.id AS id, a.name AS name, a.kind AS kind
