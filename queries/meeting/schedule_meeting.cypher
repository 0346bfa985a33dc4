// A new MAPPA meeting, SCHEDULED, chaired by chairId, with its invitations and its agenda (one AgendaItem per case, in the order given, with the ids given); the ids and the cases were checked by the service.
// params: meetingId, level, area, date, chairId, userId, invitedAgencyIds, offenderIds, itemIds
MATCH (chair:CaseOfficer {id: $chairId})
CREATE (meeting:MappaMeeting {
  id: $meetingId, level: $level, area: $area, date: $date, status: 'SCHEDULED',
  createdAt: datetime(), createdBy: $userId
})-[:CHAIRED_BY]->(chair)
WITH meeting
CALL (meeting) {
  UNWIND $invitedAgencyIds AS invitedId
  MATCH (invited:Agency {id: invitedId})
  CREATE (invited)-[:INVITED_TO {invitedAt: datetime(), invitedBy: $userId}]->(meeting)
}
CALL (meeting) {
  UNWIND range(0, size($offenderIds) - 1) AS position
  MATCH (considered:Person {id: $offenderIds[position]})
  WHERE considered:Offender
  CREATE (meeting)-[:HAS_AGENDA_ITEM]->(:AgendaItem {
    id: $itemIds[position], meetingId: meeting.id, offenderId: considered.id,
    position: position + 1, addedAt: datetime()
  })-[:CONSIDERS]->(considered)
}
RETURN meeting.status AS status
