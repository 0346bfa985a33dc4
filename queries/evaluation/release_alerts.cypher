// The situations of these alerts no longer hold: resolve the open and acknowledged ones (their history kept), and free every one's dedupe key so that the situation, should it recur, raises a new alert.
// params: ids
UNWIND $ids AS id
MATCH (alert:Alert {id: id})
SET alert.resolvedAt = CASE WHEN alert.status = 'RESOLVED' THEN alert.resolvedAt ELSE datetime() END,
    alert.resolvedBy = CASE WHEN alert.status = 'RESOLVED' THEN alert.resolvedBy ELSE 'mappa:evaluator' END,
    alert.status = 'RESOLVED'
REMOVE alert.dedupeKey
