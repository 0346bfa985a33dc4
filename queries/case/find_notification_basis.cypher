// What a new notification's due date depends on: whether the offender is a registered sexual offender, the last INITIAL or ANNUAL notification before it, and the latest move on or before it; no row when there is no such offender.
// params: offenderId, madeOn
MATCH (o:Person {id: $offenderId})
WHERE o:Offender
RETURN coalesce(o.registeredSexOffender, false) AS registeredSexOffender,
  COLLECT {
    MATCH (n:Notification)-[:RECORDED_FOR]->(o)
    WHERE n.kind IN ['INITIAL', 'ANNUAL'] AND n.madeOn < $madeOn
    RETURN n.madeOn ORDER BY n.madeOn DESC LIMIT 1
  }[0] AS lastRenewal,
  COLLECT {
    MATCH (o)-[r:RESIDES_AT]->()
    WHERE r.from <= $madeOn AND r.kind <> 'PROPOSED'
    RETURN r.from ORDER BY r.from DESC LIMIT 1
  }[0] AS lastMove
