// The people the caller may see who are linked (associations, contacts, households) to every one of the given people by links that stood on $asAt, when the caller may see them all; a hidden or missing person among them gives none.
// params: personIds, asAt, agencyId, userId, classes, police
UNWIND $personIds AS personId
MATCH (b:Person {id: personId})
WITH b, @chart_kind(b) AS kind
WITH collect(b) AS given, collect(kind) AS kinds
// collect() leaves out nulls: every given person must exist and be visible.
WHERE size(given) = size($personIds) AND size(kinds) = size(given)
UNWIND given AS a
MATCH (a)-[r:HAS_CONTACT|HOUSEHOLD_MEMBER_OF|ASSOCIATES_WITH]-(b:Person)
WHERE NOT b IN given
  AND @link_readable(r, a, b)
WITH b, size(given) AS needed, count(DISTINCT a) AS linked
WHERE linked = needed
WITH b, @chart_kind(b) AS kind
WHERE kind IS NOT NULL
RETURN b {.id, .name, .dateOfBirth} AS person, kind
ORDER BY b.id
