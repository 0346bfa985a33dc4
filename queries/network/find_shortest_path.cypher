// The shortest chain of links between two people the caller may see, at most $maxDepth links long, along the links that stood on $asAt, passing only through people the caller may see along links of classes it holds: none when only hidden people would join them, so a path's length never betrays a hidden one.
// params: fromId, toId, maxDepth, asAt, agencyId, userId, classes, police
MATCH (start:Person {id: $fromId}), (goal:Person {id: $toId})
WHERE start <> goal
MATCH path = ANY SHORTEST (start)
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
  ){1,6} (goal)
WHERE length(path) <= $maxDepth
WITH path
UNWIND nodes(path) AS b
WITH path, b, CASE WHEN b:Address THEN 'ADDRESS'
  ELSE @person_kind(b)
END AS kind
WITH path, collect({node: b, kind: kind}) AS shown
// The start must be someone the caller may see (every later step was checked on the way).
WHERE shown[0].kind IS NOT NULL
RETURN length(path) AS length,
  [s IN shown | {
    id: s.node.id, kind: s.kind,
    label: CASE WHEN s.kind = 'ADDRESS' THEN s.node.line1 + ', ' + s.node.postcode ELSE s.node.name END
  }] AS nodes,
  [r IN relationships(path) | {source: startNode(r).id, target: endNode(r).id, type: type(r),
      since: CASE type(r) WHEN 'ASSOCIATES_WITH' THEN date(r.observedAt) WHEN 'HOUSEHOLD_MEMBER_OF' THEN r.since ELSE r.from END,
      until: r.to,
      detail: CASE type(r) WHEN 'HAS_CONTACT' THEN r.relationship WHEN 'RESIDES_AT' THEN r.kind END,
      grading: CASE type(r) WHEN 'ASSOCIATES_WITH' THEN {source: r.source, information: r.information, handling: r.handling} END}] AS edges
