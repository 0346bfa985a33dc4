// RISK_ESCALATION: offenders at level 1 whose latest risk assessment puts their risk of serious harm at HIGH or VERY_HIGH.
// params: offenderIds
UNWIND $offenderIds AS offenderId
MATCH (o:Person:Offender {id: offenderId})
WHERE o.level = 'LEVEL_1'
CALL (o) {
  MATCH (o)-[:HAS_RISK_ASSESSMENT]->(r:RiskAssessment)
  RETURN r ORDER BY r.assessedOn DESC LIMIT 1
}
WITH o, r WHERE r.overall IN ['HIGH', 'VERY_HIGH']
RETURN o.id AS offenderId, null AS counterpartId
