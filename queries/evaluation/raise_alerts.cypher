// Raise alerts whose keys no alert holds, numbered on from the alert head: the head is locked first, so numbers are gap-free and increasing across every process, and a key raised meanwhile by another evaluator is seen and skipped. A location alert records what placed the offender (placedBy: RESIDENCE or FIX).
// params: alerts
MERGE (h:AlertHead {id: 'alerts'})
  ON CREATE SET h.sequence = 0
SET h.lockedAt = datetime()
WITH h
UNWIND $alerts AS r
MATCH (o:Person:Offender {id: r.offenderId})
WHERE NOT EXISTS { MATCH (:Alert {dedupeKey: r.key}) }
WITH h, collect({r: r, o: o}) AS raised
WITH h, h.sequence AS base, raised
SET h.sequence = base + size(raised)
WITH base, raised
UNWIND range(0, size(raised) - 1) AS i
WITH base + i + 1 AS sequence, raised[i].r AS r, raised[i].o AS o
CREATE (alert:Alert {
  id: r.id, sequence: sequence, rule: r.rule, severity: r.severity, status: 'OPEN',
  key: r.key, dedupeKey: r.key, raisedAt: datetime(), distanceMetres: r.distanceMetres,
  placedBy: r.placedBy
})
CREATE (alert)-[:CONCERNS {role: 'OFFENDER'}]->(o)
WITH alert, r, o
OPTIONAL MATCH (person:Person {id: r.counterpartId}) WHERE r.counterpartType = 'PERSON'
OPTIONAL MATCH (zone:Zone {id: r.counterpartId}) WHERE r.counterpartType = 'ZONE'
OPTIONAL MATCH (premises:Premises {id: r.counterpartId}) WHERE r.counterpartType = 'PREMISES'
OPTIONAL MATCH (grant:EmergencyGrant {id: r.counterpartId}) WHERE r.counterpartType = 'GRANT'
OPTIONAL MATCH (action:PlanAction {id: r.counterpartId}) WHERE r.counterpartType = 'ACTION'
WITH alert, o, coalesce(person, zone, premises, grant, action) AS counterpart
FOREACH (c IN CASE WHEN counterpart IS NULL THEN [] ELSE [counterpart] END |
  CREATE (alert)-[:CONCERNS {role: 'COUNTERPART'}]->(c))
RETURN alert.id AS id, alert.sequence AS sequence, alert.rule AS rule,
       alert.severity AS severity, o.id AS offenderId
ORDER BY sequence
