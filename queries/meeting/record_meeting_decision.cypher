// Record a MAPPA meeting's decision on a case of its agenda (the level itself is set by case/set_mappa_level, the plan agreed by plan/agree_plan and the actions added by plan/add_plan_action, in the same transaction): on the agenda item, with the plan version agreed (AGREED) and the actions created (CREATED_ACTION), and the case's next review date; the meeting is HELD. No row when the meeting is cancelled, the case is not on its agenda or its decision was recorded already.
// params: meetingId, offenderId, userId, levelBefore, level, nextReviewDate, minutes, planId, actionIds
MATCH (meeting:MappaMeeting {id: $meetingId})-[:HAS_AGENDA_ITEM]->(item:AgendaItem)-[:CONSIDERS]->(considered:Person {id: $offenderId})
WHERE meeting.status <> 'CANCELLED' AND item.decidedAt IS NULL
SET item.decidedAt = datetime(), item.decidedBy = $userId, item.levelBefore = $levelBefore,
  item.level = $level, item.nextReviewDate = $nextReviewDate, item.minutes = $minutes,
  considered.reviewDate = $nextReviewDate, meeting.status = 'HELD'
WITH meeting, item
CALL (item) {
  MATCH (agreed:RiskManagementPlan {id: $planId})
  CREATE (item)-[:AGREED]->(agreed)
}
CALL (item) {
  UNWIND $actionIds AS actionId
  MATCH (created:PlanAction {id: actionId})
  CREATE (item)-[:CREATED_ACTION]->(created)
}
RETURN meeting.status AS status
