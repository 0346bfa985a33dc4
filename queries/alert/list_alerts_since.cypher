// Alerts numbered in ($newerThan, $upTo] on offenders the caller may see, oldest first: what the alertRaised subscription replays and streams. Counterpart, distance and projection as in alert/list_alerts (a unit test keeps the two alike).
// params: newerThan, upTo, agencyId, userId, classes, grantScopes
MATCH (alert:Alert)
WHERE alert.sequence > $newerThan AND alert.sequence <= $upTo
MATCH (alert)-[:CONCERNS {role: 'OFFENDER'}]->(o:Offender)
WHERE $classes <> []
  AND (EXISTS { (:Agency {id: $agencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date() }
    OR EXISTS { (:CaseOfficer {id: $userId})-[:MANAGES]->(o) }
    OR EXISTS { (g:EmergencyGrant {userId: $userId, agencyId: $agencyId})-[:GRANTS_ACCESS_TO]->(o)
                WHERE g.revokedAt IS NULL AND g.expiresAt > datetime() })
WITH alert, o
OPTIONAL MATCH (alert)-[:CONCERNS {role: 'COUNTERPART'}]->(b)
// The emergency grant an alert is about, shown only to those who review the case's grants.
WITH alert, o, b, CASE WHEN b:EmergencyGrant
    AND (('LEAD' IN $grantScopes AND EXISTS { (o)-[:LEAD_AGENCY]->(:Agency {id: $agencyId}) })
      OR ('INVOLVED' IN $grantScopes AND EXISTS { (:Agency {id: $agencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date() }))
  THEN b {.*, offenderId: o.id} END AS grant
// `o` is free again for the person-kind rule, which names the offenders it checks `o`.
WITH alert, o AS offender, b, grant
WITH alert, offender, b, grant, CASE WHEN b:Person THEN CASE
    WHEN b:Offender AND 'IDENTITY' IN $classes AND EXISTS {
      WITH b AS o
      WHERE $classes <> []
        AND (EXISTS { (:Agency {id: $agencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date() }
          OR EXISTS { (:CaseOfficer {id: $userId})-[:MANAGES]->(o) }
          OR EXISTS { (g:EmergencyGrant {userId: $userId, agencyId: $agencyId})-[:GRANTS_ACCESS_TO]->(o)
                      WHERE g.revokedAt IS NULL AND g.expiresAt > datetime() })
      RETURN o
    } THEN 'OFFENDER'
    WHEN b:Victim AND 'VICTIM_IDENTITY' IN $classes AND EXISTS {
      MATCH (o:Offender)-[:OFFENDED_AGAINST]->(b)
      WHERE $classes <> []
        AND (EXISTS { (:Agency {id: $agencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date() }
          OR EXISTS { (:CaseOfficer {id: $userId})-[:MANAGES]->(o) }
          OR EXISTS { (g:EmergencyGrant {userId: $userId, agencyId: $agencyId})-[:GRANTS_ACCESS_TO]->(o)
                      WHERE g.revokedAt IS NULL AND g.expiresAt > datetime() })
    } THEN 'VICTIM'
    WHEN b:NamedContact AND 'CONTACTS' IN $classes AND EXISTS {
      MATCH (o:Offender)-[:HAS_CONTACT]->(b)
      WHERE $classes <> []
        AND (EXISTS { (:Agency {id: $agencyId})-[i:INVOLVED_IN]->(o) WHERE i.until IS NULL OR i.until > date() }
          OR EXISTS { (:CaseOfficer {id: $userId})-[:MANAGES]->(o) }
          OR EXISTS { (g:EmergencyGrant {userId: $userId, agencyId: $agencyId})-[:GRANTS_ACCESS_TO]->(o)
                      WHERE g.revokedAt IS NULL AND g.expiresAt > datetime() })
    } THEN 'NAMED_CONTACT'
  END END AS personKind
RETURN alert {
  .id, .sequence, .rule, .severity, .status, .raisedAt, .resolvedAt, .acknowledgedBy,
  .acknowledgedAt, .note,
  offender: {id: offender.id, name: CASE WHEN 'IDENTITY' IN $classes THEN offender.name END},
  counterpartType: CASE WHEN b:Person THEN 'PERSON' WHEN b:Zone THEN 'ZONE' WHEN b:Premises THEN 'PREMISES' END,
  counterpartRole: CASE WHEN b:Victim THEN 'VICTIM' WHEN b:NamedContact THEN 'NAMED_CONTACT' WHEN b:Offender THEN 'OFFENDER' END,
  personKind: personKind,
  person: CASE WHEN personKind IS NOT NULL THEN b {.id, .name, .dateOfBirth} END,
  zone: CASE WHEN b:Zone AND 'CONDITIONS' IN $classes
    THEN b {.id, .kind, .shape, .geometry, .radiusMetres, .validFrom, .validTo} END,
  premises: CASE WHEN b:Premises AND ('CONDITIONS' IN $classes OR 'OFFENDER_ADDRESS' IN $classes)
    THEN b {.id, .name, .kind, .location} END,
  // A distance to a victim tells where they live; a distance to premises, where he does.
  distanceMetres: CASE
    WHEN b:Victim OR alert.rule = 'PROXIMITY_TO_VICTIM'
      THEN CASE WHEN 'VICTIM_LOCATION' IN $classes THEN alert.distanceMetres END
    ELSE CASE WHEN 'OFFENDER_ADDRESS' IN $classes THEN alert.distanceMetres END
  END,
  distanceRecorded: alert.distanceMetres IS NOT NULL,
  emergencyGrant: grant,
  grantRecorded: b IS NOT NULL AND b:EmergencyGrant
} AS alert
ORDER BY alert.sequence
