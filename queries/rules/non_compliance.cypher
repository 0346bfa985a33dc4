// NON_COMPLIANCE: offenders with $missedAppointments or more missed appointments, or any condition breach, in the last $windowDays days (the alert resolves as they age out).
// params: offenderIds, missedAppointments, windowDays
UNWIND $offenderIds AS offenderId
MATCH (o:Person:Offender {id: offenderId})<-[:RECORDED_FOR]-(e:ComplianceEvent)
WHERE e.at >= datetime() - duration({days: $windowDays})
  AND e.kind IN ['MISSED_APPOINTMENT', 'CONDITION_BREACH']
WITH o, sum(CASE e.kind WHEN 'MISSED_APPOINTMENT' THEN 1 ELSE 0 END) AS missed,
     sum(CASE e.kind WHEN 'CONDITION_BREACH' THEN 1 ELSE 0 END) AS breaches
WHERE missed >= $missedAppointments OR breaches > 0
RETURN o.id AS offenderId
