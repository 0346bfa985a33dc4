// Set the MAPPA level of a case the caller's agency is involved in, with the reason and when.
// params: offenderId, agencyId, level, reason
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND @involved_case(o)
WITH o, o.level AS previous
SET o.level = $level, o.levelReason = $reason, o.levelSetAt = datetime()
RETURN previous
