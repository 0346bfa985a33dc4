// The alerts on these offenders that still hold their dedupe key: open, acknowledged, or resolved by hand while their situation holds; with what placed the offender, for a location alert that recorded it.
// params: offenderIds
UNWIND $offenderIds AS offenderId
MATCH (alert:Alert)-[:CONCERNS {role: 'OFFENDER'}]->(:Person:Offender {id: offenderId})
WHERE alert.dedupeKey IS NOT NULL
RETURN alert.id AS id, alert.dedupeKey AS key, alert.status AS status, alert.placedBy AS placedBy
