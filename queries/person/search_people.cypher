// People whose name or alias matches a full-text query, among those the caller may see (offenders it may see, their victims with VICTIM_IDENTITY, their named contacts with CONTACTS), best first by how well the text matches each one's own name or an alias. The index is asked for the name and, in the same look-up, for the people the caller's agency may see through an open involvement or the caller through one of its active emergency grants (their searchKeys: search_keys), so it answers the few the caller may see rather than every namesake; the visibility rule (person_kind) is still checked on each, so an involvement that lapsed by date since its keys were written shows nothing. The index's relevance score, whose term statistics count every person in the graph (hidden ones too), is not used, so who is hidden, and how many, moves neither the order nor the score.
// params: terms, text, first, agencyId, userId, classes
// The caller's agency's key, and the keys of the people of the cases its active grants open
// (offenders, their victims and contacts: few), as one Lucene clause on searchKeys.
WITH $agencyId AS searchAgencyId
WITH ['a' + @search_key(searchAgencyId)] + COLLECT {
  MATCH (searchGrant:EmergencyGrant)-[:GRANTS_ACCESS_TO]->(:Offender)-[:OFFENDED_AGAINST|HAS_CONTACT*0..1]->(granted:Person)
  WHERE @callers_grant(searchGrant)
  WITH DISTINCT granted.id AS grantedId
  RETURN 'p' + @search_key(grantedId)
} AS seenKeys
CALL db.index.fulltext.queryNodes('person_names', '(' + $terms + ') AND searchKeys:('
  + reduce(clause = head(seenKeys), seenKey IN tail(seenKeys) | clause + ' OR ' + seenKey) + ')')
YIELD node
WITH node AS p
WITH p, @person_kind(p) AS kind
WHERE kind IS NOT NULL
// Each of the person's names (the name and every alias) against the text, as lower-case words:
// a word of the one equal to a word of the other counts 1, one that begins it 1/2; a name scores
// the mean of how well the text's words are found in it and how well its words are matched, and
// the person the best of their names (1: a name whose words are the text's).
CALL (p) {
  UNWIND [p.name] + coalesce(p.aliases, []) AS name
  WITH [word IN split(toLower($text), [' ', '-', ',', '.', '/', '(', ')']) WHERE word <> ''] AS asked,
       [word IN split(toLower(name), [' ', '-', ',', '.', '/', '(', ')']) WHERE word <> ''] AS named
  WHERE size(named) > 0
  WITH [a IN asked | reduce(best = 0.0, n IN named |
          CASE WHEN n = a THEN 1.0 WHEN best < 0.5 AND n STARTS WITH a THEN 0.5 ELSE best END)] AS found,
       [n IN named | reduce(best = 0.0, a IN asked |
          CASE WHEN n = a THEN 1.0 WHEN best < 0.5 AND n STARTS WITH a THEN 0.5 ELSE best END)] AS matched
  RETURN max((reduce(total = 0.0, x IN found | total + x) / size(found)
            + reduce(total = 0.0, x IN matched | total + x) / size(matched)) / 2) AS score
}
RETURN p {.id, .name, .dateOfBirth} AS person, coalesce(score, 0.0) AS score, kind
ORDER BY score DESC, p.id
LIMIT $first
