// One MAPPA meeting the caller may see, by id (@meeting_shown); no row when there is none or the caller may not see it.
// params: meetingId, agencyId, userId, classes, police, fields, measureClasses, areaCoordinator
MATCH (meeting:MappaMeeting {id: $meetingId})
WHERE @meeting_visible(meeting)
RETURN @meeting_shown(meeting) AS meeting
