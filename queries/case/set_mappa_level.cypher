// Set the MAPPA level of a case the caller's agency is involved in, with the reason, when, and the MAPPA meeting that decided it (null when none did).
// params: offenderId, agencyId, level, reason, meetingId
MATCH (o:Person {id: $offenderId})
WHERE o:Offender AND @involved_case(o)
WITH o, o.level AS previous
SET o.level = $level, o.levelReason = $reason, o.levelSetAt = datetime(),
  o.levelMeetingId = $meetingId
RETURN previous
