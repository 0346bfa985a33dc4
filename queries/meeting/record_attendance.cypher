// Record which invited agencies attended a MAPPA meeting that is not cancelled (every other invited agency did not); the meeting is HELD.
// params: meetingId, agencyIds
MATCH (meeting:MappaMeeting {id: $meetingId})
WHERE meeting.status <> 'CANCELLED'
SET meeting.status = 'HELD'
WITH meeting
CALL (meeting) {
  MATCH (invited:Agency)-[invitation:INVITED_TO]->(meeting)
  SET invitation.attended = invited.id IN $agencyIds
}
RETURN meeting.status AS status
