// A MAPPA meeting as a write reads it before deciding: its status, date and area, the agencies invited, the cases on its agenda and those decided, whether the caller may see it (@meeting_visible) and whether the caller's agency is in its area; no row when there is no such meeting.
// params: meetingId, agencyId, classes, areaCoordinator
MATCH (meeting:MappaMeeting {id: $meetingId})
OPTIONAL MATCH (callersAgency:Agency {id: $agencyId})
RETURN meeting.id AS id, meeting.status AS status, meeting.date AS date, meeting.area AS area,
  @meeting_visible(meeting) AS visible,
  coalesce(callersAgency.area = meeting.area, false) AS inArea,
  [(invited:Agency)-[:INVITED_TO]->(meeting) | invited.id] AS invited,
  [(meeting)-[:HAS_AGENDA_ITEM]->(:AgendaItem)-[:CONSIDERS]->(considered) | considered.id] AS agenda,
  [(meeting)-[:HAS_AGENDA_ITEM]->(decided:AgendaItem)-[:CONSIDERS]->(decidedCase)
   WHERE decided.decidedAt IS NOT NULL | decidedCase.id] AS decided
