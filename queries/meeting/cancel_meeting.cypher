// Cancel a MAPPA meeting that is SCHEDULED, with the reason: the open MAPPA_MEETING involvements that name it end today, unless another meeting not cancelled still invites the agency to the case, which then keeps it until that meeting's end and is named instead. No row when the meeting is not SCHEDULED.
// params: meetingId, userId, reason, meetingInvolvementDays
MATCH (meeting:MappaMeeting {id: $meetingId})
WHERE meeting.status = 'SCHEDULED'
SET meeting.status = 'CANCELLED', meeting.cancelledReason = $reason,
  meeting.cancelledAt = datetime(), meeting.cancelledBy = $userId
WITH meeting
CALL (meeting) {
  MATCH (invited:Agency)-[given:INVOLVED_IN {basis: 'MAPPA_MEETING', meetingId: meeting.id}]->(considered)
  WHERE @open_involvement(given)
  WITH meeting, invited, given, considered, head(COLLECT {
    MATCH (invited)-[:INVITED_TO]->(other:MappaMeeting)-[:HAS_AGENDA_ITEM]->(:AgendaItem)-[:CONSIDERS]->(considered)
    WHERE other <> meeting AND other.status <> 'CANCELLED'
      AND other.date + duration({days: $meetingInvolvementDays}) > date()
    RETURN other
    ORDER BY other.date DESC
    LIMIT 1
  }) AS standing
  SET given.until = CASE WHEN standing IS NULL THEN date()
                         ELSE standing.date + duration({days: $meetingInvolvementDays}) END,
    given.meetingId = coalesce(standing.id, meeting.id)
  FOREACH (keyed IN @keyed_people(considered) | SET keyed.searchKeys = @search_keys(keyed))
}
RETURN meeting.status AS status
