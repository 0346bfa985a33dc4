// The MAPPA_MEETING involvements of a meeting that is not cancelled (docs/plans-design.md section 2): each invited agency is involved in each case on its agenda from today until the meeting's date plus meetingInvolvementDays. An agency with an open involvement of another basis keeps it untouched; an open MAPPA_MEETING one is extended to the later end (one open INVOLVED_IN per agency and case); none is written when that end has passed. Idempotent: every write to the invitations or the agenda runs it.
// params: meetingId, meetingInvolvementDays
MATCH (meeting:MappaMeeting {id: $meetingId})
WHERE meeting.status <> 'CANCELLED'
WITH meeting, meeting.date + duration({days: $meetingInvolvementDays}) AS until
WHERE until > date()
MATCH (invited:Agency)-[:INVITED_TO]->(meeting)-[:HAS_AGENDA_ITEM]->(:AgendaItem)-[:CONSIDERS]->(considered)
CALL (invited, considered, meeting, until) {
  OPTIONAL MATCH (invited)-[open:INVOLVED_IN]->(considered)
  WHERE @open_involvement(open)
  WITH invited, considered, meeting, until, collect(open) AS opens
  FOREACH (extended IN [o IN opens WHERE o.basis = 'MAPPA_MEETING' AND o.until < until] |
    SET extended.until = until, extended.meetingId = meeting.id)
  FOREACH (absent IN CASE WHEN opens = [] THEN [1] ELSE [] END |
    CREATE (invited)-[:INVOLVED_IN {
      basis: 'MAPPA_MEETING', meetingId: meeting.id, since: date(), until: until,
      agencyId: invited.id, offenderId: considered.id
    }]->(considered)
  )
  FOREACH (keyed IN @keyed_people(considered) | SET keyed.searchKeys = @search_keys(keyed))
}
RETURN count(*) AS pairs
