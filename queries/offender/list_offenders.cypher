// A page of the caller's caseload, as one row (a list: one Bolt message, not one per offender): the offenders it may see, filtered, in id order after a cursor, each as its profile (the offender_profile fragment: withheld classes are null, unselected fields are not read).
// params: agencyId, userId, classes, police, after, limit, level, category, area, leadAgencyId, text, fields
// The candidates are the offenders the rule below lets the caller see, found from the caller's own
// links (its agency's open involvements, an emergency grant that passes the rule), so that the
// page is sorted and cut before the rule is tested again on each row: the rule stays the gate, and
// runs on a page rather than on a whole area's caseload. The agency's involvements are read from
// the index on (agencyId, offenderId) in offender id order, filtered, up to a page: however many
// cases the agency has, no more are read. The grants, which are few, are read whole; the filter
// after the union is the first one again, for them (and, harmlessly, for the agency's).
CALL () {
  MATCH (:Agency)-[i:INVOLVED_IN]->(o:Offender)
  WHERE i.agencyId = $agencyId AND i.offenderId > coalesce($after, '')
    AND @open_involvement(i)
    AND @caseload_filter(o)
  // Once each, even if two open involvements of the agency (a race) name him: the page is cut
  // after (the index order holds through this DISTINCT).
  WITH DISTINCT o, i.agencyId AS agencyKey, i.offenderId AS offenderKey
  ORDER BY agencyKey, offenderKey
  LIMIT $limit
  RETURN o
  UNION
  MATCH (caseloadGrant:EmergencyGrant)-[:GRANTS_ACCESS_TO]->(o:Offender)
  WHERE @callers_grant(caseloadGrant) AND $classes <> [] AND @visible_case(o)
  RETURN o
}
WITH o
WHERE ($after IS NULL OR o.id > $after)
  AND @caseload_filter(o)
WITH o
ORDER BY o.id
LIMIT $limit
WITH o
WHERE $classes <> [] AND @visible_case(o)
WITH o AS offender
WITH @offender_profile(offender) AS offender
ORDER BY offender.id
RETURN collect(offender) AS offenders
