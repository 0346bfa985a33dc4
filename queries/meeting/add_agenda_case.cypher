// Put a case on the agenda of a MAPPA meeting that is not cancelled, last; no row when the meeting is cancelled or the case is on its agenda already.
// params: meetingId, offenderId, itemId
MATCH (meeting:MappaMeeting {id: $meetingId})
WHERE meeting.status <> 'CANCELLED'
MATCH (considered:Person {id: $offenderId})
WHERE considered:Offender
  AND NOT EXISTS { (meeting)-[:HAS_AGENDA_ITEM]->(:AgendaItem)-[:CONSIDERS]->(considered) }
WITH meeting, considered, COUNT { (meeting)-[:HAS_AGENDA_ITEM]->(:AgendaItem) } AS items
CREATE (meeting)-[:HAS_AGENDA_ITEM]->(:AgendaItem {
  id: $itemId, meetingId: meeting.id, offenderId: considered.id, position: items + 1,
  addedAt: datetime()
})-[:CONSIDERS]->(considered)
RETURN meeting.status AS status
