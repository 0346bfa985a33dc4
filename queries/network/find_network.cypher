// The people and addresses within $depth links of a person the caller may see, nearest first, at most $limit of them, along the links that stood on $asAt (who may be seen is decided as of now): the walk passes only through people the caller may see, along links of classes it holds, so hidden people are neither shown, counted nor crossed.
// params: personId, depth, limit, asAt, agencyId, userId, classes, police
MATCH (start:Person {id: $personId})
OPTIONAL MATCH path = ANY SHORTEST (start)
  ((a)-[r:OFFENDED_AGAINST|HAS_CONTACT|HOUSEHOLD_MEMBER_OF|ASSOCIATES_WITH|RESIDES_AT|LOCATED_AT]-(b)
    WHERE CASE type(r)
        WHEN 'OFFENDED_AGAINST' THEN 'VICTIM_IDENTITY' IN $classes
        WHEN 'HAS_CONTACT' THEN 'CONTACTS' IN $classes
        WHEN 'HOUSEHOLD_MEMBER_OF' THEN 'CONTACTS' IN $classes
        WHEN 'ASSOCIATES_WITH' THEN 'INTELLIGENCE' IN $classes AND (r.handling <> 'C' OR $police)
        WHEN 'LOCATED_AT' THEN 'VICTIM_LOCATION' IN $classes
        WHEN 'RESIDES_AT' THEN r.kind <> 'PROPOSED'
          AND CASE WHEN startNode(r):Offender THEN 'OFFENDER_ADDRESS' WHEN startNode(r):Victim THEN 'VICTIM_LOCATION' ELSE 'CONTACTS' END IN $classes
      END
      // A link counts as at $asAt: begun by then (when it has a beginning) and not yet ended.
      AND coalesce(CASE type(r) WHEN 'ASSOCIATES_WITH' THEN date(r.observedAt) WHEN 'HOUSEHOLD_MEMBER_OF' THEN r.since ELSE r.from END, $asAt) <= $asAt
      AND (r.to IS NULL OR r.to > $asAt)
      AND CASE WHEN b:Address THEN NOT b:Protected OR type(r) = 'LOCATED_AT'
        ELSE @person_kind(b) IS NOT NULL
      END
  ){1,3} (reached)
WHERE length(path) <= $depth AND reached <> start
WITH start, reached, min(length(path)) AS distance
ORDER BY distance, reached.id
WITH start, collect(reached) AS found
WITH start, found[..$limit - 1] AS kept, size(found) > $limit - 1 AS truncated
UNWIND [start] + kept AS b
WITH b, truncated, CASE WHEN b:Address THEN 'ADDRESS'
  ELSE @person_kind(b)
END AS kind
WITH truncated, collect({node: b, kind: kind}) AS shown
// The start itself must be someone the caller may see; otherwise the answer is the missing one.
WHERE shown[0].kind IS NOT NULL
WITH truncated, shown, [s IN shown | s.node] AS kept
RETURN truncated,
  [s IN shown | {
    id: s.node.id, kind: s.kind,
    label: CASE WHEN s.kind = 'ADDRESS' THEN s.node.line1 + ', ' + s.node.postcode ELSE s.node.name END
  }] AS nodes,
  COLLECT {
    UNWIND kept AS a
    MATCH (a)-[r:OFFENDED_AGAINST|HAS_CONTACT|HOUSEHOLD_MEMBER_OF|ASSOCIATES_WITH|RESIDES_AT|LOCATED_AT]->(b)
    WHERE b IN kept AND CASE type(r)
        WHEN 'OFFENDED_AGAINST' THEN 'VICTIM_IDENTITY' IN $classes
        WHEN 'HAS_CONTACT' THEN 'CONTACTS' IN $classes
        WHEN 'HOUSEHOLD_MEMBER_OF' THEN 'CONTACTS' IN $classes
        WHEN 'ASSOCIATES_WITH' THEN 'INTELLIGENCE' IN $classes AND (r.handling <> 'C' OR $police)
        WHEN 'LOCATED_AT' THEN 'VICTIM_LOCATION' IN $classes
        WHEN 'RESIDES_AT' THEN r.kind <> 'PROPOSED'
          AND CASE WHEN startNode(r):Offender THEN 'OFFENDER_ADDRESS' WHEN startNode(r):Victim THEN 'VICTIM_LOCATION' ELSE 'CONTACTS' END IN $classes
      END
      // A link counts as at $asAt: begun by then (when it has a beginning) and not yet ended.
      AND coalesce(CASE type(r) WHEN 'ASSOCIATES_WITH' THEN date(r.observedAt) WHEN 'HOUSEHOLD_MEMBER_OF' THEN r.since ELSE r.from END, $asAt) <= $asAt
      AND (r.to IS NULL OR r.to > $asAt)
    RETURN {source: a.id, target: b.id, type: type(r),
      since: CASE type(r) WHEN 'ASSOCIATES_WITH' THEN date(r.observedAt) WHEN 'HOUSEHOLD_MEMBER_OF' THEN r.since ELSE r.from END,
      until: r.to,
      detail: CASE type(r) WHEN 'HAS_CONTACT' THEN r.relationship WHEN 'RESIDES_AT' THEN r.kind END,
      grading: CASE type(r) WHEN 'ASSOCIATES_WITH' THEN {source: r.source, information: r.information, handling: r.handling} END} AS edge
    ORDER BY edge.source, edge.target, edge.type
  } AS edges
