// People whose name or alias matches a full-text query, best first, among those the caller may see: offenders it may see, their victims (with VICTIM_IDENTITY) and their named contacts (with CONTACTS).
// params: terms, candidates, first, agencyId, userId, classes
CALL db.index.fulltext.queryNodes('person_names', $terms, {limit: $candidates}) YIELD node, score
WITH node AS p, score
WITH p, score, @person_kind(p) AS kind
WHERE kind IS NOT NULL
RETURN p {.id, .name, .dateOfBirth} AS person, score, kind
ORDER BY score DESC, p.id
LIMIT $first
