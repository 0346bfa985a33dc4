// The people and addresses within $depth links of a person the caller may see, nearest first, at most $limit of them, along the links that stood on $asAt (who may be seen is decided as of now): the walk passes only through people the caller may see, along links of classes it holds, so hidden people are neither shown, counted nor crossed. People who live at one place are one link from it whichever case recorded each address there (the walk steps along RESIDENT_OF to the Place); a place is shown as an address a case the caller may see recorded there (_fragments/place_shown.cypher), never another case's.
// params: personId, depth, limit, asAt, agencyId, userId, classes, police
MATCH (start:Person {id: $personId})
OPTIONAL MATCH path = ANY SHORTEST (start)
  ((a)-[r:OFFENDED_AGAINST|HAS_CONTACT|HOUSEHOLD_MEMBER_OF|ASSOCIATES_WITH|RESIDENT_OF|LOCATED_AT]-(b)
    WHERE @walk_step(r, a, b)
  ){1,3} (reached)
WHERE length(path) <= $depth AND reached <> start
WITH start, reached, min(length(path)) AS distance
// A place is shown (and ordered) as the address the caller is shown for it.
WITH start, reached, distance, CASE WHEN reached:Place THEN @place_shown(reached) ELSE reached END AS shownAs
ORDER BY distance, shownAs.id
WITH start, collect(CASE WHEN shownAs IS NOT NULL THEN {node: reached, shownAs: shownAs} END) AS found
WITH start, found[..$limit - 1] AS kept, size(found) > $limit - 1 AS truncated
UNWIND [{node: start, shownAs: start}] + kept AS k
WITH k.node AS b, k.shownAs AS shownAs, truncated
WITH b, shownAs, truncated, @chart_kind(b) AS kind
WITH truncated, collect({node: b, shownAs: shownAs, kind: kind}) AS shown
// The start itself must be someone the caller may see; otherwise the answer is the missing one.
WHERE shown[0].kind IS NOT NULL
WITH truncated, shown, [s IN shown | s.node] AS kept
RETURN truncated,
  [s IN shown | @chart_node(s)] AS nodes,
  COLLECT {
    CALL (kept, shown) {
      UNWIND kept AS a
      MATCH (a)-[r:OFFENDED_AGAINST|HAS_CONTACT|HOUSEHOLD_MEMBER_OF|ASSOCIATES_WITH|LOCATED_AT]->(b)
      WHERE b IN kept AND @link_readable(r, a, b)
      RETURN @link_edge(r) AS edge
      UNION ALL
      // Each residence at a place on the chart that stood on $asAt, to the address shown for it.
      UNWIND [s IN shown WHERE 'Place' IN labels(s.node)] AS p
      WITH p.node AS place, p.shownAs AS shownAs
      MATCH (place)<-[:AT]-(:Address)<-[residence:RESIDES_AT]-(a:Person)
      WHERE a IN kept AND residence.kind <> 'PROPOSED'
        AND @residence_class(a) IN $classes
        AND coalesce(residence.from, $asAt) <= $asAt AND (residence.to IS NULL OR residence.to > $asAt)
      RETURN {source: a.id, target: shownAs.id, type: 'RESIDES_AT', since: residence.from,
        until: residence.to, detail: residence.kind, grading: null} AS edge
    }
    RETURN edge ORDER BY edge.source, edge.target, edge.type, edge.since
  } AS edges
