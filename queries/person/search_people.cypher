// People whose name or alias matches a full-text query, best first, among those the caller may see: offenders it may see, their victims (with VICTIM_IDENTITY) and their named contacts (with CONTACTS).
// params: terms, candidates, first, agencyId, userId, classes
CALL db.index.fulltext.queryNodes('person_names', $terms, {limit: $candidates}) YIELD node, score
WITH node AS p, score
WITH p, score, CASE
    WHEN p:Offender AND 'IDENTITY' IN $classes AND EXISTS {
      WITH p AS o
      WHERE $classes <> []
        AND (EXISTS { (:Agency {id: $agencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date() }
          OR EXISTS { (:CaseOfficer {id: $userId})-[:MANAGES]->(o) }
          OR EXISTS { (g:EmergencyGrant {userId: $userId, agencyId: $agencyId})-[:GRANTS_ACCESS_TO]->(o)
                      WHERE g.revokedAt IS NULL AND g.expiresAt > datetime() })
      RETURN o
    } THEN 'OFFENDER'
    WHEN p:Victim AND 'VICTIM_IDENTITY' IN $classes AND EXISTS {
      MATCH (o:Offender)-[:OFFENDED_AGAINST]->(p)
      WHERE $classes <> []
        AND (EXISTS { (:Agency {id: $agencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date() }
          OR EXISTS { (:CaseOfficer {id: $userId})-[:MANAGES]->(o) }
          OR EXISTS { (g:EmergencyGrant {userId: $userId, agencyId: $agencyId})-[:GRANTS_ACCESS_TO]->(o)
                      WHERE g.revokedAt IS NULL AND g.expiresAt > datetime() })
    } THEN 'VICTIM'
    WHEN p:NamedContact AND 'CONTACTS' IN $classes AND EXISTS {
      MATCH (o:Offender)-[:HAS_CONTACT]->(p)
      WHERE $classes <> []
        AND (EXISTS { (:Agency {id: $agencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date() }
          OR EXISTS { (:CaseOfficer {id: $userId})-[:MANAGES]->(o) }
          OR EXISTS { (g:EmergencyGrant {userId: $userId, agencyId: $agencyId})-[:GRANTS_ACCESS_TO]->(o)
                      WHERE g.revokedAt IS NULL AND g.expiresAt > datetime() })
    } THEN 'NAMED_CONTACT'
  END AS kind
WHERE kind IS NOT NULL
RETURN p {.id, .name, .dateOfBirth} AS person, score, kind
ORDER BY score DESC, p.id
LIMIT $first
