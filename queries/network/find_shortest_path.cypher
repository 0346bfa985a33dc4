// The shortest chain of links between two people the caller may see, at most $maxDepth links long, along the links that stood on $asAt, passing only through people the caller may see along links of classes it holds: none when only hidden people would join them, so a path's length never betrays a hidden one. People who live at one place are one link from it whichever case recorded each address there; a place is shown as an address a case the caller may see recorded there (_fragments/place_shown.cypher), never another case's.
// params: fromId, toId, maxDepth, asAt, agencyId, userId, classes, police
MATCH (start:Person {id: $fromId}), (goal:Person {id: $toId})
WHERE start <> goal
MATCH path = ANY SHORTEST (start)
  ((a)-[r:OFFENDED_AGAINST|HAS_CONTACT|HOUSEHOLD_MEMBER_OF|ASSOCIATES_WITH|RESIDENT_OF|LOCATED_AT]-(b)
    WHERE @walk_step(r, a, b)
  ){1,6} (goal)
WHERE length(path) <= $maxDepth
WITH path
UNWIND nodes(path) AS b
WITH path, b, CASE WHEN b:Place THEN @place_shown(b) ELSE b END AS shownAs
WITH path, b, shownAs, @chart_kind(b) AS kind
WITH path, collect({node: b, shownAs: shownAs, kind: kind}) AS shown
// The start must be someone the caller may see (every later step was checked on the way).
WHERE shown[0].kind IS NOT NULL
RETURN length(path) AS length,
  [s IN shown | @chart_node(s)] AS nodes,
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
      ELSE @link_edge(r)
    END AS edge
    ORDER BY step
  } AS edges
