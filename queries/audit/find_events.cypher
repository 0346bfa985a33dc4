// Audit events matching an auditor's filter, newest first, one page after a sequence cursor.
// params: subjectId, userId, action, outcome, from, to, beforeSequence, limit
MATCH (e:AuditEvent)
WHERE e.sequence < $beforeSequence
  AND ($subjectId IS NULL OR $subjectId IN e.subjectIds)
  AND ($userId IS NULL OR e.userId = $userId)
  AND ($action IS NULL OR e.action = $action)
  AND ($outcome IS NULL OR e.outcome = $outcome)
  AND ($from IS NULL OR e.at >= datetime($from))
  AND ($to IS NULL OR e.at < datetime($to))
RETURN e {.*, at: toString(e.at)} AS event
ORDER BY e.sequence DESC
LIMIT $limit
