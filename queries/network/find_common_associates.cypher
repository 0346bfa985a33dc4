// The people the caller may see who are linked (associations, contacts, households) to every one of the given people by links that stood on $asAt, when the caller may see them all; a hidden or missing person among them gives none.
// params: personIds, asAt, agencyId, userId, classes, police
UNWIND $personIds AS personId
MATCH (b:Person {id: personId})
WITH b, CASE WHEN b:Address THEN 'ADDRESS'
  ELSE @person_kind(b)
END AS kind
WITH collect(b) AS given, collect(kind) AS kinds
// collect() leaves out nulls: every given person must exist and be visible.
WHERE size(given) = size($personIds) AND size(kinds) = size(given)
UNWIND given AS a
MATCH (a)-[r:HAS_CONTACT|HOUSEHOLD_MEMBER_OF|ASSOCIATES_WITH]-(b:Person)
WHERE NOT b IN given
  AND CASE type(r)
        WHEN 'OFFENDED_AGAINST' THEN 'VICTIM_IDENTITY' IN $classes
        WHEN 'HAS_CONTACT' THEN 'CONTACTS' IN $classes
        WHEN 'HOUSEHOLD_MEMBER_OF' THEN 'CONTACTS' IN $classes
        WHEN 'ASSOCIATES_WITH' THEN 'INTELLIGENCE' IN $classes AND (r.handling <> 'C' OR $police)
        WHEN 'LOCATED_AT' THEN 'VICTIM_LOCATION' IN $classes
        WHEN 'RESIDENT_OF' THEN (@lived_at(a, b) OR @lived_at(b, a))
          AND CASE WHEN startNode(r):Offender THEN 'OFFENDER_ADDRESS' WHEN startNode(r):Victim THEN 'VICTIM_LOCATION' ELSE 'CONTACTS' END IN $classes
      END
      // A link counts as at $asAt: begun by then (when it has a beginning) and not yet ended.
      AND coalesce(CASE type(r) WHEN 'ASSOCIATES_WITH' THEN date(r.observedAt) WHEN 'HOUSEHOLD_MEMBER_OF' THEN r.since ELSE r.from END, $asAt) <= $asAt
      AND (r.to IS NULL OR r.to > $asAt)
WITH b, size(given) AS needed, count(DISTINCT a) AS linked
WHERE linked = needed
WITH b, CASE WHEN b:Address THEN 'ADDRESS'
  ELSE @person_kind(b)
END AS kind
WHERE kind IS NOT NULL
RETURN b {.id, .name, .dateOfBirth} AS person, kind
ORDER BY b.id
