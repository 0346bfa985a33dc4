// A page of the MAPPA meetings the caller may see, by date then id after the cursor (afterDate, afterId), narrowed by the filter (each criterion null: any), as @meeting_shown.
// params: area, from, to, level, afterDate, afterId, limit, agencyId, userId, classes, police, fields, measureClasses, areaCoordinator
MATCH (meeting:MappaMeeting)
WHERE ($area IS NULL OR meeting.area = $area)
  AND ($from IS NULL OR meeting.date >= $from)
  AND ($to IS NULL OR meeting.date <= $to)
  AND ($level IS NULL OR meeting.level = $level)
  AND ($afterDate IS NULL OR meeting.date > $afterDate
       OR (meeting.date = $afterDate AND meeting.id > $afterId))
  AND @meeting_visible(meeting)
WITH meeting
ORDER BY meeting.date, meeting.id
LIMIT $limit
RETURN @meeting_shown(meeting) AS meeting
