// REVIEW_OVERDUE: level 2 and 3 offenders past their review date with no SCHEDULED MAPPA meeting dated today or later that has the case on its agenda (scheduling one, a new review date or level 1 ends it).
// params: offenderIds
UNWIND $offenderIds AS offenderId
MATCH (o:Person:Offender {id: offenderId})
WHERE o.level IN ['LEVEL_2', 'LEVEL_3'] AND o.reviewDate < date()
  AND NOT EXISTS {
    (m:MappaMeeting)-[:HAS_AGENDA_ITEM]->(:AgendaItem)-[:CONSIDERS]->(o)
    WHERE m.status = 'SCHEDULED' AND m.date >= date()
  }
RETURN o.id AS offenderId, null AS counterpartId
