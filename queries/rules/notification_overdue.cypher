// NOTIFICATION_OVERDUE: registered sexual offenders with an address change (a residence from after the INITIAL notification) not notified by an ADDRESS_CHANGE notification made since the move, $graceDays days after it; or whose last INITIAL or ANNUAL notification is more than $annualDays days old.
// params: offenderIds, graceDays, annualDays
UNWIND $offenderIds AS offenderId
MATCH (o:Person:Offender {id: offenderId})
WHERE o.registeredSexOffender = true
CALL (o) {
  MATCH (n:Notification)-[:RECORDED_FOR]->(o)
  WHERE n.kind IN ['INITIAL', 'ANNUAL']
  RETURN max(n.madeOn) AS lastRenewal,
         min(CASE WHEN n.kind = 'INITIAL' THEN n.madeOn END) AS initial
}
WITH o, lastRenewal, initial
WHERE (lastRenewal IS NOT NULL AND lastRenewal + duration({days: $annualDays}) < date())
   OR EXISTS {
     (o)-[r:RESIDES_AT]->(:Address)
     WHERE initial IS NOT NULL AND r.kind <> 'PROPOSED' AND r.from > initial
       AND r.from + duration({days: $graceDays}) < date()
       AND NOT EXISTS {
         (n:Notification {kind: 'ADDRESS_CHANGE'})-[:RECORDED_FOR]->(o) WHERE n.madeOn >= r.from
       }
   }
RETURN o.id AS offenderId
