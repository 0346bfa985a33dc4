// Create MAPPA meetings from seed rows, each chaired by an existing MAPPA coordinator, with the agencies invited (and, once held, whether each attended) and its agenda: one item per case, with the decision on a meeting held (the plan version agreed, the actions created).
// params: rows
UNWIND $rows AS r
MATCH (chair:CaseOfficer {id: r.chairId})
CREATE (meeting:MappaMeeting {
  id: r.id, level: r.level, area: r.area, date: date(r.date), status: r.status,
  createdAt: datetime(r.createdAt), createdBy: r.createdBy
})-[:CHAIRED_BY]->(chair)
WITH meeting, r
CALL (meeting, r) {
  UNWIND r.invitations AS i
  MATCH (agency:Agency {id: i.agencyId})
  CREATE (agency)-[:INVITED_TO {
    invitedAt: datetime(i.invitedAt), invitedBy: i.invitedBy, attended: i.attended
  }]->(meeting)
}
CALL (meeting, r) {
  UNWIND r.agenda AS item
  MATCH (o:Person:Offender {id: item.offenderId})
  CREATE (meeting)-[:HAS_AGENDA_ITEM]->(agendaItem:AgendaItem {
    id: item.id, meetingId: meeting.id, offenderId: o.id, position: item.position,
    addedAt: datetime(item.addedAt), decidedAt: datetime(item.decidedAt),
    decidedBy: item.decidedBy, levelBefore: item.levelBefore, level: item.level,
    nextReviewDate: date(item.nextReviewDate), minutes: item.minutes
  })-[:CONSIDERS]->(o)
  WITH agendaItem, item
  CALL (agendaItem, item) {
    UNWIND item.agreedPlanIds AS planId
    MATCH (plan:RiskManagementPlan {id: planId})
    CREATE (agendaItem)-[:AGREED]->(plan)
  }
  CALL (agendaItem, item) {
    UNWIND item.createdActionIds AS actionId
    MATCH (action:PlanAction {id: actionId})
    CREATE (agendaItem)-[:CREATED_ACTION]->(action)
  }
}
