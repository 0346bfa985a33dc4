// NON_COMPLIANCE: offenders with $missedAppointments missed appointments within $windowDays days of each other, the last of them in the last $windowDays days, or a condition breach in the last $windowDays days (the alert stands for the window after the event that made it, then resolves).
// params: offenderIds, missedAppointments, windowDays
UNWIND $offenderIds AS offenderId
MATCH (o:Person:Offender {id: offenderId})
WITH o, duration({days: $windowDays}) AS window
WITH o, window, datetime() - window AS since, COLLECT {
  MATCH (o)<-[:RECORDED_FOR]-(e:ComplianceEvent {kind: 'MISSED_APPOINTMENT'})
  WHERE e.at >= datetime() - window * 2
  RETURN e.at ORDER BY e.at
} AS missed
WHERE any(i IN range($missedAppointments - 1, size(missed) - 1)
          WHERE missed[i] >= since AND missed[i - $missedAppointments + 1] >= missed[i] - window)
   OR EXISTS {
     (o)<-[:RECORDED_FOR]-(e:ComplianceEvent {kind: 'CONDITION_BREACH'}) WHERE e.at >= since
   }
RETURN o.id AS offenderId
