// The caller's relation to each of these offenders' cases (MODEL.md, the visibility rule): involved, lead, visible; no row for an id that is no offender.
// params: offenderIds, agencyId, userId
UNWIND $offenderIds AS offenderId
MATCH (o:Person {id: offenderId})
WHERE o:Offender
RETURN o.id AS offenderId, @involved_case(o) AS involved,
  @led_case(o) AS lead,
  @visible_case(o) AS visible
