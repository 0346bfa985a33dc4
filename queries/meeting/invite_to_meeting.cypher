// Invite agencies to a MAPPA meeting that is not cancelled: an agency invited already keeps its invitation as it was.
// params: meetingId, agencyIds, userId
MATCH (meeting:MappaMeeting {id: $meetingId})
WHERE meeting.status <> 'CANCELLED'
CALL (meeting) {
  UNWIND $agencyIds AS invitedId
  MATCH (invited:Agency {id: invitedId})
  MERGE (invited)-[invitation:INVITED_TO]->(meeting)
  ON CREATE SET invitation.invitedAt = datetime(), invitation.invitedBy = $userId
}
RETURN meeting.status AS status
