// Acknowledge an open alert, or resolve an open or acknowledged one, by this officer with a note. A resolved alert keeps its dedupe key while its situation holds, so it is not raised again at once.
// params: alertId, status, userId, note, agencyId
MATCH (alert:Alert {id: $alertId})-[:CONCERNS {role: 'OFFENDER'}]->(o:Offender)
WHERE @involved_case(o)
  AND alert.status <> 'RESOLVED' AND NOT (alert.status = 'ACKNOWLEDGED' AND $status = 'ACKNOWLEDGED')
SET alert.status = $status,
    alert.note = coalesce($note, alert.note),
    alert.acknowledgedBy = CASE WHEN $status = 'ACKNOWLEDGED' THEN $userId ELSE alert.acknowledgedBy END,
    alert.acknowledgedAt = CASE WHEN $status = 'ACKNOWLEDGED' THEN datetime() ELSE alert.acknowledgedAt END,
    alert.resolvedBy = CASE WHEN $status = 'RESOLVED' THEN $userId ELSE alert.resolvedBy END,
    alert.resolvedAt = CASE WHEN $status = 'RESOLVED' THEN datetime() ELSE alert.resolvedAt END
RETURN alert.sequence AS sequence
