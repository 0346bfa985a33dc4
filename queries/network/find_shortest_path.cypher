// The shortest chain of links between two people the caller may see, at most $maxDepth links long, along the links that stood on $asAt, passing only through people the caller may see along links of classes it holds: none when only hidden people would join them, so a path's length never betrays a hidden one. People who live at one place are one link from it whichever case recorded each address there; a place is shown as an address a case the caller may see recorded there (_fragments/place_shown.cypher), never another case's.
// params: fromId, toId, maxDepth, asAt, agencyId, userId, classes, police
MATCH (start:Person {id: $fromId}), (goal:Person {id: $toId})
WHERE start <> goal
MATCH path = ANY SHORTEST (start)
  ((a)-[r:OFFENDED_AGAINST|HAS_CONTACT|HOUSEHOLD_MEMBER_OF|ASSOCIATES_WITH|RESIDENT_OF|LOCATED_AT]-(b)
    WHERE CASE type(r)
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
      AND CASE WHEN b:Place THEN true WHEN b:Address THEN b:Protected AND type(r) = 'LOCATED_AT'
        ELSE @person_kind(b) IS NOT NULL
      END
  ){1,6} (goal)
WHERE length(path) <= $maxDepth
WITH path
UNWIND nodes(path) AS b
WITH path, b, CASE WHEN b:Place THEN @place_shown(b) ELSE b END AS shownAs
WITH path, b, shownAs, CASE WHEN b:Address OR b:Place THEN 'ADDRESS'
  ELSE @person_kind(b)
END AS kind
WITH path, collect({node: b, shownAs: shownAs, kind: kind}) AS shown
// The start must be someone the caller may see (every later step was checked on the way).
WHERE shown[0].kind IS NOT NULL
RETURN length(path) AS length,
  [s IN shown | {
    id: s.shownAs.id, kind: s.kind,
    label: CASE WHEN s.kind = 'ADDRESS' THEN s.shownAs.line1 + ', ' + s.shownAs.postcode ELSE s.node.name END
  }] AS nodes,
  COLLECT {
    UNWIND range(0, length(path) - 1) AS step
    WITH step, relationships(path)[step] AS r
    // A step to or from a place is the residence there that stood on $asAt (the latest begun).
    WITH step, r, head(COLLECT {
      WITH startNode(r) AS resident, endNode(r) AS place
      WHERE type(r) = 'RESIDENT_OF'
      MATCH (resident)-[residence:RESIDES_AT]->(:Address)-[:AT]->(place)
      WHERE residence.kind <> 'PROPOSED'
        AND coalesce(residence.from, $asAt) <= $asAt AND (residence.to IS NULL OR residence.to > $asAt)
      RETURN residence ORDER BY residence.from DESC
    }) AS residence
    RETURN CASE type(r)
      WHEN 'RESIDENT_OF' THEN {source: startNode(r).id, target: [s IN shown WHERE s.node = endNode(r)][0].shownAs.id,
        type: 'RESIDES_AT', since: residence.from, until: residence.to, detail: residence.kind, grading: null}
      ELSE {source: startNode(r).id, target: endNode(r).id, type: type(r),
        since: CASE type(r) WHEN 'ASSOCIATES_WITH' THEN date(r.observedAt) WHEN 'HOUSEHOLD_MEMBER_OF' THEN r.since ELSE r.from END,
        until: r.to,
        detail: CASE type(r) WHEN 'HAS_CONTACT' THEN r.relationship END,
        grading: CASE type(r) WHEN 'ASSOCIATES_WITH' THEN {source: r.source, information: r.information, handling: r.handling} END}
    END AS edge
    ORDER BY step
  } AS edges
