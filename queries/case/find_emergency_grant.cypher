// An emergency grant and the caller's relation to it and its case: the grantee, the lead agency, visible; no row when there is no such grant.
// params: grantId, agencyId, userId
MATCH (g:EmergencyGrant {id: $grantId})-[:GRANTS_ACCESS_TO]->(o:Offender)
RETURN g {.*, offenderId: o.id} AS grant,
  g.userId = $userId AND g.agencyId = $agencyId AS grantee,
  @involved_case(o) AS involved,
  @led_case(o) AS lead,
  @visible_case(o) AS visible
