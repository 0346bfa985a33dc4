// An alert on `offender` as the caller may read it (GraphQL's Alert): the counterpart (person, zone or premises) and the distance only as far as the caller's classes allow (where a location fix placed the offender, EM_LOCATION too), withheld here otherwise; an emergency grant (EMERGENCY_ACCESS, EMERGENCY_ACCESS_REVIEW_OVERDUE) only to those who review the case's grants (grantScopes, app/access/write_rights.py); a plan action (ACTION_OVERDUE) only to its owner agency (owned_action) and under RISK_PLAN; the offender's name only under IDENTITY on a case the caller sees (the owner of an action may not). The one projection of an alert: the alerts list and the alertRaised subscription splice it.
// params: agencyId, userId, classes, grantScopes
// args: alert, offender
head(COLLECT {
  OPTIONAL MATCH (alert)-[:CONCERNS {role: 'COUNTERPART'}]->(counterpart)
  // The emergency grant an alert is about, shown only to those who review the case's grants.
  WITH alert, offender, counterpart,
    CASE WHEN counterpart:EmergencyGrant AND @grant_reviewer(offender) THEN counterpart {.*, offenderId: offender.id} END AS grant,
    // The plan action an alert is about: its owner agency reads it (the owner exception).
    coalesce(counterpart:PlanAction AND @owned_action(counterpart), false) AS actionOwned,
    @visible_case(offender) AS caseVisible
  WITH alert, offender, counterpart, grant, actionOwned, caseVisible, CASE WHEN counterpart:Person THEN @person_kind(counterpart) END AS personKind,
    // Placed by a location fix (one raised before placements were recorded: by its rule).
    coalesce(alert.placedBy = 'FIX', alert.rule IN ['EXCLUSION_ZONE_ENTRY', 'NEAR_RESTRICTED_PREMISES']) AS placedByFix
  // Where a fix placed him (the zone or premises, how near) is told only under EM_LOCATION.
  WITH alert, offender, counterpart, grant, actionOwned, caseVisible, personKind, placedByFix,
    NOT placedByFix OR 'EM_LOCATION' IN $classes AS placementShown
  RETURN alert {
    .id, .sequence, .rule, .severity, .status, .raisedAt, .resolvedAt, .acknowledgedBy,
    .acknowledgedAt, .note,
    offender: {id: offender.id, name: CASE WHEN 'IDENTITY' IN $classes AND caseVisible THEN offender.name END},
    caseVisible: caseVisible,
    counterpartType: CASE WHEN counterpart:Person THEN 'PERSON' WHEN counterpart:Zone THEN 'ZONE' WHEN counterpart:Premises THEN 'PREMISES' WHEN counterpart:PlanAction THEN 'ACTION' END,
    counterpartRole: CASE WHEN counterpart:Victim THEN 'VICTIM' WHEN counterpart:NamedContact THEN 'NAMED_CONTACT' WHEN counterpart:Offender THEN 'OFFENDER' END,
    personKind: personKind,
    person: CASE WHEN personKind IS NOT NULL THEN counterpart {.id, .name, .dateOfBirth} END,
    zone: CASE WHEN counterpart:Zone AND 'CONDITIONS' IN $classes AND placementShown
      THEN counterpart {.id, .kind, .shape, .geometry, .radiusMetres, .validFrom, .validTo} END,
    premises: CASE WHEN counterpart:Premises AND ('CONDITIONS' IN $classes OR 'OFFENDER_ADDRESS' IN $classes)
        AND placementShown
      THEN counterpart {.id, .name, .kind, .location} END,
    // A distance to a victim tells where they live; a distance to premises, where he lives or
    // where a fix placed him.
    distanceMetres: CASE
      WHEN counterpart:Victim OR alert.rule = 'PROXIMITY_TO_VICTIM'
        THEN CASE WHEN 'VICTIM_LOCATION' IN $classes THEN alert.distanceMetres END
      ELSE CASE WHEN 'OFFENDER_ADDRESS' IN $classes AND placementShown THEN alert.distanceMetres END
    END,
    distanceRecorded: alert.distanceMetres IS NOT NULL,
    placedByFix: placedByFix,
    action: CASE WHEN counterpart:PlanAction AND (actionOwned OR 'RISK_PLAN' IN $classes)
      THEN counterpart {.id, .text, .dueOn, ownerAgency: head(COLLECT {
        MATCH (counterpart)-[:OWNED_BY]->(actionOwner:Agency) RETURN actionOwner {.id, .name, .kind}
      })} END,
    actionOwned: actionOwned,
    emergencyGrant: grant,
    grantRecorded: counterpart IS NOT NULL AND counterpart:EmergencyGrant
  } AS shownAlert
})
