// One page of the plan actions the caller may see (visible_action: those on cases whose plan it sees, and those its agency owns), filtered, by due date then id, after the action (afterDue, afterId) when given, each as the caller may read it (action_shown).
// params: ownerAgencyId, status, dueBefore, afterDue, afterId, limit, agencyId, userId, classes
MATCH (action:PlanAction)
WHERE ($ownerAgencyId IS NULL OR action.ownerAgencyId = $ownerAgencyId)
  AND ($status IS NULL OR action.status = $status)
  AND ($dueBefore IS NULL OR action.dueOn < $dueBefore)
  AND ($afterId IS NULL OR action.dueOn > $afterDue OR (action.dueOn = $afterDue AND action.id > $afterId))
MATCH (offender:Person {id: action.offenderId})
WHERE offender:Offender AND @visible_action(action, offender)
WITH action, offender
ORDER BY action.dueOn, action.id
LIMIT $limit
WITH action, offender, @visible_case(offender) AS caseSeen
RETURN @action_shown(action, offender, caseSeen) AS shownAction
ORDER BY shownAction.dueOn, shownAction.id
