// Record a risk assessment (RoSH by group, and overall the highest of them) in a case the caller's agency is involved in.
// params: offenderId, agencyId, assessmentId, tool, assessedOn, overall, children, publicAtLarge, knownAdult, staff
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND @involved_case(o)
CREATE (o)-[:HAS_RISK_ASSESSMENT]->(a:RiskAssessment {
  id: $assessmentId, tool: $tool, assessedOn: $assessedOn, overall: $overall, children: $children,
  publicAtLarge: $publicAtLarge, knownAdult: $knownAdult, staff: $staff
})
RETURN a.id AS id
