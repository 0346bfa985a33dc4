// Alerts on offenders the caller may see, newest first, filtered; the counterpart (person, zone or premises) and the distance only as far as the caller's classes allow (where a location fix placed the offender, EM_LOCATION too), withheld here otherwise; an emergency grant (EMERGENCY_ACCESS, EMERGENCY_ACCESS_REVIEW_OVERDUE) only to those who review the case's grants (grantScopes, app/policy/write_rights.py).
// params: status, rule, severity, offenderId, after, limit, agencyId, userId, classes, grantScopes
MATCH (alert:Alert)-[:CONCERNS {role: 'OFFENDER'}]->(offender:Offender)
WHERE ($offenderId IS NULL OR offender.id = $offenderId)
  AND ($status IS NULL OR alert.status = $status)
  AND ($rule IS NULL OR alert.rule = $rule)
  AND ($severity IS NULL OR alert.severity = $severity)
  AND ($after IS NULL OR alert.sequence < $after)
  AND $classes <> [] AND @visible_case(offender)
WITH alert, offender
ORDER BY alert.sequence DESC
LIMIT $limit
OPTIONAL MATCH (alert)-[:CONCERNS {role: 'COUNTERPART'}]->(b)
// The emergency grant an alert is about, shown only to those who review the case's grants.
WITH alert, offender, b,
  CASE WHEN b:EmergencyGrant AND @grant_reviewer(offender) THEN b {.*, offenderId: offender.id} END AS grant
WITH alert, offender, b, grant, CASE WHEN b:Person THEN @person_kind(b) END AS personKind,
  // Placed by a location fix (one raised before placements were recorded: by its rule).
  coalesce(alert.placedBy = 'FIX', alert.rule IN ['EXCLUSION_ZONE_ENTRY', 'NEAR_RESTRICTED_PREMISES']) AS placedByFix
// Where a fix placed him (the zone or premises, how near) is told only under EM_LOCATION.
WITH alert, offender, b, grant, personKind, placedByFix,
  NOT placedByFix OR 'EM_LOCATION' IN $classes AS placementShown
RETURN alert {
  .id, .sequence, .rule, .severity, .status, .raisedAt, .resolvedAt, .acknowledgedBy,
  .acknowledgedAt, .note,
  offender: {id: offender.id, name: CASE WHEN 'IDENTITY' IN $classes THEN offender.name END},
  counterpartType: CASE WHEN b:Person THEN 'PERSON' WHEN b:Zone THEN 'ZONE' WHEN b:Premises THEN 'PREMISES' END,
  counterpartRole: CASE WHEN b:Victim THEN 'VICTIM' WHEN b:NamedContact THEN 'NAMED_CONTACT' WHEN b:Offender THEN 'OFFENDER' END,
  personKind: personKind,
  person: CASE WHEN personKind IS NOT NULL THEN b {.id, .name, .dateOfBirth} END,
  zone: CASE WHEN b:Zone AND 'CONDITIONS' IN $classes AND placementShown
    THEN b {.id, .kind, .shape, .geometry, .radiusMetres, .validFrom, .validTo} END,
  premises: CASE WHEN b:Premises AND ('CONDITIONS' IN $classes OR 'OFFENDER_ADDRESS' IN $classes)
      AND placementShown
    THEN b {.id, .name, .kind, .location} END,
  // A distance to a victim tells where they live; a distance to premises, where he lives or
  // where a fix placed him.
  distanceMetres: CASE
    WHEN b:Victim OR alert.rule = 'PROXIMITY_TO_VICTIM'
      THEN CASE WHEN 'VICTIM_LOCATION' IN $classes THEN alert.distanceMetres END
    ELSE CASE WHEN 'OFFENDER_ADDRESS' IN $classes AND placementShown THEN alert.distanceMetres END
  END,
  distanceRecorded: alert.distanceMetres IS NOT NULL,
  placedByFix: placedByFix,
  emergencyGrant: grant,
  grantRecorded: b IS NOT NULL AND b:EmergencyGrant
} AS alert
ORDER BY alert.sequence DESC
